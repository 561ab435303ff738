import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Rate, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ZCaseStatsRow } from '../../../../../common/cases';
import { describeError } from '../../../../lib/i18n/describeError';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { DayRangeFilter } from '../../form-stats/components/DayRangeFilter';
import { lastDays, type DayRange } from '../../form-stats/utils/dayRange';
import { useCaseStats } from '../hooks/useCaseStats';
import { useExport } from '../hooks/useExport';
import { formatHours, formatRate } from '../utils/caseDisplay';

type Row = z.infer<typeof ZCaseStatsRow>;

/** 统计: per child area of the chosen area, opened, closed, average hours to close, overdue rate and satisfaction; exportable. */
export function StatsTab() {
  const { t } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const [area, setArea] = useState<number | undefined>();
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  const stats = useCaseStats(area, range.from, range.to);
  const exporter = useExport();

  const columns: TableProps<Row>['columns'] = [
    {
      key: 'area',
      title: t('stats.area'),
      render: (_, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setArea(r.areaId)} data-testid="stats-drill">
          {r.areaName}
        </Button>
      ),
    },
    { key: 'opened', title: t('stats.opened'), dataIndex: 'opened', align: 'right' },
    { key: 'closed', title: t('stats.closed'), dataIndex: 'closed', align: 'right' },
    { key: 'avg', title: t('stats.avgHours'), align: 'right', render: (_, r) => formatHours(r.avgHoursToClose) || '—' },
    { key: 'overdueRate', title: t('stats.overdueRate'), align: 'right', render: (_, r) => <Typography.Text type={r.overdueRate ? 'danger' : undefined}>{formatRate(r.overdueRate) || '—'}</Typography.Text> },
    {
      key: 'satisfaction',
      title: t('stats.satisfaction'),
      render: (_, r) =>
        r.satisfaction === null ? (
          '—'
        ) : (
          <span>
            <Rate disabled allowHalf value={Math.round(r.satisfaction * 2) / 2} style={{ fontSize: 12 }} /> {r.satisfaction.toFixed(1)} <Typography.Text type="secondary">{t('stats.ratings', { count: r.ratings })}</Typography.Text>
          </span>
        ),
    },
  ];
  const total = stats.data?.total;

  return (
    <>
      <div className="registry-filters">
        <AreaTreeSelect className="registry-filters__area" value={area} onChange={(id) => setArea(id)} placeholder={t('list.areaAll')} data-testid="stats-area" />
        <DayRangeFilter value={range} onChange={setRange} />
        <Button icon={<DownloadOutlined />} loading={exporter.busy} onClick={() => exporter.run('/api/cases/stats/export', { area, from: range.from, to: range.to }, 'case-stats.xlsx')} data-testid="stats-export">
          {t('stats.export')}
        </Button>
      </div>
      {stats.isError && <Alert type="error" showIcon title={describeError(tc, stats.error).title} description={describeError(tc, stats.error).detail} style={{ marginBottom: 16 }} />}
      <Table<Row>
        rowKey="areaId"
        size="small"
        columns={columns}
        dataSource={stats.data?.rows}
        loading={stats.isFetching}
        pagination={false}
        data-testid="case-stats"
        onRow={(r) => ({ 'data-testid': 'stats-row', 'data-area-id': r.areaId, 'data-opened': r.opened, 'data-closed': r.closed }) as React.HTMLAttributes<HTMLElement>}
        summary={() =>
          total && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('stats.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {total.opened}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {total.closed}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {formatHours(total.avgHoursToClose) || '—'}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {formatRate(total.overdueRate) || '—'}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5}>{total.satisfaction === null ? '—' : `${total.satisfaction.toFixed(1)}（${t('stats.ratings', { count: total.ratings })}）`}</Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
    </>
  );
}
