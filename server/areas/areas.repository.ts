import { type Kysely, sql } from 'kysely';
import type { AreaLevel, TArea } from '../../common/areas.js';
import { containsIgnoreCase, pathUpperBound, toInt, underAnyPath } from '../db/dialect.js';
import type { AreaRow, Database, NewAreaRow } from '../db/types.js';
import { AREA_REFERENCES, BLOCKING_REFERENCES } from './area-references.js';

type Db = Kysely<Database>;
export type AreaWithFlag = AreaRow & { has_children: number | boolean };

/** Turn a row into the API's area shape. */
export function presentArea(row: AreaRow & { has_children?: number | boolean }): TArea {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level as AreaLevel,
    parentId: row.parent_id,
    path: row.path,
    depth: row.depth,
    sortOrder: row.sort_order,
    archived: row.archived_at !== null,
    hasChildren: Boolean(toInt(row.has_children ?? 0)),
    geo: row.geo ? JSON.parse(row.geo) : null,
  };
}

/** Ids along a path, root first: `/1/5/23/` → [1, 5, 23]. */
export function idsOfPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

function withHasChildren(db: Db, includeArchived: boolean) {
  return db.selectFrom('areas').selectAll('areas').select((eb) =>
    eb
      .exists(
        eb
          .selectFrom('areas as c')
          .select(sql`1`.as('one'))
          .whereRef('c.parent_id', '=', 'areas.id')
          .$if(!includeArchived, (q) => q.where('c.archived_at', 'is', null)),
      )
      .as('has_children'),
  );
}

export async function findAreaById(db: Db, id: number): Promise<AreaWithFlag | undefined> {
  return withHasChildren(db, true).where('areas.id', '=', id).executeTakeFirst();
}

export async function findAreaByCode(db: Db, code: string): Promise<AreaWithFlag | undefined> {
  return withHasChildren(db, true).where('areas.code', '=', code).executeTakeFirst();
}

export interface PageOpts {
  page: number;
  pageSize: number;
  includeArchived: boolean;
}

/** One page of a node's children, in sort order, plus how many there are. */
export async function listChildren(db: Db, parentId: number, opts: PageOpts) {
  const base = db.selectFrom('areas').where('parent_id', '=', parentId).$if(!opts.includeArchived, (q) => q.where('archived_at', 'is', null));
  const [{ n }] = await base.select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await withHasChildren(db, opts.includeArchived)
    .where('areas.parent_id', '=', parentId)
    .$if(!opts.includeArchived, (q) => q.where('areas.archived_at', 'is', null))
    .orderBy('areas.sort_order')
    .orderBy('areas.id')
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize)
    .execute();
  return { rows, total: toInt(n) };
}

/** Nodes whose ids are given (a user's scope roots), or the top-level nodes when `ids` is 'top'. */
export async function listRoots(db: Db, ids: number[] | 'top', opts: PageOpts) {
  const filter = <Q extends { where: any }>(q: any) => (ids === 'top' ? q.where('areas.parent_id', 'is', null) : ids.length ? q.where('areas.id', 'in', ids) : q.where(sql`1 = 0`));
  const base = filter(db.selectFrom('areas')).$if(!opts.includeArchived, (q: any) => q.where('areas.archived_at', 'is', null));
  const [{ n }] = await base.select((eb: any) => eb.fn.countAll().as('n')).execute();
  const rows: AreaWithFlag[] = await filter(withHasChildren(db, opts.includeArchived))
    .$if(!opts.includeArchived, (q: any) => q.where('areas.archived_at', 'is', null))
    .orderBy('areas.depth')
    .orderBy('areas.sort_order')
    .orderBy('areas.id')
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize)
    .execute();
  return { rows, total: toInt(n) };
}

