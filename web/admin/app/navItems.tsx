import { ApartmentOutlined, AuditOutlined, CloudUploadOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../../common/roles';

export interface NavItem {
  path: string;
  labelKey: 'nav.areas' | 'nav.areaImport' | 'nav.roster' | 'nav.users' | 'nav.audit';
  permission: Permission;
  icon: ReactNode;
}

/** The menu, in order; a user sees the items their permissions allow (GET /api/auth/me). */
export const NAV_ITEMS: NavItem[] = [
  { path: '/areas', labelKey: 'nav.areas', permission: 'area.read', icon: <ApartmentOutlined /> },
  { path: '/areas/import', labelKey: 'nav.areaImport', permission: 'area.write', icon: <CloudUploadOutlined /> },
  { path: '/roster', labelKey: 'nav.roster', permission: 'roster.read', icon: <TeamOutlined /> },
  { path: '/users', labelKey: 'nav.users', permission: 'user.manage', icon: <UserOutlined /> },
  { path: '/audit', labelKey: 'nav.audit', permission: 'audit.read', icon: <AuditOutlined /> },
];
