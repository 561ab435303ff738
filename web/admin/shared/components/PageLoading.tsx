import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** Spinner while a page chunk or the session loads. */
export function PageLoading({ fullScreen = false }: { fullScreen?: boolean }) {
  const { t } = useTranslation('admin');
  return (
    <div className={fullScreen ? 'page-loading page-loading--full' : 'page-loading'} role="status" aria-live="polite">
      <Spin description={t('common.loading')} />
    </div>
  );
}
