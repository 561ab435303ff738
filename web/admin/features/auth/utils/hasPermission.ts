import type { TMe } from '../../../../../common/auth';
import type { Permission } from '../../../../../common/roles';

/** Whether the menu should offer something; the server checks again on every call. */
export function hasPermission(me: TMe | null | undefined, permission: Permission): boolean {
  if (!me) return false;
  return me.isSuperAdmin || me.permissions.includes(permission);
}