/** Search by code prefix or name fragment inside the given subtrees ('all' = everywhere). */
export async function searchAreas(db: Db, text: string, scope: string[] | 'all', opts: PageOpts & { level?: AreaLevel }) {
  const codeFrom = text;
  const codeTo = text + '\uffff';
  const build = (q: any) =>
    q
      .where((eb: any) => eb.or([eb.and([eb('areas.code', '>=', codeFrom), eb('areas.code', '<', codeTo)]), containsIgnoreCase('areas.name', text)]))
      .$if(scope !== 'all', (qq: any) => qq.where((eb: any) => underAnyPath(eb, 'areas.path', scope as string[])))
      .$if(!opts.includeArchived, (qq: any) => qq.where('areas.archived_at', 'is', null))
      .$if(!!opts.level, (qq: any) => qq.where('areas.level', '=', opts.level));
  const [{ n }] = await build(db.selectFrom('areas')).select((eb: any) => eb.fn.countAll().as('n')).execute();
  const rows: AreaWithFlag[] = await build(withHasChildren(db, opts.includeArchived))
    .orderBy(sql`case when areas.name = ${text} or areas.code = ${text} then 0 else 1 end`)
    .orderBy('areas.depth')
    .orderBy('areas.code')
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize)
    .execute();
  return { rows, total: toInt(n) };
}

/** The ancestors of a node, root first (not including the node). */
export async function findAncestors(db: Db, path: string): Promise<AreaRow[]> {
  const ids = idsOfPath(path).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('areas').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

/** Insert one node: its id comes first, then its path is set from it. */
export async function insertArea(db: Db, values: Omit<NewAreaRow, 'path' | 'depth'>, parentPath: string | null): Promise<AreaRow> {
  const { id } = await db
    .insertInto('areas')
    .values({ ...values, path: `/tmp-${values.code}/`, depth: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parentPath ?? '/'}${id}/`;
  const depth = path.split('/').length - 3;
  await db.updateTable('areas').set({ path, depth }).where('id', '=', id).execute();
  return db.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Rewrite the materialized path of a subtree (and every copy of it in other tables) after a move. */
export async function moveSubtree(db: Db, oldPath: string, newPath: string): Promise<number> {
  const depthDelta = (newPath.split('/').length - oldPath.split('/').length) | 0;
  const cut = oldPath.length + 1;
  const res = await db
    .updateTable('areas')
    .set({
      path: sql`${newPath} || substr(path, ${cut})`,
      depth: sql`depth + ${depthDelta}`,
    })
    .where((eb) => underAnyPath(eb, 'path', [oldPath]))
    .executeTakeFirst();
  for (const ref of AREA_REFERENCES) {
    if (!ref.pathColumn) continue;
    await sql`update ${sql.table(ref.table)} set ${sql.ref(ref.pathColumn)} = ${newPath} || substr(${sql.ref(ref.pathColumn)}, ${cut})
      where ${sql.ref(ref.pathColumn)} >= ${oldPath} and ${sql.ref(ref.pathColumn)} < ${pathUpperBound(oldPath)}`.execute(db);
  }
  return Number(res.numUpdatedRows);
}

/** Archive (or restore, with `at = null`) a node and everything under it. */
export async function setSubtreeArchived(db: Db, path: string, at: string | null): Promise<number> {
  const res = await db
    .updateTable('areas')
    .set({ archived_at: at, updated_at: at ?? new Date().toISOString() })
    .where((eb) => underAnyPath(eb, 'path', [path]))
    .$if(at !== null, (q) => q.where('archived_at', 'is', null))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** How many active assignments sit in a subtree. */
export async function countActiveAssignmentsUnder(db: Db, path: string): Promise<number> {
  const [{ n }] = await db
    .selectFrom('assignments')
    .innerJoin('areas', 'areas.id', 'assignments.area_id')
    .where('assignments.ended_at', 'is', null)
    .where((eb) => underAnyPath(eb, 'areas.path', [path]))
    .select((eb) => eb.fn.countAll().as('n'))
    .execute();
  return toInt(n);
}

/** What refers to a node (children, assignments, other modules' records), as `table: count` for an error message. */
export async function findBlockingReferences(db: Db, id: number): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  const [{ n }] = await db.selectFrom('areas').where('parent_id', '=', id).select((eb) => eb.fn.countAll().as('n')).execute();
  if (toInt(n) > 0) found.children = toInt(n);
  for (const ref of AREA_REFERENCES) {
    if (!BLOCKING_REFERENCES.has(ref.table) || !ref.idColumn) continue;
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(ref.table)} where ${sql.ref(ref.idColumn)} = ${id}`.execute(db);
    const count = toInt(r.rows[0]?.n);
    if (count > 0) found[ref.table] = count;
  }
  return found;
}

