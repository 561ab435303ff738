import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMe } from '../../../../../common/auth';
import { ApiError } from '../../../../lib/api';
import { MobileMessage } from '../../../components/MobileMessage';
import { useApiGet } from '../hooks/useApiGet';
import { caseErrorText } from '../lib/caseErrorText';

/**
 * The grid worker's pages need the session cookie: without one, send them to the login page (it is the admin
 * app's; `next` is passed along for when it learns to come back here).
 */
export function StaffGate({ permission, children }: { permission: string; children: (me: TMe) => ReactNode }) {
  const { t } = useTranslation('mobileCases');
  const { t: tc } = useTranslation('common');
  const me = useApiGet<TMe>('/api/auth/me');
  if (me.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (me.status === 'error') {
    if (me.error instanceof ApiError && me.error.status === 401) {
      const here = `${window.location.pathname}${window.location.search}`;
      return (
        <MobileMessage
          text={t('staff.signInNeeded')}
          action={
            <a className="big-button case-link-big" href={`/login?next=${encodeURIComponent(here)}`} data-testid="case-sign-in">
              {t('staff.signIn')}
            </a>
          }
        />
      );
    }
    return (
      <MobileMessage
        text={`${t('loadFailed')}: ${caseErrorText(t, tc, me.error)}`}
        action={
          <button type="button" className="big-button" onClick={me.reload}>
            {t('retry')}
          </button>
        }
      />
    );
  }
  if (!me.data.isSuperAdmin && !me.data.permissions.includes(permission)) return <MobileMessage text={t('staff.noPermission')} />;
  return <>{children(me.data)}</>;
}
