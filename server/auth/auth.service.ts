import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ROLE_PERMISSIONS, PERMISSIONS, type Role } from '../../common/roles.js';
import type { TMe } from '../../common/auth.js';
import { recordAudit } from '../audit/audit.service.js';

import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { Actor, Grant } from './actor.js';
import { DUMMY_HASH, verifyPassword } from './password.js';

export const SESSION_COOKIE = 'wangge_session';
export const SESSION_DAYS = 7;
/** Failed logins in a row before an account is locked, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

/**
 * Check a username and password and open a session. Repeated failures lock the account for a while;
 * every attempt, good or bad, is audit-logged.
 */
export async function login(db: Kysely<Database>, username: string, password: string, ip: string | null, userAgent: string | null, now = new Date()): Promise<LoginResult> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  // The form takes up to 64 characters but the log keeps 32, as usernames are no longer; PostgreSQL would refuse more.
  const who = { userId: user?.id ?? null, username: username.slice(0, 32), ip };
  if (!user) {
    await verifyPassword(password, DUMMY_HASH);
    await recordAudit(db, who, { action: 'auth.login_failed', entityType: 'user', after: { reason: 'unknown user' } });
    throw new AppError('AUTH_INVALID', 'wrong username or password');
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    await recordAudit(db, who, { action: 'auth.login_failed', entityType: 'user', entityId: user.id, after: { reason: 'locked' } });
    const minutes = Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60000);
    throw new AppError('AUTH_LOCKED', `this account is locked after repeated wrong passwords; try again in ${minutes} minute(s) or ask an administrator to unlock it`);
  }
  const ok = await verifyPassword(password, user.password_hash);
  if (!ok) {
    const failures = user.failed_logins + 1;
    const lock = failures >= LOCK_AFTER_FAILURES;
    await db
      .updateTable('users')
      .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + LOCK_MINUTES * 60000).toISOString() : user.locked_until })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(db, who, { action: lock ? 'auth.locked' : 'auth.login_failed', entityType: 'user', entityId: user.id, after: { reason: 'wrong password', failures } });
    if (lock) throw new AppError('AUTH_LOCKED', `too many wrong passwords: this account is locked for ${LOCK_MINUTES} minutes`);
    throw new AppError('AUTH_INVALID', `wrong username or password (${LOCK_AFTER_FAILURES - failures} attempt(s) left before the account is locked)`);
  }
  if (user.disabled) {
    await recordAudit(db, who, { action: 'auth.login_failed', entityType: 'user', entityId: user.id, after: { reason: 'disabled' } });
    throw new AppError('AUTH_DISABLED', 'this account is disabled; ask an administrator');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86400_000);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ id: hashToken(token), user_id: user.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), last_seen_at: now.toISOString(), ip, user_agent: userAgent?.slice(0, 255) ?? null })
      .execute();
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now.toISOString() }).where('id', '=', user.id).execute();
    await recordAudit(trx, { userId: user.id, username: user.username, ip }, { action: 'auth.login', entityType: 'user', entityId: user.id });
  });
  const actor = await loadActor(db, user.id, ip);
  if (!actor) throw new AppError('AUTH_INVALID', 'wrong username or password');
  return { token, expiresAt, actor };
}

/** End a session (logout). */
export async function logout(db: Kysely<Database>, token: string, actor: Actor | null): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
  if (actor) await recordAudit(db, { userId: actor.userId, username: actor.username, ip: actor.ip }, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
}

/** The actor behind a session token, or null when the token is unknown, expired, or the user is disabled. */
export async function actorFromSession(db: Kysely<Database>, token: string, ip: string | null, now = new Date()): Promise<Actor | null> {
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', hashToken(token)).executeTakeFirst();
  if (!session) return null;
  if (new Date(session.expires_at) <= now) {
    await db.deleteFrom('sessions').where('id', '=', session.id).execute();
    return null;
  }
  // Touch at most once a minute so reads do not turn into writes.
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', session.id).execute();
  }
  return loadActor(db, session.user_id, ip);
}

/** Load a user with their active assignments as an Actor; null when missing or disabled. */
export async function loadActor(db: Kysely<Database>, userId: number, ip: string | null): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'username', 'display_name', 'is_super_admin', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.disabled) return null;
  const grants = await db
    .selectFrom('assignments')
    .innerJoin('areas', 'areas.id', 'assignments.area_id')
    .select(['assignments.area_id as areaId', 'areas.path as path', 'assignments.role as role'])
    .where('assignments.user_id', '=', userId)
    .where('assignments.ended_at', 'is', null)
    .where('areas.archived_at', 'is', null)
    .execute();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    isSuperAdmin: user.is_super_admin === 1,
    ip,
    grants: grants.map((g) => ({ areaId: g.areaId, path: g.path, role: g.role as Role })) satisfies Grant[],
  };
}

/** What `GET /api/auth/me` answers: the user, their assignments with area names, and their permissions. */
export async function describeMe(db: Kysely<Database>, actor: Actor): Promise<TMe> {
  const ids = actor.grants.map((g) => g.areaId);
  const areas = ids.length ? await db.selectFrom('areas').select(['id', 'code', 'name', 'level', 'path']).where('id', 'in', ids).execute() : [];
  const byId = new Map(areas.map((a) => [a.id, a]));
  const permissions = actor.isSuperAdmin ? [...PERMISSIONS] : [...new Set(actor.grants.flatMap((g) => ROLE_PERMISSIONS[g.role]))];
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    isSuperAdmin: actor.isSuperAdmin,
    assignments: actor.grants.map((g) => {
      const a = byId.get(g.areaId)!;
      return { areaId: g.areaId, role: g.role, area: { id: a.id, code: a.code, name: a.name, level: a.level as any, path: a.path } };
    }),
    permissions,
  };
}

/** Remove expired sessions; cheap, run at start-up and now and then. */
export async function purgeExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
}

