import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../../../../common/users';

/** Super admin / disabled / locked / active, as tags. */
export function UserStatusTags({ user }: { user: TUser }) {
  const { t } = useTranslation('admin');
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {user.isSuperAdmin && <Tag color="gold">{t('users.superAdmin')}</Tag>}
      {user.disabled && <Tag color="default">{t('users.disabled')}</Tag>}
      {user.locked && (
        <Tag color="red" data-testid="user-locked">
          {t('users.locked')}
        </Tag>
      )}
      {!user.disabled && !user.locked && <Tag color="green">{t('users.normal')}</Tag>}
    </span>
  );
}
