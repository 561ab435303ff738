import { Table } from 'antd';
import { useTranslation } from 'react-i18next';

/** Every bad row of an import: spreadsheet row number and what is wrong. */
export function ImportRowErrorsTable({ rows }: { rows: { row: number; message: string; code?: string }[] }) {
  const { t } = useTranslation('admin');
  return (
    <Table
      data-testid="import-errors"
      size="small"
      rowKey={(r) => `${r.row}-${r.code ?? ''}-${r.message}`}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false, showTotal: (total) => t('common.total', { count: total }) } : false}
      columns={[
        { title: t('import.row'), dataIndex: 'row', width: 90, sorter: (a, b) => a.row - b.row, defaultSortOrder: 'ascend' },
        { title: t('import.message'), dataIndex: 'message', render: (message: string) => <span style={{ wordBreak: 'break-word' }}>{message}</span> },
      ]}
    />
  );
}
