import { PlusOutlined } from '@ant-design/icons';
import { App, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAttachment } from '../../../../../common/cases';
import { ApiError, uploadFile } from '../../../../lib/api';

const MAX_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 9;
const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

/**
 * Uploads photos (or PDFs) to POST /api/case-attachments as soon as they are chosen and reports the
 * uploaded attachments; the form then sends their ids. Files too large or of another type are refused
 * here, before any upload.
 */
export function AttachmentUpload({ onChange, imagesOnly = false, 'data-testid': testId }: { onChange: (attachments: TAttachment[], uploading: boolean) => void; imagesOnly?: boolean; 'data-testid'?: string }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<TAttachment>[]>([]);

  const report = (list: UploadFile<TAttachment>[]) =>
    onChange(
      list.filter((f) => f.status === 'done' && f.response).map((f) => f.response!),
      list.some((f) => f.status === 'uploading'),
    );

  return (
    <div data-testid={testId}>
      <Upload<TAttachment>
        listType="picture-card"
        multiple
        accept={imagesOnly ? 'image/jpeg,image/png,image/webp' : ACCEPT}
        fileList={files}
        maxCount={MAX_FILES}
        beforeUpload={(file) => {
          const okType = file.type.startsWith('image/') || (!imagesOnly && file.type === 'application/pdf');
          if (!okType) {
            message.error(t('upload.badType', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_BYTES) {
            message.error(t('upload.tooLarge', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          const blob = file as File;
          uploadFile<TAttachment>('/api/case-attachments', blob, { onProgress: (f) => onProgress?.({ percent: Math.round(f * 100) }) })
            .then((attachment) => onSuccess?.(attachment))
            .catch((error: unknown) => {
              message.error(error instanceof ApiError ? `${t('upload.failed', { name: blob.name })}: ${error.message}` : t('upload.failed', { name: blob.name }));
              onError?.(error instanceof Error ? error : new Error(String(error)));
            });
        }}
        onChange={({ fileList }) => {
          const list = fileList.map((f) => (f.status === 'done' && f.response ? { ...f, url: f.response.url, thumbUrl: f.response.thumbUrl ?? undefined } : f));
          setFiles(list);
          report(list);
        }}
      >
        {files.length >= MAX_FILES ? null : (
          <button type="button" className="case-upload__button">
            <PlusOutlined />
            <div>{t('upload.add')}</div>
          </button>
        )}
      </Upload>
    </div>
  );
}

