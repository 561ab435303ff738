import { RightOutlined } from '@ant-design/icons';
import { Table, Tag, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TOverview } from '../../../../../common/registry';
import { LevelTag } from '../../areas/components/LevelTag';
import { orderTags } from '../utils/orderTags';

type OverviewRow = TOverview['rows'][number];

/**
 * One row per child area with households, residents, 户籍/常住/流动 and a column per tag, and a total
 * row; clicking a row (that has areas below it) drills down. Grid rows name their grid workers.
 */
export function OverviewTable({ overview, loading, onOpen }: { overview: TOverview | undefined; loading: boolean; onOpen: (row: OverviewRow) => void }) {
  const { t } = useTranslation('admin');
  const rows = overview?.rows ?? [];
  const tags = orderTags([...rows.flatMap((r) => Object.keys(r.tags)), ...Object.keys(overview?.total.tags ?? {})]);
  const canOpen = (row: OverviewRow) => row.level !== 'unit';
  const num = (n: number | undefined) => (n ? n.toLocaleString() : <span className="registry-muted">0</span>);

  const columns: TableProps<OverviewRow>['columns'] = [
    {
      title: t('registry.overview.name'),
      key: 'name',
      fixed: 'left',
      render: (_, row) => (
        <span className="registry-overview-name">
          <span className="registry-nowrap">{row.name}</span>
          <LevelTag level={row.level} className="area-node__level" />
          {canOpen(row) && <RightOutlined className="registry-muted" />}
        </span>
      ),
    },
    { title: t('registry.overview.households'), dataIndex: 'households', align: 'right', render: num },
    { title: t('registry.overview.residents'), dataIndex: 'residents', align: 'right', render: num },
    { title: t('registry.residenceType.registered'), dataIndex: 'registered', align: 'right', render: num },
    { title: t('registry.residenceType.resident'), dataIndex: 'resident', align: 'right', render: num },
    { title: t('registry.residenceType.migrant'), dataIndex: 'migrant', align: 'right', render: num },
    ...tags.map((tag) => ({ title: tag, key: `tag:${tag}`, align: 'right' as const, render: (_: unknown, row: OverviewRow) => num(row.tags[tag]) })),
  ];
  if (rows.some((r) => r.level === 'grid')) {
    columns.push({
      title: t('registry.overview.gridWorkers'),
      key: 'gridWorkers',
      render: (_, row) =>
        row.level !== 'grid' ? null : row.gridWorkers.length ? (
          <span className="registry-nowrap" data-testid="overview-grid-workers">
            {row.gridWorkers.join('、')}
          </span>
        ) : (
          <Tag color="red">{t('registry.overview.noWorker')}</Tag>
        ),
    });
  }

  const total = overview?.total;
  return (
    <div data-testid="overview-table">
      <Table<OverviewRow>
        rowKey="areaId"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('registry.overview.noChildren') }}
        rowClassName={(row) => (canOpen(row) ? 'registry-row--clickable' : '')}
        onRow={(row) =>
          ({
            'data-testid': 'overview-row',
            'data-area-id': row.areaId,
            onClick: canOpen(row) ? () => onOpen(row) : undefined,
          }) as React.HTMLAttributes<HTMLElement>
        }
        summary={() =>
          total && rows.length > 0 ? (
            <Table.Summary fixed="bottom">
              <Table.Summary.Row className="registry-overview-total" data-testid="overview-total">
                <Table.Summary.Cell index={0}>
                  <strong>{t('registry.overview.total')}</strong>
                </Table.Summary.Cell>
                {[total.households, total.residents, total.registered, total.resident, total.migrant, ...tags.map((tag) => total.tags[tag] ?? 0)].map((n, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align="right">
                    <strong>{n.toLocaleString()}</strong>
                  </Table.Summary.Cell>
                ))}
                {rows.some((r) => r.level === 'grid') && <Table.Summary.Cell index={6 + tags.length} />}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </div>
  );
}
