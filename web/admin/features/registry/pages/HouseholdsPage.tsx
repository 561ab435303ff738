import { HomeOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { TArea } from '../../../../../common/areas';
import type { THousehold } from '../../../../../common/registry';
import { describeError } from '../../../../lib/i18n/describeError';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AddHouseholdModal } from '../components/AddHouseholdModal';
import { HouseholdTable } from '../components/HouseholdTable';
import { MoveHouseholdModal } from '../components/MoveHouseholdModal';
import { useHouseholds } from '../hooks/useHouseholds';
import { HOUSEHOLD_LEVELS } from '../utils/registryOptions';

const PAGE_SIZE = 20;

/** `/households`: households under an area with member counts; add one, move one, open its members. */
export function HouseholdsPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const canWrite = hasPermission(me, 'resident.write');
  const area = Number(params.get('area')) || null;
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [moving, setMoving] = useState<THousehold | null>(null);
  const households = useHouseholds({ area, q, page, pageSize: PAGE_SIZE });

  // The area filter doubles as the default place of a new household, when households can sit there.
  const [picked, setPicked] = useState<TArea | undefined>();
  const presetArea = picked && picked.id === area && (HOUSEHOLD_LEVELS as readonly string[]).includes(picked.level) ? area : undefined;

  const setArea = (id: number | undefined, areaPicked?: TArea) => {
    setPicked(areaPicked);
    setParams(id ? { area: String(id) } : {}, { replace: true });
    setPage(1);
  };

  return (
    <>
      <PageHeader
        title={t('registry.households.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<HomeOutlined />} onClick={() => setAdding(true)} data-testid="household-add">
              {t('registry.households.add')}
            </Button>
          )
        }
      />
      <div className="registry-filters">
        <AreaTreeSelect className="registry-filters__area" value={area} onChange={setArea} placeholder={t('registry.areaAll')} data-testid="households-area" />
        <Input
          className="registry-filters__search"
          prefix={<SearchOutlined />}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPage(1);
          }}
          placeholder={t('registry.households.search')}
          allowClear
          maxLength={64}
          data-testid="households-search"
        />
        {households.data && <Typography.Text type="secondary">{t('registry.households.total', { count: households.data.total })}</Typography.Text>}
      </div>
      {households.isError && <Alert type="error" showIcon title={describeError(tc, households.error).title} description={describeError(tc, households.error).detail} style={{ marginBottom: 16 }} />}
      <HouseholdTable
        households={households.data?.items}
        loading={households.isFetching}
        canWrite={canWrite}
        onMembers={(h) => navigate(`/residents?household=${h.id}`)}
        onMove={setMoving}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: households.data?.total ?? 0, showSizeChanger: false, onChange: setPage, size: 'small' }}
      />
      {canWrite && (
        <>
          <AddHouseholdModal open={adding} areaId={presetArea} onClose={() => setAdding(false)} onCreated={() => setAdding(false)} />
          <MoveHouseholdModal household={moving} onClose={() => setMoving(null)} />
        </>
      )}
    </>
  );
}
