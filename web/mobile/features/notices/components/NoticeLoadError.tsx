import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { MobileMessage } from '../../../components/MobileMessage';

/** Not found (a broken or stale link) or a failure worth retrying. */
export function NoticeLoadError({ error, notFoundText, onRetry }: { error: unknown; notFoundText: string; onRetry: () => void }) {
  const { t } = useTranslation('notices');
  const { t: tc } = useTranslation('common');
  // A malformed id (400) means a broken link just as much as an unknown one (404).
  const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);
  return (
    <MobileMessage
      text={notFound ? notFoundText : `${t('loadFailed')}: ${describeError(tc, error).title}`}
      action={
        notFound ? undefined : (
          <button type="button" className="big-button" onClick={onRetry}>
            {t('retry')}
          </button>
        )
      }
    />
  );
}
