import { InboxOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Progress, Row, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { ImportFormatHelp } from '../components/ImportFormatHelp';
import { ImportJobStatus } from '../components/ImportJobStatus';
import { ImportRowErrorsTable } from '../components/ImportRowErrorsTable';
import { useAreaImportUpload } from '../hooks/useAreaImportUpload';
import { useImportJob } from '../hooks/useImportJob';

/** `/areas/import`: upload a CSV/XLSX of areas, watch it being processed, then see counts or bad rows. */
export function AreaImportPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const upload = useAreaImportUpload();
  const [jobId, setJobId] = useState<number | null>(null);
  const [fileName, setFileName] = useState('');
  const job = useImportJob(jobId);

  const start = (file: File) => {
    setFileName(file.name);
    setJobId(null);
    upload.mutate(file, { onSuccess: (created) => setJobId(created.id) });
  };

  const reset = () => {
    setJobId(null);
    upload.reset();
  };

  const uploadError = upload.error;
  const uploadErrorText = uploadError ? describeError(tc, uploadError) : null;
  const idle = !upload.isPending && jobId === null;

  return (
    <>
      <PageHeader title={t('import.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card>
            <Typography.Paragraph>{t('import.intro')}</Typography.Paragraph>
            {idle && (
              <Upload.Dragger
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                multiple={false}
                showUploadList={false}
                beforeUpload={(file) => {
                  start(file);
                  return false;
                }}
                data-testid="import-upload"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('import.dragHint')}</p>
              </Upload.Dragger>
            )}
            {upload.isPending && (
              <div data-testid="import-uploading">
                <Typography.Text>{t('import.uploading', { name: fileName })}</Typography.Text>
                <Progress percent={Math.round(upload.progress * 100)} status="active" />
              </div>
            )}
            {uploadErrorText && (
              <div style={{ marginTop: 16 }}>
                <Alert type="error" showIcon title={t('import.uploadFailed')} description={[uploadErrorText.title, uploadErrorText.detail].filter(Boolean).join(' — ')} data-testid="import-upload-error" />
                {uploadError instanceof ApiError && uploadError.rows && uploadError.rows.length > 0 && (
                  <div style={{ marginTop: 12 }}>
                    <ImportRowErrorsTable rows={uploadError.rows} />
                  </div>
                )}
              </div>
            )}
            {jobId !== null && job.data && <ImportJobStatus job={job.data} onAgain={reset} />}
            {jobId !== null && job.isError && <Alert type="error" showIcon title={describeError(tc, job.error).title} />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <ImportFormatHelp />
        </Col>
      </Row>
    </>
  );
}
