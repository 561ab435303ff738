import { RightOutlined } from '@ant-design/icons';
import { Table, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TStats } from '../../../../../common/forms';
import { LevelTag } from '../../areas/components/LevelTag';
import { CoverageBar } from './CoverageBar';

type StatsRow = TStats['rows'][number];

/**
 * One row per child area: submissions, expected reporters, coverage, alerts, then a column group per
 * counted question with a column per option; the total row at the bottom. Rows with areas below open them.
 */
export function StatsTable({ stats, columns, daily, loading, onOpen }: { stats: TStats | undefined; columns: TStats['columns']; daily: boolean; loading: boolean; onOpen: (row: StatsRow) => void }) {
  const { t } = useTranslation('formStats');
  const rows = stats?.rows ?? [];
  const num = (n: number | undefined) => (n ? n.toLocaleString() : <span className="registry-muted">0</span>);

  const tableColumns: TableColumnsType<StatsRow> = [
    {
      title: t('stats.area'),
      key: 'area',
      fixed: 'left',
      render: (_, row) => (
        <span className="registry-overview-name">
          <span className="registry-nowrap">{row.areaName}</span>
          <LevelTag level={row.areaLevel} className="area-node__level" />
          {row.hasChildren && <RightOutlined className="registry-muted" />}
        </span>
      ),
    },
    { title: t('stats.submissions'), dataIndex: 'submissions', align: 'right', render: num },
    { title: t('stats.expected'), dataIndex: 'expected', align: 'right', render: num },
    {
      title: <Tooltip title={daily ? t('stats.coverageHelpDaily') : t('stats.coverageHelp')}>{t('stats.coverage')}</Tooltip>,
      key: 'coverage',
      width: 160,
      render: (_, row) => <CoverageBar coverage={row.coverage} />,
    },
    { title: t('stats.alerts'), dataIndex: 'alerts', align: 'right', render: (n: number) => (n ? <span className="form-stats-alerts">{n}</span> : num(n)) },
    ...columns.map((c) => ({
      title: c.label,
      key: `field:${c.field}`,
      children: c.options.map((o) => ({
        title: o.label,
        key: `option:${c.field}:${o.value}`,
        align: 'right' as const,
        render: (_: unknown, row: StatsRow) => <span data-testid="option-count" data-field={c.field} data-option={o.value}>{num(row.options[c.field]?.[o.value])}</span>,
      })),
    })),
  ];

  const total = stats?.total;
  const totalCells: React.ReactNode[] = total
    ? [
        total.submissions.toLocaleString(),
        total.expected.toLocaleString(),
        <CoverageBar key="coverage" coverage={total.coverage} />,
        total.alerts.toLocaleString(),
        ...columns.flatMap((c) => c.options.map((o) => (total.options[c.field]?.[o.value] ?? 0).toLocaleString())),
      ]
    : [];

  return (
    <div data-testid="stats-table">
      <Table<StatsRow>
        rowKey="areaId"
        size="middle"
        bordered={columns.length > 0}
        columns={tableColumns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('stats.noChildren') }}
        rowClassName={(row) => (row.hasChildren ? 'registry-row--clickable' : '')}
        onRow={(row) =>
          ({
            'data-testid': 'stats-row',
            'data-area-id': row.areaId,
            'data-area-name': row.areaName,
            'data-submissions': row.submissions,
            'data-expected': row.expected,
            'data-alerts': row.alerts,
            onClick: row.hasChildren ? () => onOpen(row) : undefined,
          }) as React.HTMLAttributes<HTMLElement>
        }
        summary={() =>
          total ? (
            <Table.Summary fixed="bottom">
              <Table.Summary.Row className="registry-overview-total" data-testid="stats-total" data-submissions={total.submissions} data-expected={total.expected} data-alerts={total.alerts}>
                <Table.Summary.Cell index={0}>
                  <strong>{t('stats.total')}</strong>
                </Table.Summary.Cell>
                {totalCells.map((content, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align={i === 2 ? 'left' : 'right'}>
                    <strong>{content}</strong>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </div>
  );
}
