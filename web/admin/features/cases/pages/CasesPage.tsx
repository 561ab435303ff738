import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../../shared/components/PageHeader';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AllCasesTab } from '../components/AllCasesTab';
import { MapTab } from '../components/MapTab';
import { MineTab } from '../components/MineTab';
import { StatsTab } from '../components/StatsTab';
import { SupervisionTab } from '../components/SupervisionTab';
import { useCaseSummary } from '../hooks/useCaseSummary';
import '../cases.css';

const TABS = ['mine', 'all', 'supervision', 'stats', 'map'] as const;
type Tab = (typeof TABS)[number];

/** `/cases`: my work, all cases, the supervision view, statistics per grid and the map, one tab each (`?tab=`). */
export function CasesPage() {
  const { t } = useTranslation('cases');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const summary = useCaseSummary();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'mine';
  const mine = summary.data?.mine;

  const render = (key: Tab) => {
    switch (key) {
      case 'mine':
        return <MineTab />;
      case 'all':
        return <AllCasesTab />;
      case 'supervision':
        return <SupervisionTab />;
      case 'stats':
        return <StatsTab />;
      case 'map':
        return <MapTab />;
    }
  };

  return (
    <>
      <PageHeader
        title={t('list.title')}
        extra={
          hasPermission(me, 'case.report') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')} data-testid="case-new">
              {t('list.new')}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(key) => setParams(new URLSearchParams({ tab: key }), { replace: true })}
        items={TABS.map((key) => ({
          key,
          label: (
            <span data-testid={`case-tab-${key}`}>
              {t(`tabs.${key}`)}
              {key === 'mine' && mine && mine.toDo + mine.toVerify > 0 && <Badge count={mine.toDo + mine.toVerify} size="small" offset={[6, -2]} color={mine.overdue ? '#cf1322' : undefined} />}
            </span>
          ),
          children: key === tab ? render(key) : null,
        }))}
      />
    </>
  );
}
