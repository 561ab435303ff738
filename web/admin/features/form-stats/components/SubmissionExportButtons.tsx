import { DownloadOutlined } from '@ant-design/icons';
import { Button, Checkbox, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildUrl, type QueryParams } from '../../../../lib/api';
import { ReasonModal } from '../../registry/components/ReasonModal';

/** Starts a download by pointing the browser at the URL: the server streams the file straight to disk. */
function download(url: string) {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/**
 * XLSX and CSV export of the submissions the filters select (GET …/submissions/export, streamed),
 * masked; with resident.reveal, "含完整个人信息" asks for a reason and exports full numbers (audited).
 */
export function SubmissionExportButtons({ formId, filters, canReveal }: { formId: number; filters: QueryParams; canReveal: boolean }) {
  const { t } = useTranslation('formStats');
  const [full, setFull] = useState(false);
  const [pending, setPending] = useState<'xlsx' | 'csv' | null>(null);
  const url = (format: 'xlsx' | 'csv', reason?: string) => buildUrl(`/api/forms/${formId}/submissions/export`, { ...filters, format, ...(reason ? { reveal: 1, reason } : {}) });

  const button = (format: 'xlsx' | 'csv') => (
    <Button
      icon={<DownloadOutlined />}
      href={full ? undefined : url(format)}
      download={full ? undefined : ''}
      onClick={full ? () => setPending(format) : undefined}
      data-testid={`submissions-export-${format}`}
    >
      {format === 'xlsx' ? t('submissions.exportXlsx') : t('submissions.exportCsv')}
    </Button>
  );

  return (
    <Space wrap>
      {button('xlsx')}
      {button('csv')}
      {canReveal && (
        <Checkbox checked={full} onChange={(e) => setFull(e.target.checked)} data-testid="submissions-export-full">
          {t('submissions.exportFull')}
        </Checkbox>
      )}
      <ReasonModal
        open={pending !== null}
        title={t('submissions.exportFullTitle')}
        help={t('submissions.exportFullHelp')}
        label={t('submissions.exportReason')}
        placeholder={t('submissions.exportReasonPlaceholder')}
        requiredMessage={t('submissions.exportReasonRequired')}
        okText={t('submissions.exportSubmit')}
        loading={false}
        onSubmit={(reason) => {
          if (pending) download(url(pending, reason));
          setPending(null);
        }}
        onCancel={() => setPending(null)}
      />
    </Space>
  );
}
