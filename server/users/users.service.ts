import type { Kysely } from 'kysely';
import type { TUser, TUserCreate, TUserUpdate } from '../../common/users.js';
import { ROLE_RANK, type Role } from '../../common/roles.js';
import { type Actor, canAnywhere, canAt, pathsWith, rankAt } from '../auth/actor.js';
import { hashPassword } from '../auth/password.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { containsIgnoreCase, nowIso, toInt, underAnyPath } from '../db/dialect.js';
import type { Database, UserRow } from '../db/types.js';
import { AppError } from '../http/errors.js';

type Db = Kysely<Database>;

/** Show the first 3 and last 4 digits of a phone number: 138****8000. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length >= 7 ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : '*'.repeat(phone.length);
}

export function presentUser(row: UserRow, opts: { maskPhone: boolean }, now = new Date()): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    phone: opts.maskPhone ? maskPhone(row.phone) : row.phone,
    showPhone: row.show_phone === 1,
    isSuperAdmin: row.is_super_admin === 1,
    disabled: row.disabled === 1,
    locked: row.locked_until !== null && new Date(row.locked_until) > now,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

const snapshot = (u: UserRow) => ({ username: u.username, displayName: u.display_name, phone: maskPhone(u.phone), showPhone: u.show_phone === 1, disabled: u.disabled === 1 });

/** Users the actor can see: those with an assignment (now or before) in their scope, those they created, and themselves. */
function visibleUsers(db: Db, actor: Actor) {
  const q = db.selectFrom('users');
  if (actor.isSuperAdmin) return q;
  const paths = pathsWith(actor, 'roster.read') as string[];
  return q.where((eb) =>
    eb.or([
      eb('users.id', '=', actor.userId),
      eb('users.created_by', '=', actor.userId),
      eb.exists(
        eb
          .selectFrom('assignments')
          .innerJoin('areas', 'areas.id', 'assignments.area_id')
          .select('assignments.id')
          .whereRef('assignments.user_id', '=', 'users.id')
          .where((e2) => underAnyPath(e2, 'areas.path', paths)),
      ),
    ]),
  );
}

export async function listUsers(db: Db, actor: Actor, query: { q?: string; page: number; pageSize: number }) {
  if (!canAnywhere(actor, 'roster.read')) throw new AppError('FORBIDDEN', 'your role does not allow listing users');
  let q = visibleUsers(db, actor);
  if (query.q) {
    // Match the phone only when the search has digits: a NUL stand-in matched every phone on SQLite and broke PostgreSQL.
    const digits = query.q.replace(/\D/g, '');
    q = q.where((eb) => eb.or([containsIgnoreCase('users.username', query.q!), containsIgnoreCase('users.display_name', query.q!), ...(digits ? [eb('users.phone', 'like', `%${digits}`)] : [])]));
  }
  const [{ n }] = await q.select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q.selectAll('users').orderBy('users.id').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return { items: rows.map((r) => presentUser(r, { maskPhone: r.id !== actor.userId })), total: toInt(n), page: query.page, pageSize: query.pageSize };
}

async function loadVisible(db: Db, actor: Actor, id: number): Promise<UserRow> {
  const row = await visibleUsers(db, actor).selectAll('users').where('users.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'user not found');
  return row;
}

/**
 * Whether the actor manages `user`: a super admin manages everyone but other super admins are
 * managed only by super admins; others manage users whose every active role sits in their scope
 * below their own rank, or users they created who hold no role yet.
 */
async function manages(db: Db, actor: Actor, user: UserRow): Promise<boolean> {
  if (actor.isSuperAdmin) return true;
  if (user.is_super_admin) return false;
  const roles = await db
    .selectFrom('assignments')
    .innerJoin('areas', 'areas.id', 'assignments.area_id')
    .select(['assignments.role', 'areas.path'])
    .where('assignments.user_id', '=', user.id)
    .where('assignments.ended_at', 'is', null)
    .execute();
  if (roles.length === 0) return user.created_by === actor.userId && canAnywhere(actor, 'user.manage');
  return roles.every((r) => {
    if (!canAt(actor, 'user.manage', r.path)) return false;
    const rank = rankAt(actor, r.path);
    return rank === ROLE_RANK.admin || ROLE_RANK[r.role as Role] > rank;
  });
}

export async function getUser(db: Db, actor: Actor, id: number): Promise<TUser> {
  const row = await loadVisible(db, actor, id);
  const full = row.id === actor.userId || (await manages(db, actor, row));
  return presentUser(row, { maskPhone: !full });
}

/** Create an account; anyone who manages users somewhere may, and the new user is theirs to assign. */
export async function createUser(db: Db, actor: Actor, input: TUserCreate): Promise<TUser> {
  if (!canAnywhere(actor, 'user.manage')) throw new AppError('FORBIDDEN', 'your role does not allow creating users');
  const taken = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new AppError('USERNAME_TAKEN', `the username "${input.username}" is already taken`, { username: 'already taken' });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ username: input.username, password_hash: passwordHash, display_name: input.displayName, phone: input.phone ?? null, show_phone: input.showPhone ? 1 : 0, is_super_admin: 0, disabled: 0, failed_logins: 0, locked_until: null, created_at: nowIso(), created_by: actor.userId, last_login_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, whoOf(actor), { action: 'user.create', entityType: 'user', entityId: row.id, after: snapshot(row) });
    return presentUser(row, { maskPhone: false });
  });
}

/** Change a user. People may edit their own name, phone and password; managers may also disable, unlock and reset. */
export async function updateUser(db: Db, actor: Actor, id: number, input: TUserUpdate): Promise<TUser> {
  const row = await loadVisible(db, actor, id);
  const self = row.id === actor.userId;
  const manager = await manages(db, actor, row);
  if (!self && !manager) throw new AppError('FORBIDDEN', 'you may not change this user: they hold a role at or above yours, or outside your areas');
  if (self && !manager && (input.disabled !== undefined || input.unlock)) throw new AppError('FORBIDDEN', 'you cannot disable or unlock your own account');
  if (self && input.disabled) throw new AppError('FORBIDDEN', 'you cannot disable your own account');
  const set: Partial<UserRow> = {};
  if (input.displayName !== undefined) set.display_name = input.displayName;
  if (input.phone !== undefined) set.phone = input.phone;
  if (input.showPhone !== undefined) set.show_phone = input.showPhone ? 1 : 0;
  if (input.disabled !== undefined) set.disabled = input.disabled ? 1 : 0;
  if (input.unlock) Object.assign(set, { locked_until: null, failed_logins: 0 });
  if (input.password !== undefined) Object.assign(set, { password_hash: await hashPassword(input.password), failed_logins: 0, locked_until: null });
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (input.disabled || (input.password !== undefined && !self)) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const action = input.disabled ? 'user.disable' : input.unlock ? 'user.unlock' : input.password !== undefined ? 'user.password' : 'user.update';
    await recordAudit(trx, whoOf(actor), { action, entityType: 'user', entityId: id, before: snapshot(row), after: snapshot(updated) });
    return presentUser(updated, { maskPhone: false });
  });
}
