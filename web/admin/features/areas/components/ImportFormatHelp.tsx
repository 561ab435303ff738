import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AREA_LEVELS } from '../../../../../common/constants';

const EXAMPLE = [
  'code,name,parent_code,level',
  '420106001000,示范街道,,subdistrict',
  '420106001001,幸福社区,420106001000,community',
  'XF-G01,幸福社区第一网格,420106001001,grid',
  'XF-G01-B01,1号楼,XF-G01,building',
].join('\n');

function downloadTemplate() {
  // The byte-order mark makes Excel read the file as UTF-8 (Chinese names stay readable).
  const blob = new Blob([`\uFEFF${EXAMPLE}\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'areas-template.csv';
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The expected columns `code,name,parent_code,level` and a tiny example. */
export function ImportFormatHelp() {
  const { t } = useTranslation('admin');
  return (
    <Card size="small" title={t('import.columns')} data-testid="import-format">
      <ul style={{ paddingInlineStart: 20, margin: 0 }}>
        <li>
          <Typography.Text code>code</Typography.Text> — {t('import.colCode')}
        </li>
        <li>
          <Typography.Text code>name</Typography.Text> — {t('import.colName')}
        </li>
        <li>
          <Typography.Text code>parent_code</Typography.Text> — {t('import.colParent')}
        </li>
        <li>
          <Typography.Text code>level</Typography.Text> — {t('import.colLevel', { levels: AREA_LEVELS.join(', ') })}
        </li>
      </ul>
      <Typography.Paragraph strong style={{ margin: '12px 0 0' }}>
        {t('import.example')}
      </Typography.Paragraph>
      <pre className="import-example">{EXAMPLE}</pre>
      <Button icon={<DownloadOutlined />} onClick={downloadTemplate} style={{ marginTop: 8 }}>
        {t('import.downloadTemplate')}
      </Button>
    </Card>
  );
}
