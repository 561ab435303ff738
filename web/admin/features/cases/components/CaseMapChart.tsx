import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CASE_STATUSES } from '../../../../../common/case-workflow';
import type { CaseMapPoint } from '../hooks/useCaseMap';
import { CASE_STATUS_HEX } from '../utils/caseDisplay';
import { boundsOf, outlineRings, type Bounds } from '../utils/mapGeometry';

// Only the parts drawn here: scatter points, outline lines, axes and tooltips.
echarts.use([ScatterChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Cases with a location as points on a plain longitude/latitude plane (no map tiles offline),
 * spanning the area's outline when it has one: one series per status, overdue cases ringed in red.
 * Clicking a point (or the link in its tooltip) opens the case.
 */
export function CaseMapChart({ points, geo }: { points: CaseMapPoint[]; geo: unknown }) {
  const { t } = useTranslation('cases');
  const navigate = useNavigate();
  const option = useMemo(() => {
    const rings = outlineRings(geo);
    const bounds: Bounds | null = boundsOf([...points.map((p) => [p.lng, p.lat] as [number, number]), ...rings.flat()]);
    const statuses = CASE_STATUSES.filter((s) => points.some((p) => p.status === s));
    return {
      animation: false,
      legend: { top: 0, type: 'scroll', data: statuses.map((s) => t(`status.${s}`)) },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'item',
        enterable: true,
        formatter: (p: { data?: { point?: CaseMapPoint } }) => {
          const point = p.data?.point;
          if (!point) return '';
          return `<div data-testid="map-tooltip"><b>${escapeHtml(point.reference)}</b> ${escapeHtml(t(`status.${point.status}`))}${point.overdue ? ` <span style="color:#cf1322">${escapeHtml(t('map.overdue'))}</span>` : ''}<br/>${escapeHtml(point.title)}<br/><a href="/cases/${point.id}">${escapeHtml(t('map.open'))}</a></div>`;
        },
      },
      xAxis: { type: 'value', name: t('map.lng'), scale: true, min: bounds?.minX, max: bounds?.maxX, axisLabel: { formatter: (v: number) => v.toFixed(3) }, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'value', name: t('map.lat'), scale: true, min: bounds?.minY, max: bounds?.maxY, axisLabel: { formatter: (v: number) => v.toFixed(3) }, splitLine: { lineStyle: { type: 'dashed' } } },
      series: [
        ...rings.map((ring, i) => ({ id: `outline-${i}`, type: 'line', data: ring, showSymbol: false, silent: true, lineStyle: { color: '#8c8c8c', width: 1 }, tooltip: { show: false } })),
        ...statuses.map((s) => ({
          name: t(`status.${s}`),
          type: 'scatter',
          symbolSize: 10,
          itemStyle: { color: CASE_STATUS_HEX[s] },
          data: points
            .filter((p) => p.status === s)
            .map((p) => ({ value: [p.lng, p.lat], point: p, itemStyle: p.overdue ? { borderColor: '#cf1322', borderWidth: 3 } : undefined, symbolSize: p.overdue ? 14 : 10 })),
        })),
      ],
    };
  }, [points, geo, t]);

  return (
    <div data-testid="case-map" data-points={points.length}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        style={{ height: 520, width: '100%' }}
        onEvents={{
          click: (p: { data?: { point?: CaseMapPoint } }) => {
            if (p.data?.point) navigate(`/cases/${p.data.point.id}`);
          },
        }}
      />
    </div>
  );
}
