import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets `<title>` to "page · 网格" in the current language. */
export function useDocumentTitle(page: string) {
  const { t } = useTranslation('admin');
  useEffect(() => {
    document.title = t('documentTitle', { page });
  }, [page, t]);
}
