import { SwapOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Space, Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { THousehold } from '../../../../../common/registry';
import { ResidentTags } from './ResidentTags';

/** Households with head, member count and grid; actions to list the members and to move the household. */
export function HouseholdTable({
  households,
  loading,
  pagination,
  canWrite,
  onMembers,
  onMove,
}: {
  households: THousehold[] | undefined;
  loading: boolean;
  pagination: TableProps<THousehold>['pagination'];
  canWrite: boolean;
  onMembers: (household: THousehold) => void;
  onMove: (household: THousehold) => void;
}) {
  const { t } = useTranslation('admin');
  const columns: TableProps<THousehold>['columns'] = [
    { title: t('registry.field.address'), dataIndex: 'address', fixed: 'left', render: (address: string) => <strong className="registry-address">{address}</strong> },
    { title: t('registry.field.head'), dataIndex: 'headName', render: (name: string | null) => name ?? '—' },
    { title: t('registry.households.members'), dataIndex: 'memberCount', align: 'right' },
    { title: t('registry.field.phone'), dataIndex: 'phone', render: (phone: string | null) => (phone ? <span className="registry-number">{phone}</span> : '—') },
    { title: t('registry.field.grid'), dataIndex: 'gridName', render: (name: string | null) => <span className="registry-nowrap">{name ?? '—'}</span> },
    { title: t('registry.field.tags'), dataIndex: 'tags', render: (tags: string[]) => <ResidentTags tags={tags} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, h) => (
        <Space size={4} wrap={false}>
          <Button size="small" icon={<TeamOutlined />} onClick={() => onMembers(h)} data-testid="household-members">
            {t('registry.households.showMembers')}
          </Button>
          {canWrite && (
            <Button size="small" icon={<SwapOutlined />} onClick={() => onMove(h)} data-testid="household-move">
              {t('registry.households.move')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="households-table">
      <Table<THousehold>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={households}
        loading={loading}
        scroll={{ x: 'max-content' }}
        pagination={pagination}
        onRow={(h) => ({ 'data-testid': 'household-row', 'data-household-id': h.id }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t('registry.households.empty') }}
      />
    </div>
  );
}
