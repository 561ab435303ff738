import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useResidentExport } from '../hooks/useResidentExport';
import type { ResidentFilters } from '../hooks/useResidentFilters';
import { ReasonModal } from './ReasonModal';

/** Exports the filtered list to XLSX, masked; with both rights, a second choice exports full numbers for a stated reason. */
export function ResidentExportButton({ filters, canExportFull }: { filters: ResidentFilters; canExportFull: boolean }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const exporter = useResidentExport();
  const handleError = useApiErrorHandler();
  const [asking, setAsking] = useState(false);

  const run = (reveal?: { reason: string }) => {
    const hide = message.loading(t('registry.export.running'), 0);
    exporter.mutate(
      { filters, reveal },
      {
        onSuccess: (name) => {
          setAsking(false);
          void message.success(t('registry.export.done', { name }));
        },
        onError: (error) => handleError(error),
        onSettled: () => hide(),
      },
    );
  };

  const main = (
    <Button icon={<DownloadOutlined />} loading={exporter.isPending} onClick={() => run()} data-testid="export-button" title={t('registry.export.masked')}>
      {t('registry.export.button')}
    </Button>
  );

  return (
    <>
      {canExportFull ? (
        <Space.Compact>
          {main}
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'masked', label: t('registry.export.masked'), onClick: () => run() },
                { key: 'full', label: <span data-testid="export-full">{t('registry.export.full')}</span>, onClick: () => setAsking(true) },
              ],
            }}
          >
            <Button icon={<DownOutlined />} disabled={exporter.isPending} aria-label={t('registry.export.full')} data-testid="export-more" />
          </Dropdown>
        </Space.Compact>
      ) : (
        main
      )}
      <ReasonModal
        open={asking}
        title={t('registry.export.fullTitle')}
        help={t('registry.export.fullHelp')}
        label={t('registry.export.reason')}
        placeholder={t('registry.export.reasonPlaceholder')}
        requiredMessage={t('registry.export.reasonRequired')}
        okText={t('registry.export.submit')}
        loading={exporter.isPending}
        onSubmit={(reason) => run({ reason })}
        onCancel={() => setAsking(false)}
      />
    </>
  );
}
