import { DownloadOutlined, FilePdfOutlined, FileImageOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Row, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AREA_LEVEL_RANK } from '../../../../../common/constants';
import { downloadFile } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useFormLink } from '../hooks/useFormLink';
import { SubtreeAreaSelect, type PickedArea } from './SubtreeAreaSelect';

type Each = 'grid' | 'building' | 'unit';
const EACH: { each: Each; key: 'qr.eachGrid' | 'qr.eachBuilding' | 'qr.eachUnit' }[] = [
  { each: 'grid', key: 'qr.eachGrid' },
  { each: 'building', key: 'qr.eachBuilding' },
  { each: 'unit', key: 'qr.eachUnit' },
];

/**
 * 二维码与海报: one QR link per form and area node. Pick the node under the form's area, copy or open its
 * URL, download its A4 poster as PDF or PNG, or one PDF with a page per grid, building or unit below it.
 */
export function QrPosterPanel({ formId, root }: { formId: number; root: PickedArea }) {
  const { t } = useTranslation('forms');
  const { t: tc } = useTranslation('common');
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [area, setArea] = useState<PickedArea>(root);
  const [busy, setBusy] = useState<string | null>(null);
  const link = useFormLink(formId, area.id);

  const download = async (key: string, format: 'pdf' | 'png', each?: Each) => {
    setBusy(key);
    try {
      const name = await downloadFile(`/api/forms/${formId}/poster`, { area: area.id, format, each }, `form-${formId}-${area.id}${each ? `-${each}s` : ''}.${format}`);
      void message.success(t('qr.downloaded', { name }));
    } catch (error) {
      onError(error);
    } finally {
      setBusy(null);
    }
  };

  const rank = AREA_LEVEL_RANK[area.level] ?? 99;
  const batches = EACH.filter((b) => AREA_LEVEL_RANK[b.each] > rank);

  return (
    <Card size="small" title={t('qr.title')} data-testid="qr-panel">
      <Typography.Paragraph type="secondary">{t('qr.hint')}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t('qr.area')}>
          <SubtreeAreaSelect root={root} value={area.id} onChange={setArea} data-testid="qr-area" />
        </Form.Item>
      </Form>
      {link.isError && <Alert type="error" showIcon title={describeError(tc, link.error).title} description={describeError(tc, link.error).detail} />}
      {link.isPending && <Spin />}
      {link.data && (
        <Row gutter={16} data-testid="qr-link" data-area-id={link.data.areaId} data-url={link.data.url}>
          <Col flex="216px">
            <div className="form-qr" data-testid="qr-code">
              <img alt={link.data.url} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.data.qrSvg)}`} />
            </div>
            <div style={{ textAlign: 'center' }}>{link.data.areaName}</div>
          </Col>
          <Col flex="auto">
            <Typography.Text type="secondary">{t('qr.url')}</Typography.Text>
            <Typography.Paragraph copyable={{ text: link.data.url, tooltips: [t('qr.copy'), t('qr.copied')] }} style={{ wordBreak: 'break-all' }} data-testid="qr-url">
              <Typography.Link href={link.data.url} target="_blank" rel="noreferrer">
                {link.data.url}
              </Typography.Link>
            </Typography.Paragraph>
            <Space wrap>
              <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => void download('pdf', 'pdf')} data-testid="qr-poster-pdf">
                {t('qr.posterPdf')}
              </Button>
              <Button icon={<FileImageOutlined />} loading={busy === 'png'} onClick={() => void download('png', 'png')} data-testid="qr-poster-png">
                {t('qr.posterPng')}
              </Button>
            </Space>
            {batches.length > 0 && (
              <>
                <Typography.Paragraph type="secondary" style={{ margin: '12px 0 6px' }}>
                  {t('qr.batchTitle')}
                </Typography.Paragraph>
                <Space wrap>
                  {batches.map((b) => (
                    <Button key={b.each} icon={<DownloadOutlined />} loading={busy === b.each} onClick={() => void download(b.each, 'pdf', b.each)} data-testid={`qr-batch-${b.each}`}>
                      {t(b.key)}
                    </Button>
                  ))}
                </Space>
              </>
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}
