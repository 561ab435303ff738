import { type Kysely, sql } from 'kysely';
import type { TOverview } from '../../common/registry.js';
import { type Actor, requireAt } from '../auth/actor.js';
import { toInt, underAnyPath } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { tagsFromColumn } from './resident-fields.js';

type Db = Kysely<Database>;
type Counts = Omit<TOverview['total'], never>;

const empty = (): Counts => ({ households: 0, residents: 0, registered: 0, resident: 0, migrant: 0, tags: {} });

function add(into: Counts, from: Counts) {
  for (const k of ['households', 'residents', 'registered', 'resident', 'migrant'] as const) into[k] += from[k];
  for (const [t, n] of Object.entries(from.tags)) into.tags[t] = (into.tags[t] ?? 0) + n;
}

/** Counts of households, present residents, residence types and tags under one path (or at it exactly). */
async function countsUnder(db: Db, path: string, exactly = false): Promise<Counts> {
  const c = empty();
  const at = (eb: any) => (exactly ? eb('area_path', '=', path) : underAnyPath(eb, 'area_path', [path]));
  const [{ n }] = await db.selectFrom('households').where(at).select((eb) => eb.fn.countAll().as('n')).execute();
  c.households = toInt(n);
  const groups = await db
    .selectFrom('residents')
    .where(at)
    .where('status', '=', 'present')
    .where('merged_into', 'is', null)
    .select(['residence_type', 'tags', sql<number>`count(*)`.as('n')])
    .groupBy(['residence_type', 'tags'])
    .execute();
  for (const g of groups) {
    const count = toInt(g.n);
    c.residents += count;
    c[g.residence_type as 'registered' | 'resident' | 'migrant'] += count;
    for (const t of tagsFromColumn(g.tags)) c.tags[t] = (c.tags[t] ?? 0) + count;
  }
  return c;
}

/**
 * The grid overview: for an area, one row per child (communities → grids → buildings) with households,
 * residents, registered/resident/migrant and each tag, the grid workers of grid rows, and a total.
 */
export async function registryOverview(db: Db, actor: Actor, areaId: number): Promise<TOverview> {
  const area = await db.selectFrom('areas').select(['id', 'name', 'level', 'path']).where('id', '=', areaId).executeTakeFirst();
  if (!area) throw new AppError('NOT_FOUND', 'area not found');
  requireAt(actor, 'resident.read', area.path);
  const children = await db.selectFrom('areas').select(['id', 'code', 'name', 'level', 'path']).where('parent_id', '=', area.id).where('archived_at', 'is', null).orderBy('sort_order').orderBy('id').execute();
  const workers = children.length
    ? await db
        .selectFrom('assignments')
        .innerJoin('users', 'users.id', 'assignments.user_id')
        .select(['assignments.area_id', 'users.display_name'])
        .where('assignments.area_id', 'in', children.map((c) => c.id))
        .where('assignments.role', '=', 'grid_worker')
        .where('assignments.ended_at', 'is', null)
        .execute()
    : [];
  const total = empty();
  const rows = [];
  for (const child of children) {
    const c = await countsUnder(db, child.path);
    add(total, c);
    rows.push({ areaId: child.id, code: child.code, name: child.name, level: child.level, ...c, gridWorkers: workers.filter((w) => w.area_id === child.id).map((w) => w.display_name) });
  }
  // Households registered at this area itself (a grid without buildings) count in the total too;
  // summing the children instead of recounting the whole subtree reads each resident once.
  add(total, await countsUnder(db, area.path, true));
  return { area: { id: area.id, name: area.name, level: area.level }, rows, total };
}
