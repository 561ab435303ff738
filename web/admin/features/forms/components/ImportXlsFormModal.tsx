import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Modal, Progress, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FORM_MODES, type FormMode } from '../../../../../common/form-definition';
import { ApiError } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useImportXlsForm } from '../hooks/useImportXlsForm';
import { UnsupportedList } from './UnsupportedList';

const ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Upload an XLSForm (ODK/KoBo spreadsheet): choose the area and the mode, pick the file; the server makes a
 * draft form and lists what it could not carry over, shown here and again at the top of the designer.
 */
export function ImportXlsFormModal({ open, defaultAreaId, onClose }: { open: boolean; defaultAreaId: number | null; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const { t: tc } = useTranslation('common');
  const navigate = useNavigate();
  const [areaId, setAreaId] = useState<number | null>(defaultAreaId);
  const [mode, setMode] = useState<FormMode>('survey');
  const [file, setFile] = useState<File | null>(null);
  const [tried, setTried] = useState(false);
  const upload = useImportXlsForm();
  const result = upload.data;

  const reset = () => {
    upload.reset();
    setFile(null);
    setTried(false);
  };
  const close = () => {
    reset();
    onClose();
  };
  const submit = () => {
    setTried(true);
    if (areaId === null || !file) return;
    upload.mutate({ areaId, mode, file });
  };
  const openForm = () => {
    if (!result) return;
    navigate(`/forms/${result.form.id}`, { state: { unsupported: result.unsupported } });
  };
  const error = upload.error ? describeError(tc, upload.error) : null;

  return (
    <Modal
      open={open}
      title={t('importModal.title')}
      onCancel={close}
      width={640}
      destroyOnHidden
      footer={
        result ? (
          <Space>
            <Button onClick={reset}>{t('importModal.again')}</Button>
            <Button type="primary" onClick={openForm} data-testid="xlsform-open">
              {t('importModal.open')}
            </Button>
          </Space>
        ) : (
          <Button type="primary" loading={upload.isPending} onClick={submit} data-testid="xlsform-submit">
            {t('importModal.submit')}
          </Button>
        )
      }
    >
      {result ? (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="xlsform-result">
          <Alert type="success" showIcon title={t('importModal.done', { title: result.form.draft.title, count: result.form.draft.fields.length })} />
          <UnsupportedList items={result.unsupported} />
        </Space>
      ) : (
        <Form layout="vertical" data-testid="xlsform-form">
          <Form.Item label={t('importModal.area')} required validateStatus={tried && areaId === null ? 'error' : undefined} help={tried && areaId === null ? t('importModal.chooseArea') : undefined}>
            <AreaTreeSelect value={areaId} onChange={(id) => setAreaId(id ?? null)} allowClear={false} data-testid="xlsform-area" />
          </Form.Item>
          <Form.Item label={t('importModal.mode')} extra={t(`modeHint.${mode}`)}>
            <Select value={mode} onChange={setMode} options={FORM_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} data-testid="xlsform-mode" />
          </Form.Item>
          <Form.Item label={t('importModal.file')} required validateStatus={tried && !file ? 'error' : undefined} help={tried && !file ? t('importModal.chooseFile') : undefined}>
            <Upload.Dragger
              accept={ACCEPT}
              maxCount={1}
              fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
              data-testid="xlsform-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('importModal.fileHint')}</p>
            </Upload.Dragger>
          </Form.Item>
          {upload.isPending && (
            <div>
              <Typography.Text>{t('importModal.uploading', { name: file?.name ?? '' })}</Typography.Text>
              <Progress percent={Math.round(upload.progress * 100)} status="active" />
            </div>
          )}
          {error && <Alert type="error" showIcon title={error.title} description={error.detail} data-testid="xlsform-error" />}
          {upload.error instanceof ApiError && upload.error.rows && upload.error.rows.length > 0 && (
            <ul style={{ marginTop: 8, paddingLeft: 18, maxHeight: 240, overflow: 'auto' }} data-testid="xlsform-error-rows">
              {upload.error.rows.map((r, i) => (
                <li key={i}>
                  {t('importModal.errorRow', { row: r.row })}：{r.message}
                </li>
              ))}
            </ul>
          )}
        </Form>
      )}
    </Modal>
  );
}
