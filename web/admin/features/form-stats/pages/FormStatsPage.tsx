import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Select, Skeleton, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { describeError } from '../../../../lib/i18n/describeError';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { AreaDrillBreadcrumb } from '../components/AreaDrillBreadcrumb';
import { DayRangeFilter } from '../components/DayRangeFilter';
import { FormPageHeader } from '../components/FormPageHeader';
import { StatsTable } from '../components/StatsTable';
import { useDefaultFormArea } from '../hooks/useDefaultFormArea';
import { useFormDetail } from '../hooks/useFormDetail';
import { useFormStats } from '../hooks/useFormStats';
import { rangeFromParams, withParams } from '../utils/dayRange';
import { saveText, statsCsv } from '../utils/statsCsv';
import '../formStats.css';

// ECharts is large even trimmed to two chart types: its own chunk, fetched after the table shows.
const TrendChart = lazy(() => import('../components/TrendChart').then((m) => ({ default: m.TrendChart })));

/**
 * `/forms/:id/stats?area&from&to&field`: the statistics table of a form for an area node and a day
 * range (today for daily check-ins, the whole period otherwise), drilled down row by row, with the
 * trend per day below. Refreshes every 10 s while visible.
 */
export function FormStatsPage() {
  const { t, i18n } = useTranslation('formStats');
  const { t: tc } = useTranslation('common');
  const { message } = App.useApp();
  const formId = Number(useParams().id);
  const form = useFormDetail(formId);
  const [params, setParams] = useSearchParams();
  const defaultArea = useDefaultFormArea(form.data);
  const areaId = Number(params.get('area')) || defaultArea;
  const daily = form.data?.mode === 'daily';
  // Without a range in the URL the server picks it: today (in the deployment's time zone) for daily check-ins, the whole period otherwise.
  const range = rangeFromParams(params);
  const stats = useFormStats(formId, { area: areaId, from: range?.from, to: range?.to }, !!form.data && areaId !== undefined);
  const field = params.get('field') ?? '';

  const allColumns = useMemo(() => stats.data?.columns ?? [], [stats.data]);
  const shownColumns = field ? allColumns.filter((c) => c.field === field) : allColumns;
  const chartColumn = field ? allColumns.find((c) => c.field === field) : allColumns[0];

  const update = (changes: Record<string, string | undefined>) => setParams(withParams(params, changes), { replace: !('area' in changes) });
  const open = (id: number) => update({ area: String(id) });

  const exportCsv = () => {
    if (!stats.data) return;
    const text = statsCsv(stats.data, shownColumns, {
      area: t('stats.area'),
      submissions: t('stats.submissions'),
      expected: t('stats.expected'),
      coverage: t('stats.coverage'),
      alerts: t('stats.alerts'),
      total: t('stats.total'),
    });
    const name = `${form.data?.title ?? 'form'}-${stats.data.area.name}-${stats.data.from}_${stats.data.to}.csv`;
    saveText(text, name);
    void message.success(t('stats.exported', { name }));
  };

  if (form.isError) {
    return (
      <>
        <FormPageHeader form={undefined} active="stats" />
        <Alert type="error" showIcon title={describeError(tc, form.error).title} description={describeError(tc, form.error).detail} />
      </>
    );
  }

  return (
    <>
      <FormPageHeader
        form={form.data}
        active="stats"
        extra={
          <Button icon={<DownloadOutlined />} disabled={!stats.data} onClick={exportCsv} data-testid="stats-export">
            {t('stats.export')}
          </Button>
        }
      />
      <div className="registry-filters">
        <AreaTreeSelect className="registry-filters__area" value={areaId ?? null} onChange={(id) => id && open(id)} allowClear={false} data-testid="stats-area" />
        <DayRangeFilter
          value={range ?? (stats.data ? { from: stats.data.from, to: stats.data.to } : undefined)}
          onChange={(r) => update({ from: r.from, to: r.to })}
          onAll={daily ? undefined : () => update({ from: undefined, to: undefined })}
          allActive={!daily && !range}
        />
        {allColumns.length > 0 && (
          <Select
            style={{ minWidth: 180 }}
            value={field}
            onChange={(v: string) => update({ field: v || undefined })}
            options={[{ value: '', label: t('stats.allFields') }, ...allColumns.map((c) => ({ value: c.field, label: c.label }))]}
            aria-label={t('stats.field')}
            data-testid="stats-field"
          />
        )}
      </div>
      {form.data && areaId !== undefined && (
        <AreaDrillBreadcrumb areaId={areaId} topId={form.data.areaId} openableFromId={defaultArea ?? form.data.areaId} onOpen={open} />
      )}
      {stats.data && (
        <Typography.Paragraph type="secondary" className="form-stats-meta" data-testid="stats-period" data-from={stats.data.from} data-to={stats.data.to}>
          {t('stats.period', { from: stats.data.from, to: stats.data.to, days: stats.data.days })}
          {' · '}
          {t('stats.drillHint')}
          {' · '}
          {t('stats.updatedAt', { time: new Date(stats.dataUpdatedAt).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) })}
          {stats.data.columns.length === 0 && ` · ${t('stats.noFields')}`}
        </Typography.Paragraph>
      )}
      {form.data && !form.data.version ? (
        <Empty description={t('notPublished')} />
      ) : stats.isError ? (
        <Alert type="error" showIcon title={describeError(tc, stats.error).title} description={describeError(tc, stats.error).detail} />
      ) : (
        <>
          <StatsTable stats={stats.data} columns={shownColumns} daily={daily} loading={stats.isPending || (stats.isFetching && stats.isPlaceholderData)} onOpen={(row) => open(row.areaId)} />
          <Card className="form-stats-trend" size="small" title={t('stats.trend')} data-testid="stats-trend">
            {stats.data && stats.data.trend.some((d) => d.submissions > 0) ? (
              <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
                <TrendChart trend={stats.data.trend} column={chartColumn} />
              </Suspense>
            ) : stats.data ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.noTrend')} />
            ) : (
              <Skeleton active paragraph={{ rows: 6 }} />
            )}
          </Card>
        </>
      )}
    </>
  );
}
