import { Alert, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAuditEntry } from '../../../../../common/audit';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AuditFilterBar } from '../components/AuditFilterBar';
import { AuditJsonDiff } from '../components/AuditJsonDiff';
import { useAuditLog, type AuditFilters } from '../hooks/useAuditLog';

const PAGE_SIZE = 50;

/** `/audit`: who changed what, where and when; each row expands to the record before and after. */
export function AuditPage() {
  const { t, i18n } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const audit = useAuditLog(filters, page, PAGE_SIZE);

  const columns: TableProps<TAuditEntry>['columns'] = [
    { title: t('audit.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at, i18n.language) },
    { title: t('audit.user'), dataIndex: 'username', render: (name: string | null) => name ?? '—' },
    { title: t('audit.action'), dataIndex: 'action', render: (action: string) => <Tag>{action}</Tag> },
    { title: t('audit.entity'), key: 'entity', render: (_, e) => (e.entityId ? `${e.entityType} #${e.entityId}` : e.entityType) },
    { title: t('audit.area'), dataIndex: 'areaId', render: (id: number | null) => id ?? '—' },
    { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
  ];

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <AuditFilterBar
        onApply={(next) => {
          setFilters(next);
          setPage(1);
        }}
      />
      {audit.isError && <Alert type="error" showIcon title={describeError(tc, audit.error).title} style={{ marginBottom: 16 }} />}
      <Table<TAuditEntry>
        data-testid="audit-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={audit.data?.items}
        loading={audit.isFetching}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (entry) => <AuditJsonDiff entry={entry} />,
          rowExpandable: (entry) => entry.before != null || entry.after != null,
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: audit.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: setPage,
        }}
      />
    </>
  );
}
