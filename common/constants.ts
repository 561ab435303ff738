/** Constants and types with no zod in them, so the web can import them without pulling in the schemas. */

/** Area levels from the top of the country down to a stairwell unit, in order. */
export const AREA_LEVELS = [
  'province',
  'city',
  'district',
  'subdistrict',
  'township',
  'community',
  'village',
  'grid',
  'building',
  'unit',
] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Depth rank of each level: subdistrict/township and community/village are alternatives at one rank. */
export const AREA_LEVEL_RANK: Record<AreaLevel, number> = {
  province: 0,
  city: 1,
  district: 2,
  subdistrict: 3,
  township: 3,
  community: 4,
  village: 4,
  grid: 5,
  building: 6,
  unit: 7,
};

/** Levels whose codes are official 12-digit statistical division codes (GB/T 2260 style). */
export const OFFICIAL_LEVELS: ReadonlySet<AreaLevel> = new Set([
  'province',
  'city',
  'district',
  'subdistrict',
  'township',
  'community',
  'village',
]);

export const OFFICIAL_CODE = /^\d{12}$/;
export const FREE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Templates for the levels a deployment uses. */
export const LEVEL_TEMPLATES = {
  all: [...AREA_LEVELS],
  urban: ['district', 'subdistrict', 'community', 'grid', 'building', 'unit'],
  rural: ['district', 'township', 'village', 'grid', 'building', 'unit'],
  mixed: ['district', 'subdistrict', 'township', 'community', 'village', 'grid', 'building', 'unit'],
} as const satisfies Record<string, readonly AreaLevel[]>;

/** The five-level roster plus an area admin and a read-only observer. Highest first. */
export const ROLES = ['admin', 'chief_advisor', 'chief_grid_leader', 'grid_advisor', 'grid_leader', 'grid_worker', 'observer'] as const;
export type Role = (typeof ROLES)[number];

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

export const PERMISSIONS = [
  'area.read',
  'area.write',
  'roster.read',
  'roster.write',
  'user.manage',
  'audit.read',
  'resident.read',
  'resident.write',
  'resident.reveal',
  'resident.export',
  'announcement.read',
  'announcement.write',
  'announcement.review',
  'form.read',
  'form.write',
  'form.export',
  'form.alert',
  'case.read',
  'case.report',
  'case.handle',
  'case.manage',
  'case.verify',
  'case.configure',
  'inspection.write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Leaders hold every permission but reading the whole audit log and configuring case categories (deployment-wide). */
const LEADER: readonly Permission[] = PERMISSIONS.filter((p) => p !== 'audit.read' && p !== 'case.configure');

/**
 * What each role may do inside the areas it is assigned to. Grid workers keep their grid's registry
 * and may reveal one resident's number at a time (audited) to call them; bulk export is for leaders.
 * Grid workers are publicists (宣传员): they write notices for their grid, but a second person from
 * grid leader up reviews them; observers only read. Forms (自主申报) are designed from grid leader up; grid
 * workers read their grid's statistics, alerts and who has not reported, and follow up alerts.
 * Cases (工单): grid workers raise cases, claim errands and handle what is assigned to them; accepting,
 * assigning and verifying (by someone other than the handler) is for grid leaders up. Configuring
 * categories is for system administrators (`case.configure`, held by no area role).
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  chief_advisor: LEADER,
  chief_grid_leader: LEADER,
  grid_advisor: LEADER,
  grid_leader: LEADER,
  grid_worker: ['area.read', 'roster.read', 'resident.read', 'resident.write', 'resident.reveal', 'announcement.read', 'announcement.write', 'form.read', 'form.alert', 'case.read', 'case.report', 'case.handle'],
  observer: ['area.read', 'roster.read', 'resident.read', 'announcement.read', 'form.read', 'case.read'],
};
