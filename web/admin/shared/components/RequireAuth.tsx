import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { describeError } from '../../../lib/i18n/describeError';
import { useMe } from '../../features/auth/hooks/useMe';
import { PageLoading } from './PageLoading';

/** Renders its children for a signed-in user; sends anyone else to /login, remembering the page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  if (me.isPending) return <PageLoading fullScreen />;
  if (me.isError && me.data === undefined) {
    return (
      <Result
        status="error"
        title={t('common.loadFailed')}
        subTitle={describeError(tc, me.error).title}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!me.data) return <Navigate to="/login" replace state={{ from: location }} />;
  return <>{children}</>;
}
