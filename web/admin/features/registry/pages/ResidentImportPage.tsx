import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Progress, Row, Spin, Steps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { ImportErrorList } from '../components/ImportErrorList';
import { ImportPreview } from '../components/ImportPreview';
import { ImportResult } from '../components/ImportResult';
import { useConfirmResidentImport } from '../hooks/useConfirmResidentImport';
import { useResidentImportJob } from '../hooks/useResidentImportJob';
import { useResidentImportUpload } from '../hooks/useResidentImportUpload';
import { IMPORT_LEVELS } from '../utils/registryOptions';

const ACCEPT = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `/residents/import`: choose the grid or community, upload a spreadsheet, read the preview (every bad
 * row, the buildings and units to be created), then confirm to import everything at once.
 */
export function ResidentImportPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const { data: me } = useMe();
  // Start at the user's own grid or community when they have one.
  const home = me?.assignments.find((a) => (IMPORT_LEVELS as readonly string[]).includes(a.area.level))?.area.id ?? null;
  const [areaId, setAreaId] = useState<number | null>(home);
  const [fileName, setFileName] = useState('');
  const [jobId, setJobId] = useState<number | null>(null);
  const upload = useResidentImportUpload();
  const confirm = useConfirmResidentImport();
  const job = useResidentImportJob(jobId);

  const start = (file: File) => {
    if (areaId === null) return;
    setFileName(file.name);
    setJobId(null);
    confirm.reset();
    upload.mutate({ areaId, file }, { onSuccess: (preview) => setJobId(preview.id) });
  };
  const again = () => {
    setJobId(null);
    upload.reset();
    confirm.reset();
  };

  const current = job.data;
  const step = !current ? 0 : current.status === 'previewed' ? 1 : 2;
  const uploadError = upload.error ? describeError(tc, upload.error) : null;
  const confirmRows = confirm.error instanceof ApiError ? confirm.error.rows : undefined;
  const confirmError = confirm.error ? (
    <div style={{ marginBottom: 16 }}>
      <Alert type="error" showIcon title={t('registry.import.failedTitle')} description={[describeError(tc, confirm.error).title, describeError(tc, confirm.error).detail].filter(Boolean).join(' — ')} data-testid="resident-import-confirm-error" />
      {confirmRows && confirmRows.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <ImportErrorList rows={confirmRows} fileName={current?.fileName ?? fileName} />
        </div>
      )}
    </div>
  ) : undefined;

  let body: React.ReactNode;
  if (upload.isPending) {
    body = (
      <div data-testid="resident-import-uploading">
        <Typography.Text>{t('registry.import.uploading', { name: fileName })}</Typography.Text>
        <Progress percent={Math.round(upload.progress * 100)} status="active" />
      </div>
    );
  } else if (current?.status === 'previewed') {
    body = <ImportPreview preview={current} confirming={confirm.isPending} confirmError={confirmError} onConfirm={() => confirm.mutate(current.id)} onAgain={again} />;
  } else if (current?.status === 'running') {
    body = (
      <div className="page-loading" data-testid="resident-import-running">
        <Spin description={t('registry.import.running')} />
      </div>
    );
  } else if (current?.status === 'succeeded') {
    body = <ImportResult job={current} onAgain={again} />;
  } else if (current?.status === 'failed') {
    body = (
      <div data-testid="resident-import-result" data-status="failed">
        <Alert type="error" showIcon title={t('registry.import.failedTitle')} description={current.message ?? undefined} style={{ marginBottom: 16 }} />
        {current.errors.length > 0 && <ImportErrorList rows={current.errors} fileName={current.fileName} />}
        <Button style={{ marginTop: 16 }} onClick={again} data-testid="resident-import-again">
          {t('registry.import.again')}
        </Button>
      </div>
    );
  } else {
    body = (
      <>
        <Form layout="vertical">
          <Form.Item label={t('registry.import.area')} extra={t('registry.import.areaHelp')} required>
            <AreaTreeSelect value={areaId} onChange={(id) => setAreaId(id ?? null)} levels={IMPORT_LEVELS} placeholder={t('registry.import.areaPlaceholder')} style={{ width: '100%', maxWidth: 420 }} data-testid="resident-import-area" />
          </Form.Item>
        </Form>
        {areaId === null && <Alert type="info" showIcon title={t('registry.import.areaFirst')} style={{ marginBottom: 16 }} />}
        <div data-testid="resident-import-upload">
          <Upload.Dragger
            accept={ACCEPT}
            multiple={false}
            showUploadList={false}
            disabled={areaId === null}
            beforeUpload={(file) => {
              start(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('registry.import.dragHint')}</p>
          </Upload.Dragger>
        </div>
        {uploadError && (
          <div style={{ marginTop: 16 }}>
            <Alert type="error" showIcon title={uploadError.title} description={uploadError.detail} data-testid="resident-import-upload-error" />
            {upload.error instanceof ApiError && upload.error.rows && upload.error.rows.length > 0 && (
              <div style={{ marginTop: 12 }}>
                <ImportErrorList rows={upload.error.rows} fileName={fileName} />
              </div>
            )}
          </div>
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={t('registry.import.title')}
        extra={
          <Button href="/api/imports/residents/template.xlsx" download icon={<DownloadOutlined />} data-testid="resident-import-template">
            {t('registry.import.template')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card>
            <Steps
              size="small"
              current={step}
              style={{ marginBottom: 24 }}
              items={[{ title: t('registry.import.stepUpload') }, { title: t('registry.import.stepPreview') }, { title: t('registry.import.stepDone') }]}
            />
            {body}
            {job.isError && <Alert type="error" showIcon title={describeError(tc, job.error).title} style={{ marginTop: 16 }} />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('registry.import.howTitle')}>
            <Typography.Paragraph>{t('registry.import.intro')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('registry.import.columns')}</Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </>
  );
}
