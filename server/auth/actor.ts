import { ROLE_PERMISSIONS, ROLE_RANK, type Permission, type Role } from '../../common/roles.js';
import { AppError } from '../http/errors.js';

/** One active assignment as it bears on permissions: a role held at an area (by its path). */
export interface Grant {
  areaId: number;
  path: string;
  role: Role;
}

/** The signed-in user making a request, with everything the scope checks need. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  isSuperAdmin: boolean;
  ip: string | null;
  grants: Grant[];
}

/** Whether `actor` holds `permission` at the area with path `path` (through an assignment at it or above it). */
export function canAt(actor: Actor, permission: Permission, path: string): boolean {
  if (actor.isSuperAdmin) return true;
  return actor.grants.some((g) => path.startsWith(g.path) && ROLE_PERMISSIONS[g.role].includes(permission));
}

/** The area paths under which `actor` holds `permission`, nested ones removed; `'all'` for a super admin. */
export function pathsWith(actor: Actor, permission: Permission): string[] | 'all' {
  if (actor.isSuperAdmin) return 'all';
  const paths = [...new Set(actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission)).map((g) => g.path))].sort();
  return paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(q)));
}

/** Whether the actor holds `permission` anywhere at all. */
export function canAnywhere(actor: Actor, permission: Permission): boolean {
  const paths = pathsWith(actor, permission);
  return paths === 'all' || paths.length > 0;
}

/** The highest authority (lowest rank number) the actor has at `path`; Infinity when none. */
export function rankAt(actor: Actor, path: string): number {
  if (actor.isSuperAdmin) return -1;
  let best = Number.POSITIVE_INFINITY;
  for (const g of actor.grants) if (path.startsWith(g.path)) best = Math.min(best, ROLE_RANK[g.role]);
  return best;
}

/**
 * Require `permission` at an area. Someone who cannot even read it gets 404 (its existence is not
 * revealed); someone who can read but not change it gets 403.
 */
export function requireAt(actor: Actor, permission: Permission, path: string, what = 'area'): void {
  if (canAt(actor, permission, path)) return;
  if (permission !== 'area.read' && canAt(actor, 'area.read', path)) throw new AppError('FORBIDDEN', `your role does not allow this on this ${what}`);
  throw new AppError('NOT_FOUND', `${what} not found`);
}

/** Whether the actor may give `role` to someone at `path`: admins may give any role, others only roles below their own. */
export function mayGrantRole(actor: Actor, role: Role, path: string): boolean {
  if (!canAt(actor, 'roster.write', path)) return false;
  const rank = rankAt(actor, path);
  if (rank <= ROLE_RANK.admin) return true;
  return ROLE_RANK[role] > rank;
}
