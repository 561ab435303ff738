import { HistoryOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TRosterGrid } from '../../../../../common/users';
import { RosterPersonTag } from './RosterPersonTag';

/** Grids with their people; a grid nobody holds is a red "空缺" row. */
export function RosterTable({
  grids,
  loading,
  canWrite,
  pagination,
  onAssign,
  onHistory,
}: {
  grids: TRosterGrid[] | undefined;
  loading: boolean;
  canWrite: boolean;
  pagination: TableProps<TRosterGrid>['pagination'];
  onAssign: (grid: TRosterGrid) => void;
  onHistory: (grid: TRosterGrid) => void;
}) {
  const { t } = useTranslation('admin');

  const columns: TableProps<TRosterGrid>['columns'] = [
    {
      title: t('roster.grid'),
      key: 'grid',
      fixed: 'left',
      render: (_, grid) => (
        <div style={{ minWidth: 100 }}>
          <div>
            <strong>{grid.name}</strong>
          </div>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{grid.code}</div>
        </div>
      ),
    },
    { title: t('roster.parent'), dataIndex: 'parentName', render: (name: string | null) => name ?? '—' },
    {
      title: t('roster.people'),
      key: 'people',
      render: (_, grid) => (
        <div className="roster-people">
          {grid.people.map((person) => (
            <RosterPersonTag key={person.assignmentId} person={person} canEnd={canWrite} />
          ))}
        </div>
      ),
    },
    {
      title: t('roster.status'),
      key: 'status',
      render: (_, grid) =>
        grid.gap ? (
          <Tag color="red" data-testid="gap-tag">
            {t('roster.gap')}
          </Tag>
        ) : (
          <Tag color="green">{t('roster.staffed')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, grid) => (
        <Space wrap size={4}>
          {canWrite && (
            <Button size="small" type="primary" ghost icon={<UserAddOutlined />} onClick={() => onAssign(grid)} data-testid="assign-button" data-area-id={grid.areaId}>
              {t('roster.assign')}
            </Button>
          )}
          <Button size="small" icon={<HistoryOutlined />} onClick={() => onHistory(grid)} data-testid="history-button" data-area-id={grid.areaId}>
            {t('roster.history')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="roster-table">
      <Table<TRosterGrid>
        rowKey="areaId"
        columns={columns}
        dataSource={grids}
        loading={loading}
        scroll={{ x: 'max-content' }}
        size="middle"
        rowClassName={(grid) => (grid.gap ? 'roster-row-gap' : '')}
        onRow={(grid) => ({ 'data-testid': 'roster-row', 'data-area-id': grid.areaId, 'data-gap': grid.gap ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
        pagination={pagination}
      />
    </div>
  );
}
