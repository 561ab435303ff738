import type { Kysely } from 'kysely';
import type { TAuditEntry, TAuditQuery } from '../../common/audit.js';
import type { Actor } from '../auth/actor.js';
import { pathsWith } from '../auth/actor.js';
import { nowIso, toInt, underAnyPath } from '../db/dialect.js';
import type { AuditRow, Database } from '../db/types.js';
import { AppError } from '../http/errors.js';

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  areaId?: number | null;
  areaPath?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who did it, as the audit log records it; logins and anonymous events pass a partial actor. */
export interface AuditWho {
  userId: number | null;
  username: string | null;
  ip: string | null;
}

/** The CLI acts as user id 0, which the log records as no user but by name. */
export const whoOf = (actor: Actor): AuditWho => ({ userId: actor.userId > 0 ? actor.userId : null, username: actor.username, ip: actor.ip });

/** Append one entry to the audit log; pass the transaction so the entry commits or rolls back with the change. */
export async function recordAudit(db: Kysely<Database>, who: AuditWho, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      user_id: who.userId,
      username: who.username,
      ip: who.ip,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId == null ? null : String(event.entityId),
      area_id: event.areaId ?? null,
      area_path: event.areaPath ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
    })
    .execute();
}

function present(row: AuditRow): TAuditEntry {
  return {
    id: row.id,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    ip: row.ip,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    areaId: row.area_id,
    before: row.before ? JSON.parse(row.before) : null,
    after: row.after ? JSON.parse(row.after) : null,
  };
}

function toIso(value: string, endOfDay: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return endOfDay ? `${value}T23:59:59.999Z` : `${value}T00:00:00.000Z`;
  return new Date(value).toISOString();
}

/**
 * Browse the audit log. Super admins see everything; area admins see entries about areas in their
 * scope and the actions of users they can see through it.
 */
export async function listAudit(db: Kysely<Database>, actor: Actor, query: TAuditQuery) {
  const paths = pathsWith(actor, 'audit.read');
  if (paths !== 'all' && paths.length === 0) throw new AppError('FORBIDDEN', 'only administrators may read the audit log');
  let q = db.selectFrom('audit_log');
  if (paths !== 'all') q = q.where((eb) => underAnyPath(eb, 'audit_log.area_path', paths));
  if (query.area) {
    const area = await db.selectFrom('areas').select(['path']).where('id', '=', query.area).executeTakeFirst();
    if (!area) throw new AppError('NOT_FOUND', 'area not found');
    q = q.where((eb) => underAnyPath(eb, 'audit_log.area_path', [area.path]));
  }
  if (query.user) q = q.where('user_id', '=', query.user);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.from) q = q.where('at', '>=', toIso(query.from, false));
  if (query.to) q = q.where('at', '<=', toIso(query.to, true));
  const [{ n }] = await q.select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: rows.map(present), total: toInt(n), page: query.page, pageSize: query.pageSize };
}
