import { Alert, Empty, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TRosterGrid } from '../../../../../common/users';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AreaSelect } from '../../areas/components/AreaSelect';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AssignModal } from '../components/AssignModal';
import { AssignmentHistoryDrawer } from '../components/AssignmentHistoryDrawer';
import { RosterTable } from '../components/RosterTable';
import { useDefaultRosterArea } from '../hooks/useDefaultRosterArea';
import { useRoster } from '../hooks/useRoster';

const PAGE_SIZE = 50;

/** `/roster`: grids under an area with their people, gaps in red, assign and end assignments, history per grid. */
export function RosterPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const canWrite = hasPermission(me, 'roster.write');
  const fallback = useDefaultRosterArea();
  const areaParam = Number(params.get('area')) || null;
  const areaId = areaParam ?? fallback?.id ?? null;
  const gapsOnly = params.get('gaps') === '1';
  const [page, setPage] = useState(1);
  const [assigning, setAssigning] = useState<TRosterGrid | null>(null);
  const [historyOf, setHistoryOf] = useState<TRosterGrid | null>(null);
  const roster = useRoster({ area: areaId, gapsOnly, page, pageSize: PAGE_SIZE });

  const update = (next: { area?: number | null; gaps?: boolean }) => {
    const area = next.area === undefined ? areaId : next.area;
    const gaps = next.gaps ?? gapsOnly;
    const search: Record<string, string> = {};
    if (area) search.area = String(area);
    if (gaps) search.gaps = '1';
    setParams(search, { replace: true });
    setPage(1);
  };

  return (
    <>
      <PageHeader title={t('roster.title')} />
      <div className="roster-filters">
        <AreaSelect
          className="roster-filters__area"
          value={areaId}
          valueLabel={areaId === fallback?.id ? fallback?.name : undefined}
          onChange={(id) => update({ area: id ?? null })}
          allowClear={false}
          data-testid="roster-area"
        />
        <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
          <Switch checked={gapsOnly} onChange={(checked) => update({ gaps: checked })} data-testid="roster-gaps-only" />
          {t('roster.gapsOnly')}
        </label>
        {roster.data && (
          <Typography.Text type="secondary" data-testid="roster-summary">
            {t('roster.summary', { total: roster.data.total, gaps: roster.data.gaps })}
          </Typography.Text>
        )}
      </div>
      {areaId === null ? (
        fallback === undefined ? null : <Empty description={t('roster.noArea')} />
      ) : roster.isError ? (
        <Alert type="error" showIcon title={describeError(tc, roster.error).title} />
      ) : (
        <RosterTable
          grids={roster.data?.items}
          loading={roster.isFetching}
          canWrite={canWrite}
          onAssign={setAssigning}
          onHistory={setHistoryOf}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: roster.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { count: total }),
            onChange: setPage,
          }}
        />
      )}
      <AssignModal grid={assigning} onClose={() => setAssigning(null)} />
      <AssignmentHistoryDrawer grid={historyOf} onClose={() => setHistoryOf(null)} />
    </>
  );
}
