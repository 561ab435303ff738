import type { Kysely } from 'kysely';
import type { AreaLevel, TArea, TAreaCreate, TAreaListQuery, TAreaPage, TAreaUpdate, TAreaWithAncestors } from '../../common/areas.js';
import { type Actor, canAt, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { nowIso } from '../db/dialect.js';
import type { AreaRow, Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { codeProblem, levelProblem, levelsInUse } from './area-levels.js';
import * as repo from './areas.repository.js';

type Db = Kysely<Database>;

const snapshot = (a: AreaRow) => ({ code: a.code, name: a.name, level: a.level, parentId: a.parent_id, path: a.path, sortOrder: a.sort_order, archived: a.archived_at !== null });

async function loadReadable(db: Db, actor: Actor, id: number) {
  const area = await repo.findAreaById(db, id);
  if (!area) throw new AppError('NOT_FOUND', 'area not found');
  requireAt(actor, 'area.read', area.path);
  return area;
}

/** One node with its ancestors (for a breadcrumb), if the actor may see it. */
export async function getArea(db: Db, actor: Actor, id: number): Promise<TAreaWithAncestors> {
  const area = await loadReadable(db, actor, id);
  const ancestors = await repo.findAncestors(db, area.path);
  return {
    ...repo.presentArea(area),
    ancestors: ancestors.map((a) => ({ id: a.id, code: a.code, name: a.name, level: a.level as AreaLevel })),
  };
}

/**
 * List areas: children of `parent` (paged), the node with `code`, a search for `q`, or, with none of
 * them, the roots of the caller's scope. Everything is filtered to the caller's scope on the server.
 */
export async function listAreas(db: Db, actor: Actor, query: TAreaListQuery): Promise<TAreaPage> {
  const opts = { page: query.page, pageSize: query.pageSize, includeArchived: query.includeArchived === '1' };
  const page = (r: { rows: repo.AreaWithFlag[]; total: number }): TAreaPage => ({ items: r.rows.map(repo.presentArea), total: r.total, page: opts.page, pageSize: opts.pageSize });
  if (query.code) {
    const area = await repo.findAreaByCode(db, query.code);
    const visible = area && canAt(actor, 'area.read', area.path) && (opts.includeArchived || !area.archived_at);
    return page({ rows: visible ? [area] : [], total: visible ? 1 : 0 });
  }
  if (query.q) return page(await repo.searchAreas(db, query.q, pathsWith(actor, 'area.read'), { ...opts, level: query.level }));
  if (query.parent) {
    const parent = await loadReadable(db, actor, query.parent);
    return page(await repo.listChildren(db, parent.id, opts));
  }
  const scope = pathsWith(actor, 'area.read');
  const ids = scope === 'all' ? 'top' : scope.map((p) => repo.idsOfPath(p).at(-1)!);
  return page(await repo.listRoots(db, ids, opts));
}

async function generateCode(db: Db, parent: AreaRow, level: AreaLevel): Promise<string> {
  const letter = { grid: 'G', building: 'B', unit: 'U' }[level as 'grid'] ?? 'N';
  for (let n = 1; n < 10_000; n++) {
    const code = `${parent.code}-${letter}${String(n).padStart(2, '0')}`;
    if (!(await repo.findAreaByCode(db, code))) return code;
  }
  throw new AppError('AREA_CODE_INVALID', 'could not generate a free code; please give one');
}

/** Create a node under `parentId` (top-level nodes: super admins only). */
export async function createArea(db: Db, actor: Actor, input: TAreaCreate): Promise<TArea> {
  return db.transaction().execute(async (trx) => {
    let parent: AreaRow | undefined;
    if (input.parentId != null) {
      parent = await repo.findAreaById(trx, input.parentId);
      if (!parent) throw new AppError('VALIDATION_FAILED', 'the parent area does not exist', { parentId: 'no area with this id' });
      requireAt(actor, 'area.write', parent.path, 'parent area');
      if (parent.archived_at) throw new AppError('AREA_ARCHIVED', `"${parent.name}" is archived; restore it before adding to it`);
    } else if (!actor.isSuperAdmin) {
      throw new AppError('FORBIDDEN', 'only a system administrator can create a top-level area');
    }
    const inUse = await levelsInUse(trx);
    const levelErr = levelProblem((parent?.level as AreaLevel) ?? null, input.level, inUse);
    if (levelErr) throw new AppError('AREA_LEVEL_INVALID', levelErr, { level: levelErr });
    const code = input.code ?? (parent ? await generateCode(trx, parent, input.level) : undefined);
    if (!code) throw new AppError('VALIDATION_FAILED', 'a code is required', { code: 'a code is required' });
    const codeErr = codeProblem(input.level, code);
    if (codeErr) throw new AppError('AREA_CODE_INVALID', codeErr, { code: codeErr });
    const taken = await repo.findAreaByCode(trx, code);
    if (taken) throw new AppError('AREA_CODE_TAKEN', `code ${code} is already used by "${taken.name}"`, { code: `already used by "${taken.name}"` });
    const now = nowIso();
    const row = await repo.insertArea(
      trx,
      { code, name: input.name, level: input.level, parent_id: parent?.id ?? null, sort_order: input.sortOrder ?? 0, archived_at: null, geo: input.geo ? JSON.stringify(input.geo) : null, created_at: now, updated_at: now },
      parent?.path ?? null,
    );
    await recordAudit(trx, whoOf(actor), { action: 'area.create', entityType: 'area', entityId: row.id, areaId: row.id, areaPath: row.path, after: snapshot(row) });
    return repo.presentArea({ ...row, has_children: 0 });
  });
}

/** Rename, reorder, set geometry, move (parentId) or archive/restore (archived) a node. */
export async function updateArea(db: Db, actor: Actor, id: number, input: TAreaUpdate): Promise<TArea> {
  return db.transaction().execute(async (trx) => {
    const area = await repo.findAreaById(trx, id);
    if (!area) throw new AppError('NOT_FOUND', 'area not found');
    requireAt(actor, 'area.write', area.path);
    const before = snapshot(area);
    const now = nowIso();
    const simple: Record<string, unknown> = {};
    if (input.name !== undefined) simple.name = input.name;
    if (input.sortOrder !== undefined) simple.sort_order = input.sortOrder;
    if (input.geo !== undefined) simple.geo = input.geo ? JSON.stringify(input.geo) : null;
    if (Object.keys(simple).length) await trx.updateTable('areas').set({ ...simple, updated_at: now }).where('id', '=', id).execute();

    if (input.parentId !== undefined && input.parentId !== area.parent_id) await moveArea(trx, actor, area, input.parentId);

    if (input.archived !== undefined && input.archived !== (area.archived_at !== null)) {
      const current = (await repo.findAreaById(trx, id))!;
      if (input.archived) {
        const active = await repo.countActiveAssignmentsUnder(trx, current.path);
        if (active > 0) throw new AppError('AREA_HAS_ACTIVE_ASSIGNMENTS', `${active} people are still assigned in "${current.name}" or below; end their assignments before archiving`);
        await repo.setSubtreeArchived(trx, current.path, now);
      } else {
        if (current.parent_id) {
          const parent = await repo.findAreaById(trx, current.parent_id);
          if (parent?.archived_at) throw new AppError('AREA_ARCHIVED', `the parent "${parent.name}" is archived; restore it first`);
        }
        await repo.setSubtreeArchived(trx, current.path, null);
      }
    }
    const after = (await repo.findAreaById(trx, id))!;
    const action = input.archived === true ? 'area.archive' : input.archived === false ? 'area.restore' : input.parentId !== undefined && input.parentId !== area.parent_id ? 'area.move' : 'area.update';
    await recordAudit(trx, whoOf(actor), { action, entityType: 'area', entityId: id, areaId: id, areaPath: after.path, before, after: snapshot(after) });
    return repo.presentArea(after);
  });
}

async function moveArea(trx: Db, actor: Actor, area: AreaRow, newParentId: number): Promise<void> {
  const target = await repo.findAreaById(trx, newParentId);
  if (!target) throw new AppError('AREA_MOVE_INVALID', 'the new parent area does not exist', { parentId: 'no area with this id' });
  requireAt(actor, 'area.write', target.path, 'new parent area');
  if (target.path.startsWith(area.path)) throw new AppError('AREA_MOVE_INVALID', `"${area.name}" cannot be moved under itself or one of its own children`, { parentId: 'inside the area being moved' });
  if (target.archived_at) throw new AppError('AREA_ARCHIVED', `"${target.name}" is archived; restore it before moving anything into it`);
  const levelErr = levelProblem(target.level as AreaLevel, area.level as AreaLevel, await levelsInUse(trx));
  if (levelErr) throw new AppError('AREA_MOVE_INVALID', levelErr, { parentId: levelErr });
  // The deepest descendant must still sit below its own parent's level: moving keeps levels, so only the node itself needs the check.
  await trx.updateTable('areas').set({ parent_id: target.id, updated_at: nowIso() }).where('id', '=', area.id).execute();
  await repo.moveSubtree(trx, area.path, `${target.path}${area.id}/`);
}

/** Delete a node nothing refers to; otherwise refuse with what refers to it, so the user archives instead. */
export async function deleteArea(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const area = await repo.findAreaById(trx, id);
    if (!area) throw new AppError('NOT_FOUND', 'area not found');
    requireAt(actor, 'area.write', area.path);
    if (area.parent_id === null && !actor.isSuperAdmin) throw new AppError('FORBIDDEN', 'only a system administrator can delete a top-level area');
    const refs = await repo.findBlockingReferences(trx, id);
    if (Object.keys(refs).length) {
      const what = Object.entries(refs)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      throw new AppError('AREA_IN_USE', `"${area.name}" is still referred to (${what}); archive it instead of deleting`);
    }
    await trx.deleteFrom('areas').where('id', '=', id).execute();
    await recordAudit(trx, whoOf(actor), { action: 'area.delete', entityType: 'area', entityId: id, areaId: id, areaPath: area.path, before: snapshot(area) });
  });
}
