import { Alert, Checkbox, Empty, Select, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type CaseStatus } from '../../../../../common/case-workflow';
import { describeError } from '../../../../lib/i18n/describeError';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useAreaDetail } from '../../areas/hooks/useAreaDetail';
import { useCaseMap } from '../hooks/useCaseMap';

// The chart library loads only when the map tab is opened.
const CaseMapChart = lazy(() => import('./CaseMapChart').then((m) => ({ default: m.CaseMapChart })));

/** 地图: cases with a location, coloured by status, overdue ones ringed; the chosen area's outline when it has one. */
export function MapTab() {
  const { t } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const [area, setArea] = useState<number | undefined>();
  const [status, setStatus] = useState<CaseStatus | undefined>();
  const [openOnly, setOpenOnly] = useState(true);
  const map = useCaseMap(area, status, openOnly);
  const areaDetail = useAreaDetail(area ?? null);
  const points = map.data ?? [];

  return (
    <>
      <div className="registry-filters">
        <AreaTreeSelect className="registry-filters__area" value={area} onChange={(id) => setArea(id)} placeholder={t('list.areaAll')} data-testid="map-area" />
        <Select<CaseStatus> allowClear style={{ width: 130 }} value={status} placeholder={t('list.statusAll')} onChange={setStatus} options={CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} data-testid="map-status" />
        <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} data-testid="map-open">
          {t('map.openOnly')}
        </Checkbox>
        <Typography.Text type="secondary">
          {t('map.points', { count: points.length })} · {t('map.legendOverdue')}
        </Typography.Text>
      </div>
      {map.isError && <Alert type="error" showIcon title={describeError(tc, map.error).title} style={{ marginBottom: 16 }} />}
      {map.isLoading ? (
        <Spin />
      ) : points.length === 0 ? (
        <Empty description={t('map.noPoints')} data-testid="case-map-empty" />
      ) : (
        <Suspense fallback={<Spin />}>
          <CaseMapChart points={points} geo={area ? areaDetail.data?.geo : null} />
        </Suspense>
      )}
    </>
  );
}
