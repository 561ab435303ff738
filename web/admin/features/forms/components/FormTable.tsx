import { Badge, Space, Table, Tag, type TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TFormSummary } from '../../../../../common/forms';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { FormStatusTag } from './FormStatusTag';

/** Forms with their area, mode, status, version, counts, and links to the designer and the statistics pages. */
export function FormTable({ items, loading, pagination, canWrite }: { items?: TFormSummary[]; loading: boolean; pagination: TablePaginationConfig; canWrite: boolean }) {
  const { t, i18n } = useTranslation('forms');
  return (
    <Table<TFormSummary>
      rowKey="id"
      size="middle"
      data-testid="form-table"
      loading={loading}
      dataSource={items}
      pagination={pagination}
      scroll={{ x: 1280 }}
      onRow={(f) => ({ 'data-testid': 'form-row', 'data-id': f.id }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('column.title'),
          dataIndex: 'title',
          width: 260,
          render: (title: string, f) => (
            <Link to={`/forms/${f.id}`} data-testid="form-open">
              {title}
            </Link>
          ),
        },
        { title: t('column.area'), dataIndex: 'areaName', width: 150 },
        { title: t('column.mode'), dataIndex: 'mode', width: 150, render: (m: TFormSummary['mode']) => <Tag color={m === 'daily' ? 'blue' : m === 'continuous' ? 'purple' : undefined}>{t(`mode.${m}`)}</Tag> },
        { title: t('column.status'), key: 'status', width: 170, render: (_: unknown, f) => <FormStatusTag status={f.status} hasDraftChanges={f.hasDraftChanges} /> },
        { title: t('column.version'), dataIndex: 'version', width: 70, align: 'right', render: (v: number | null) => (v === null ? '—' : `v${v}`) },
        { title: t('column.submissions'), dataIndex: 'submissions', width: 90, align: 'right' },
        {
          title: t('column.openAlerts'),
          dataIndex: 'openAlerts',
          width: 100,
          align: 'right',
          render: (n: number, f) =>
            n > 0 ? (
              <Link to={`/form-alerts?form=${f.id}`}>
                <Badge count={n} overflowCount={999} />
              </Link>
            ) : (
              0
            ),
        },
        { title: t('column.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v, i18n.language) },
        {
          title: t('column.actions'),
          key: 'actions',
          width: 260,
          fixed: 'right',
          render: (_: unknown, f) => (
            <Space size="small" wrap>
              <Link to={`/forms/${f.id}`} data-testid="form-design">
                {canWrite ? t('action.design') : t('action.view')}
              </Link>
              {f.version !== null && (
                <>
                  <Link to={`/forms/${f.id}/stats`} data-testid="form-stats">
                    {t('action.stats')}
                  </Link>
                  <Link to={`/forms/${f.id}/submissions`} data-testid="form-submissions">
                    {t('action.submissions')}
                  </Link>
                  {f.mode === 'daily' && (
                    <Link to={`/forms/${f.id}/not-reported`} data-testid="form-not-reported">
                      {t('action.notReported')}
                    </Link>
                  )}
                </>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
