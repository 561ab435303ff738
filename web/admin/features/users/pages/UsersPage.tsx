import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../../../../common/users';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { PageHeader } from '../../../shared/components/PageHeader';
import { UserCreateModal } from '../components/UserCreateModal';
import { UserEditModal } from '../components/UserEditModal';
import { UserStatusTags } from '../components/UserStatusTags';
import { useUsers } from '../hooks/useUsers';

const PAGE_SIZE = 50;

/** `/users`: search, page, create and edit accounts; locked accounts are marked and can be unlocked. */
export function UsersPage() {
  const { t, i18n } = useTranslation('admin');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<TUser | null>(null);
  const users = useUsers({ q, page, pageSize: PAGE_SIZE });

  const columns: TableProps<TUser>['columns'] = [
    { title: t('users.username'), dataIndex: 'username', fixed: 'left' },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.phone'), dataIndex: 'phone', render: (phone: string | null) => phone ?? '—' },
    {
      title: t('users.showPhoneShort'),
      dataIndex: 'showPhone',
      render: (show: boolean) => (show ? <Tag color="blue">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    { title: t('users.status'), key: 'status', render: (_, user) => <UserStatusTags user={user} /> },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', render: (at: string | null) => (at ? formatDateTime(at, i18n.language) : t('users.never')) },
    { title: t('users.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at, i18n.language) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(user)} data-testid="user-edit" data-user-id={user.id}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
            {t('users.create')}
          </Button>
        }
      />
      <Input.Search
        placeholder={t('users.search')}
        allowClear
        enterButton
        onSearch={(value) => {
          setQ(value);
          setPage(1);
        }}
        style={{ maxWidth: 420, marginBottom: 16 }}
        data-testid="user-search"
      />
      <Table<TUser>
        data-testid="users-table"
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items}
        loading={users.isFetching}
        scroll={{ x: 'max-content' }}
        size="middle"
        onRow={(user) => ({ 'data-testid': 'user-row', 'data-user-id': user.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: users.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: setPage,
        }}
      />
      <UserCreateModal open={creating} onClose={() => setCreating(false)} />
      <UserEditModal user={editing} onClose={() => setEditing(null)} />
    </>
  );
}
