import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TStats } from '../../../../../common/forms';

// Only the parts drawn here: the chart chunk stays a fraction of the full ECharts bundle.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/**
 * Submissions and alerts per day as lines, and the option counts of one question as stacked bars.
 * Loaded lazily by the statistics page, so the table shows before the chart library arrives.
 */
export function TrendChart({ trend, column }: { trend: TStats['trend']; column: TStats['columns'][number] | undefined }) {
  const { t } = useTranslation('formStats');
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: trend.map((d) => d.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...(column?.options ?? []).map((o) => ({
          name: `${o.label}${t('stats.trendField', { label: column!.label })}`,
          type: 'bar',
          stack: 'options',
          barMaxWidth: 32,
          emphasis: { focus: 'series' },
          data: trend.map((d) => d.options[column!.field]?.[o.value] ?? 0),
        })),
        { name: t('stats.trendSubmissions'), type: 'line', data: trend.map((d) => d.submissions), symbolSize: 6, z: 3, itemStyle: { color: '#1677ff' } },
        { name: t('stats.trendAlerts'), type: 'line', data: trend.map((d) => d.alerts), symbolSize: 6, z: 3, itemStyle: { color: '#ff4d4f' } },
      ],
    }),
    [trend, column, t],
  );
  return (
    <div data-testid="trend-chart" data-days={trend.length}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge lazyUpdate style={{ height: 320, width: '100%' }} />
    </div>
  );
}
