import { DownloadOutlined } from '@ant-design/icons';
import { Button, Table } from 'antd';
import { useTranslation } from 'react-i18next';

interface RowError {
  row: number;
  message: string;
}

/** Every bad row stays on the page (no paging: people fix the file from this list); long lists scroll virtually. */
const VIRTUAL_FROM = 200;

/** Saves the list as CSV (with a BOM so Excel reads the Chinese) to work through beside the spreadsheet. */
function downloadCsv(rows: readonly RowError[], header: [string, string], name: string) {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const lines = [header.map(quote).join(','), ...rows.map((r) => `${r.row},${quote(r.message)}`)];
  const url = URL.createObjectURL(new Blob(['\uFEFF' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The bad rows of a resident import: spreadsheet row number and what is wrong, in row order. */
export function ImportErrorList({ rows, fileName }: { rows: readonly RowError[]; fileName: string }) {
  const { t } = useTranslation('admin');
  // A row may carry more than one entry, so the key is the position in the sorted list.
  const sorted = [...rows].sort((a, b) => a.row - b.row).map((r, i) => ({ ...r, key: i }));
  const many = sorted.length > VIRTUAL_FROM;
  return (
    <div data-testid="resident-import-errors" data-count={sorted.length}>
      <div className="registry-import-errors__bar">
        <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadCsv(sorted, [t('registry.import.row'), t('registry.import.message')], `${fileName.replace(/\.[^.]+$/, '')}-errors.csv`)}>
          {t('registry.import.downloadErrors')}
        </Button>
      </div>
      <Table<RowError & { key: number }>
        size="small"
        dataSource={sorted}
        pagination={false}
        virtual={many}
        scroll={many ? { y: 480, x: 360 } : undefined}
        onRow={(r) => ({ 'data-testid': 'resident-import-error', 'data-row': r.row }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('registry.import.row'), dataIndex: 'row', width: 80 },
          { title: t('registry.import.message'), dataIndex: 'message', render: (message: string) => <span style={{ wordBreak: 'break-word' }}>{message}</span> },
        ]}
      />
    </div>
  );
}
