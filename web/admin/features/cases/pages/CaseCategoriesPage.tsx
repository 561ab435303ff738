import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCaseCategory } from '../../../../../common/cases';
import { describeError } from '../../../../lib/i18n/describeError';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { PageHeader } from '../../../shared/components/PageHeader';
import { CategoryFormModal } from '../components/CategoryFormModal';
import { useCaseCategories } from '../hooks/useCaseCategories';

/** `/case-categories`: the deployment's case categories (系统管理员), each with its type, default role and time limits. */
export function CaseCategoriesPage() {
  const { t } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const { t: ta } = useTranslation('admin');
  const labels = useLabels();
  const list = useCaseCategories();
  const [editing, setEditing] = useState<TCaseCategory | null | undefined>(undefined);

  const columns: TableProps<TCaseCategory>['columns'] = [
    { key: 'code', title: t('categories.code'), dataIndex: 'code', width: 160 },
    { key: 'name', title: t('categories.name'), dataIndex: 'name' },
    { key: 'type', title: t('categories.type'), width: 120, render: (_, c) => t(`type.${c.type}`) },
    { key: 'role', title: t('categories.defaultRole'), width: 130, render: (_, c) => labels.role(c.defaultRole) },
    { key: 'limits', title: t('categories.limits'), width: 170, render: (_, c) => t('categories.hours', { accept: c.acceptHours, resolve: c.resolveHours }) },
    { key: 'public', title: t('categories.publicReporting'), width: 110, render: (_, c) => (c.publicReporting ? <Tag color="blue">{ta('common.yes')}</Tag> : <Tag>{ta('common.no')}</Tag>) },
    { key: 'active', title: t('categories.active'), width: 90, render: (_, c) => (c.active ? <Tag color="green">{t('categories.active')}</Tag> : <Tag>{t('categories.inactive')}</Tag>) },
    {
      key: 'edit',
      width: 90,
      render: (_, c) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)} data-testid="category-edit">
          {ta('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('categories.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="category-new">
            {t('categories.new')}
          </Button>
        }
      />
      {list.isError && <Alert type="error" showIcon title={describeError(tc, list.error).title} style={{ marginBottom: 16 }} />}
      <Table<TCaseCategory>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 960 }}
        onRow={(c) => ({ 'data-testid': 'category-row', 'data-code': c.code }) as React.HTMLAttributes<HTMLElement>}
      />
      <CategoryFormModal open={editing !== undefined} category={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}
