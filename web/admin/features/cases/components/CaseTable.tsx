import { Table, Tag, Typography, type TablePaginationConfig, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCase } from '../../../../../common/cases';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { CaseStatusTag } from './CaseStatusTag';
import { DueText } from './DueText';

/** Cases as a table: reference (a link to the case), title, category, area, status, assignee, due, escalation, created. */
export function CaseTable({ items, loading, pagination, testId = 'case-table' }: { items: TCase[] | undefined; loading: boolean; pagination: TablePaginationConfig | false; testId?: string }) {
  const { t, i18n } = useTranslation('cases');
  const labels = useLabels();
  const columns: TableProps<TCase>['columns'] = [
    {
      key: 'reference',
      title: t('column.reference'),
      dataIndex: 'reference',
      width: 150,
      render: (_, c) => (
        <Link to={`/cases/${c.id}`} data-testid="case-link" data-case-id={c.id}>
          {c.reference}
        </Link>
      ),
    },
    { key: 'title', title: t('column.title'), dataIndex: 'title', width: 240, ellipsis: true },
    { key: 'category', title: t('column.category'), dataIndex: 'categoryName', width: 130, ellipsis: true },
    { key: 'area', title: t('column.area'), dataIndex: 'areaName', width: 140, ellipsis: true },
    { key: 'status', title: t('column.status'), dataIndex: 'status', width: 100, render: (_, c) => <CaseStatusTag status={c.status} /> },
    {
      key: 'assignee',
      title: t('column.assignee'),
      width: 130,
      ellipsis: true,
      render: (_, c) => c.assigneeName ?? c.assigneeAreaName ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    { key: 'due', title: t('column.due'), width: 150, render: (_, c) => (c.status === 'closed' || c.status === 'rejected' ? <Typography.Text type="secondary">—</Typography.Text> : <DueText dueAt={c.dueAt} overdue={c.overdue} dueSoon={c.dueSoon} />) },
    {
      key: 'escalation',
      title: t('column.escalation'),
      width: 150,
      render: (_, c) => (
        <span data-testid="case-escalation">
          {c.escalationLevel > 0 && <Tag color="red">{t('escalation.level', { level: c.escalationLevel })}</Tag>}
          <Typography.Text type={c.escalationLevel > 0 ? 'danger' : 'secondary'}>{labels.role(c.responsibleRole)}</Typography.Text>
        </span>
      ),
    },
    { key: 'created', title: t('column.created'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v, i18n.language) },
  ];
  return (
    <Table<TCase>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 1400 }}
      locale={{ emptyText: t('list.empty') }}
      onRow={(c) => ({ 'data-testid': 'case-row', 'data-case-id': c.id, 'data-reference': c.reference }) as React.HTMLAttributes<HTMLElement>}
      data-testid={testId}
    />
  );
}
