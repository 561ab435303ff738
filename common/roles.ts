import { z } from 'zod';

/** The five-level roster plus an area admin and a read-only observer. Highest first. */
export const ROLES = ['admin', 'chief_advisor', 'chief_grid_leader', 'grid_advisor', 'grid_leader', 'grid_worker', 'observer'] as const;
export type Role = (typeof ROLES)[number];
export const ZRole = z.enum(ROLES);

/** Roles that make someone responsible for an area (the five-level roster 五级网格职责). */
export const ROSTER_ROLES: readonly Role[] = ['chief_advisor', 'chief_grid_leader', 'grid_advisor', 'grid_leader', 'grid_worker'];

/** Lower number = more authority. Someone may assign only roles ranked below their own (admins: any). */
export const ROLE_RANK: Record<Role, number> = {
  admin: 0,
  chief_advisor: 1,
  chief_grid_leader: 2,
  grid_advisor: 3,
  grid_leader: 4,
  grid_worker: 5,
  observer: 6,
};

/** The five duties of a grid worker (五大员). */
export const DUTIES = ['publicity', 'screening', 'supervision', 'errands', 'rectification'] as const;
export type Duty = (typeof DUTIES)[number];
export const ZDuty = z.enum(DUTIES);

export const PERMISSIONS = ['area.read', 'area.write', 'roster.read', 'roster.write', 'user.manage', 'audit.read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role may do inside the areas it is assigned to. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  chief_advisor: ['area.read', 'area.write', 'roster.read', 'roster.write', 'user.manage'],
  chief_grid_leader: ['area.read', 'area.write', 'roster.read', 'roster.write', 'user.manage'],
  grid_advisor: ['area.read', 'area.write', 'roster.read', 'roster.write', 'user.manage'],
  grid_leader: ['area.read', 'area.write', 'roster.read', 'roster.write', 'user.manage'],
  grid_worker: ['area.read', 'roster.read'],
  observer: ['area.read', 'roster.read'],
};
