import { AlertOutlined, ApartmentOutlined, AuditOutlined, BarChartOutlined, CloudUploadOutlined, FileSearchOutlined, FormOutlined, HomeOutlined, IdcardOutlined, NotificationOutlined, SolutionOutlined, TagsOutlined, TeamOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../../common/roles';

export interface NavItem {
  path: string;
  labelKey: 'nav.areas' | 'nav.areaImport' | 'nav.roster' | 'nav.users' | 'nav.audit' | 'nav.residents' | 'nav.households' | 'nav.residentImport' | 'nav.registryOverview' | 'nav.announcements' | 'nav.forms' | 'nav.formAlerts' | 'nav.cases' | 'nav.inspections' | 'nav.caseCategories';
  permission: Permission;
  icon: ReactNode;
}

/** A heading in the menu with its pages below it (人口: residents, households …). */
export interface NavGroup {
  key: string;
  labelKey: 'nav.registry';
  icon: ReactNode;
  children: NavItem[];
}

/** The menu, in order; a user sees the items their permissions allow (GET /api/auth/me), and a group when they see any of it. */
export const NAV: (NavItem | NavGroup)[] = [
  { path: '/areas', labelKey: 'nav.areas', permission: 'area.read', icon: <ApartmentOutlined /> },
  { path: '/areas/import', labelKey: 'nav.areaImport', permission: 'area.write', icon: <CloudUploadOutlined /> },
  { path: '/roster', labelKey: 'nav.roster', permission: 'roster.read', icon: <TeamOutlined /> },
  {
    key: 'registry',
    labelKey: 'nav.registry',
    icon: <IdcardOutlined />,
    children: [
      { path: '/residents', labelKey: 'nav.residents', permission: 'resident.read', icon: <IdcardOutlined /> },
      { path: '/households', labelKey: 'nav.households', permission: 'resident.read', icon: <HomeOutlined /> },
      { path: '/residents/import', labelKey: 'nav.residentImport', permission: 'resident.write', icon: <UploadOutlined /> },
      { path: '/registry/overview', labelKey: 'nav.registryOverview', permission: 'resident.read', icon: <BarChartOutlined /> },
    ],
  },
  { path: '/announcements', labelKey: 'nav.announcements', permission: 'announcement.read', icon: <NotificationOutlined /> },
  { path: '/forms', labelKey: 'nav.forms', permission: 'form.read', icon: <FormOutlined /> },
  { path: '/form-alerts', labelKey: 'nav.formAlerts', permission: 'form.read', icon: <AlertOutlined /> },
  { path: '/cases', labelKey: 'nav.cases', permission: 'case.read', icon: <SolutionOutlined /> },
  { path: '/inspections', labelKey: 'nav.inspections', permission: 'case.read', icon: <FileSearchOutlined /> },
  { path: '/case-categories', labelKey: 'nav.caseCategories', permission: 'case.configure', icon: <TagsOutlined /> },
  { path: '/users', labelKey: 'nav.users', permission: 'user.manage', icon: <UserOutlined /> },
  { path: '/audit', labelKey: 'nav.audit', permission: 'audit.read', icon: <AuditOutlined /> },
];

/** Every page of the menu, groups flattened, in menu order. */
export const NAV_ITEMS: NavItem[] = NAV.flatMap((entry) => ('children' in entry ? entry.children : [entry]));
