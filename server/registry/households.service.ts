import { type Kysely, sql } from 'kysely';
import type { THousehold } from '../../common/registry.js';
import { type Actor, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { idsOfPath } from '../areas/areas.repository.js';
import { isUniqueViolation, nowIso, toInt, underAnyPath } from '../db/dialect.js';
import type { Database, HouseholdRow } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { phoneColumns, tagsFromColumn, tagsToColumn } from './resident-fields.js';
import { replaceResidentTags } from './resident-tags-index.js';

type Db = Kysely<Database>;

/** Levels a household can sit at: a unit or building in a city, a grid (or its 片/组) in a village. */
export const HOUSEHOLD_LEVELS = ['unit', 'building', 'grid'];

export interface Place {
  id: number;
  path: string;
  level: string;
  name: string;
  /** The text before the room number: 3号楼1单元. */
  prefix: string;
}

/**
 * Where a household would sit, with its address prefix; 400 when the area cannot hold households.
 * With `actor`, their right to register households there is checked first, so that someone outside
 * the area learns nothing about it (not its level, not its name, not that it is archived).
 */
export async function placeOf(db: Db, areaId: number, actor?: Actor, what = 'area'): Promise<Place> {
  const area = await db.selectFrom('areas').select(['id', 'path', 'level', 'name', 'parent_id', 'archived_at']).where('id', '=', areaId).executeTakeFirst();
  if (!area) throw new AppError('NOT_FOUND', `${what} not found`);
  if (actor) requireAt(actor, 'resident.write', area.path, what);
  if (!HOUSEHOLD_LEVELS.includes(area.level)) throw new AppError('AREA_LEVEL_INVALID', `households belong to a unit, building or grid, not a ${area.level}`, { areaId: 'choose a unit, building or grid' });
  if (area.archived_at) throw new AppError('AREA_ARCHIVED', `"${area.name}" is archived`);
  let prefix = area.name;
  if (area.level === 'unit' && area.parent_id) {
    const building = await db.selectFrom('areas').select('name').where('id', '=', area.parent_id).executeTakeFirst();
    prefix = `${building?.name ?? ''}${area.name}`;
  }
  return { id: area.id, path: area.path, level: area.level, name: area.name, prefix };
}

/** The grid each path lies in, for display: path → { id, name }. */
export async function gridsOfPaths(db: Db, paths: string[]): Promise<Map<string, { id: number; name: string }>> {
  const ids = [...new Set(paths.flatMap(idsOfPath))];
  const grids = ids.length ? await db.selectFrom('areas').select(['id', 'name']).where('id', 'in', ids).where('level', '=', 'grid').execute() : [];
  const byId = new Map(grids.map((g) => [g.id, g]));
  const out = new Map<string, { id: number; name: string }>();
  for (const p of paths) {
    const g = idsOfPath(p).map((id) => byId.get(id)).find(Boolean);
    if (g) out.set(p, g);
  }
  return out;
}

function present(row: HouseholdRow & { head_name: string | null; member_count: number | string }, grid: { id: number; name: string } | undefined): THousehold {
  return {
    id: row.id,
    areaId: row.area_id,
    room: row.room,
    address: row.address,
    headName: row.head_name,
    phone: row.phone_last4 ? `*******${row.phone_last4}` : null,
    tags: tagsFromColumn(row.tags),
    memberCount: toInt(row.member_count),
    gridId: grid?.id ?? null,
    gridName: grid?.name ?? null,
  };
}

function householdQuery(db: Db) {
  return db
    .selectFrom('households')
    .leftJoin('residents as head', 'head.id', 'households.head_resident_id')
    .selectAll('households')
    .select('head.name as head_name')
    .select((eb) =>
      eb
        .selectFrom('residents as m')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('m.household_id', '=', 'households.id')
        .where('m.status', '=', 'present')
        .where('m.merged_into', 'is', null)
        .as('member_count'),
    );
}

/** Households in the caller's scope, under an area, optionally by room or address text. */
export async function listHouseholds(db: Db, actor: Actor, query: { area?: number; q?: string; page: number; pageSize: number }) {
  const scope = pathsWith(actor, 'resident.read');
  if (scope !== 'all' && scope.length === 0) throw new AppError('FORBIDDEN', 'your role does not allow reading the registry');
  let q = householdQuery(db);
  if (scope !== 'all') q = q.where((eb) => underAnyPath(eb, 'households.area_path', scope));
  if (query.area) {
    const area = await db.selectFrom('areas').select('path').where('id', '=', query.area).executeTakeFirst();
    if (!area) throw new AppError('NOT_FOUND', 'area not found');
    requireAt(actor, 'resident.read', area.path);
    q = q.where((eb) => underAnyPath(eb, 'households.area_path', [area.path]));
  }
  if (query.q) q = q.where(sql<boolean>`households.address like ${'%' + query.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} escape '\\'`);
  const [{ n }] = await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q.orderBy('households.area_path').orderBy('households.room').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  const grids = await gridsOfPaths(db, rows.map((r) => r.area_path));
  return { items: rows.map((r) => present(r as any, grids.get(r.area_path))), total: toInt(n), page: query.page, pageSize: query.pageSize };
}

export async function getHousehold(db: Db, actor: Actor, id: number): Promise<THousehold> {
  const row = await householdQuery(db).where('households.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'household not found');
  requireAt(actor, 'resident.read', row.area_path, 'household');
  const grids = await gridsOfPaths(db, [row.area_path]);
  return present(row as any, grids.get(row.area_path));
}

/** Two people registering the same room at once: the check before the insert passes for both, the unique index stops the second. */
function roomTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw new AppError('HOUSEHOLD_EXISTS', 'someone else registered a household in this room just now; reload to see it', { room: 'already registered' });
  throw err;
}

/** Register a household at a unit/building/grid; a room can hold one household. */
export async function createHousehold(db: Db, cipher: PersonalDataCipher, actor: Actor, input: { areaId: number; room: string; phone?: string | null; tags?: string[] }): Promise<THousehold> {
  const id = await db.transaction().execute(async (trx) => {
    const place = await placeOf(trx, input.areaId, actor);
    const taken = await trx.selectFrom('households').select('id').where('area_id', '=', place.id).where('room', '=', input.room).executeTakeFirst();
    if (taken) throw new AppError('HOUSEHOLD_EXISTS', `room ${input.room} of ${place.prefix} is already registered (household ${taken.id})`, { room: 'already registered' });
    const now = nowIso();
    const { phone_enc, phone_hash, phone_last4 } = phoneColumns(cipher, input.phone);
    const row = await trx
      .insertInto('households')
      .values({ area_id: place.id, area_path: place.path, room: input.room, address: `${place.prefix}${input.room}`, phone_enc, phone_hash, phone_last4, tags: tagsToColumn(input.tags), head_resident_id: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, whoOf(actor), { action: 'household.create', entityType: 'household', entityId: row.id, areaId: place.id, areaPath: place.path, after: { address: `${place.prefix}${input.room}` } });
    return row.id;
  }).catch(roomTaken);
  return getHousehold(db, actor, id);
}

/** Move a household (with everyone in it) to another place; each member's history records the move. */
export async function moveHousehold(db: Db, actor: Actor, id: number, input: { areaId: number; room?: string; note?: string }): Promise<THousehold> {
  await db.transaction().execute(async (trx) => {
    const household = await trx.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
    if (!household) throw new AppError('NOT_FOUND', 'household not found');
    requireAt(actor, 'resident.write', household.area_path, 'household');
    const place = await placeOf(trx, input.areaId, actor, 'target area');
    const room = input.room ?? household.room;
    const taken = await trx.selectFrom('households').select('id').where('area_id', '=', place.id).where('room', '=', room).where('id', '!=', id).executeTakeFirst();
    if (taken) throw new AppError('HOUSEHOLD_EXISTS', `room ${room} of ${place.prefix} already has a household`, { room: 'already registered' });
    const address = `${place.prefix}${room}`;
    const now = nowIso();
    await trx.updateTable('households').set({ area_id: place.id, area_path: place.path, room, address, updated_at: now }).where('id', '=', id).execute();
    const members = await trx.selectFrom('residents').select('id').where('household_id', '=', id).execute();
    await trx.updateTable('residents').set({ area_id: place.id, area_path: place.path, address, updated_at: now }).where('household_id', '=', id).execute();
    await replaceResidentTags(trx, members.map((m) => m.id));
    for (const m of members) {
      await trx
        .insertInto('resident_history')
        .values({ resident_id: m.id, household_id: id, at: now, kind: 'move', note: input.note ?? null, from_address: household.address, to_address: address, from_area_id: household.area_id, to_area_id: place.id, user_id: actor.userId || null, username: actor.username })
        .execute();
    }
    await recordAudit(trx, whoOf(actor), { action: 'household.move', entityType: 'household', entityId: id, areaId: place.id, areaPath: place.path, before: { address: household.address }, after: { address } });
  }).catch(roomTaken);
  return getHousehold(db, actor, id);
}
