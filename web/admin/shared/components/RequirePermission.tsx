import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../../common/roles';
import { useMe } from '../../features/auth/hooks/useMe';
import { hasPermission } from '../../features/auth/utils/hasPermission';

/** A page the user's roles do not cover shows a 403 instead (the server refuses the data anyway). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { data: me } = useMe();
  const { t } = useTranslation('admin');
  if (!hasPermission(me, permission)) return <Result status="403" title={t('forbidden.title')} subTitle={t('forbidden.text')} />;
  return <>{children}</>;
}
