import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { NAV_ITEMS } from '../../app/navItems';
import { useMe } from '../../features/auth/hooks/useMe';
import { hasPermission } from '../../features/auth/utils/hasPermission';

/** `/` opens the first page the user may see. */
export function HomeRedirect() {
  const { data: me } = useMe();
  const { t } = useTranslation('admin');
  const first = NAV_ITEMS.find((item) => hasPermission(me, item.permission));
  if (first) return <Navigate to={first.path} replace />;
  return <Result status="info" title={t('noAccess.title')} subTitle={t('noAccess.text')} />;
}
