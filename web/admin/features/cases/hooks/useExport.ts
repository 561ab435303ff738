import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, type QueryParams } from '../../../../lib/api';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';

/** Downloads an XLSX the API streams (the case list or the statistics), showing errors in the page. */
export function useExport() {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [busy, setBusy] = useState(false);
  const run = (path: string, query: QueryParams, fallbackName: string) => {
    setBusy(true);
    downloadFile(path, query, fallbackName)
      .then((name) => message.success(t('list.exported', { name })))
      .catch(handleError)
      .finally(() => setBusy(false));
  };
  return { run, busy };
}
