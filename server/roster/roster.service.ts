import { type Kysely, sql } from 'kysely';
import { DUTIES, ROSTER_ROLES, type Duty, type Role } from '../../common/roles.js';
import type { TAssignment, TAssignmentCreate, TRosterGrid } from '../../common/users.js';
import { type Actor, canAt, mayGrantRole, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { nowIso, toInt, underAnyPath } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';

type Db = Kysely<Database>;

const parseDuties = (text: string): Duty[] => text.split(',').filter((d): d is Duty => (DUTIES as readonly string[]).includes(d));

function assignmentQuery(db: Db) {
  return db
    .selectFrom('assignments')
    .innerJoin('users', 'users.id', 'assignments.user_id')
    .innerJoin('areas', 'areas.id', 'assignments.area_id')
    .select([
      'assignments.id',
      'assignments.user_id',
      'users.username',
      'users.display_name',
      'assignments.area_id',
      'areas.name as area_name',
      'areas.code as area_code',
      'areas.level as area_level',
      'areas.path as area_path',
      'assignments.role',
      'assignments.duties',
      'assignments.started_at',
      'assignments.ended_at',
    ]);
}
type AssignmentJoined = Awaited<ReturnType<ReturnType<typeof assignmentQuery>['executeTakeFirstOrThrow']>>;

function present(r: AssignmentJoined): TAssignment {
  return {
    id: r.id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    areaId: r.area_id,
    areaName: r.area_name,
    areaCode: r.area_code,
    areaLevel: r.area_level,
    role: r.role as Role,
    duties: parseDuties(r.duties),
    startedAt: r.started_at,
    endedAt: r.ended_at,
    active: r.ended_at === null,
  };
}

async function loadArea(db: Db, actor: Actor, id: number) {
  const area = await db.selectFrom('areas').select(['id', 'path', 'name', 'level', 'archived_at']).where('id', '=', id).executeTakeFirst();
  if (!area) throw new AppError('NOT_FOUND', 'area not found');
  requireAt(actor, 'roster.read', area.path);
  return area;
}

/** Assignments in a subtree or of a user, within the caller's scope; ended ones too with `history`. */
export async function listAssignments(db: Db, actor: Actor, query: { area?: number; user?: number; history?: '0' | '1'; page: number; pageSize: number }) {
  const scope = pathsWith(actor, 'roster.read');
  if (scope !== 'all' && scope.length === 0) throw new AppError('FORBIDDEN', 'your role does not allow reading the roster');
  let q = assignmentQuery(db);
  if (scope !== 'all') q = q.where((eb) => underAnyPath(eb, 'areas.path', scope));
  if (query.area) {
    const area = await loadArea(db, actor, query.area);
    q = q.where((eb) => underAnyPath(eb, 'areas.path', [area.path]));
  }
  if (query.user) q = q.where('assignments.user_id', '=', query.user);
  if (query.history !== '1') q = q.where('assignments.ended_at', 'is', null);
  const [{ n }] = await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q
    .orderBy('areas.path')
    .orderBy('assignments.started_at', 'desc')
    .orderBy('assignments.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: rows.map(present), total: toInt(n), page: query.page, pageSize: query.pageSize };
}

async function loadAssignment(db: Db, id: number) {
  const row = await assignmentQuery(db).where('assignments.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'assignment not found');
  return row;
}

/** Give a user a role at an area. Only roles below the caller's own may be given (admins: any). */
export async function createAssignment(db: Db, actor: Actor, input: TAssignmentCreate): Promise<TAssignment> {
  return db.transaction().execute(async (trx) => {
    const area = await trx.selectFrom('areas').select(['id', 'path', 'name', 'level', 'archived_at']).where('id', '=', input.areaId).executeTakeFirst();
    if (!area || !canAt(actor, 'roster.read', area.path)) throw new AppError('NOT_FOUND', 'the area does not exist or is outside your areas', { areaId: 'unknown area' });
    if (area.archived_at) throw new AppError('AREA_ARCHIVED', `"${area.name}" is archived; nobody can be assigned to it`);
    if (!mayGrantRole(actor, input.role, area.path)) throw new AppError('ROLE_NOT_ALLOWED', `you may not assign the role ${input.role} in "${area.name}": only roles below your own, inside your areas`, { role: 'not allowed for you here' });
    const user = await trx.selectFrom('users').select(['id', 'username', 'disabled']).where('id', '=', input.userId).executeTakeFirst();
    if (!user) throw new AppError('VALIDATION_FAILED', 'the user does not exist', { userId: 'unknown user' });
    if (user.disabled) throw new AppError('VALIDATION_FAILED', `${user.username} is disabled and cannot be assigned`, { userId: 'disabled user' });
    const same = await trx
      .selectFrom('assignments')
      .select('id')
      .where('user_id', '=', input.userId)
      .where('area_id', '=', input.areaId)
      .where('role', '=', input.role)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (same) throw new AppError('ASSIGNMENT_EXISTS', `${user.username} already holds this role in "${area.name}"`);
    const duties = input.duties ?? (input.role === 'grid_worker' ? [...DUTIES] : []);
    const { id } = await trx
      .insertInto('assignments')
      .values({ user_id: input.userId, area_id: input.areaId, role: input.role, duties: duties.join(','), started_at: nowIso(), ended_at: null, created_by: actor.userId, ended_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await loadAssignment(trx, id);
    await recordAudit(trx, whoOf(actor), { action: 'assignment.create', entityType: 'assignment', entityId: id, areaId: area.id, areaPath: area.path, after: present(row) });
    return present(row);
  });
}

async function loadManaged(db: Db, actor: Actor, id: number) {
  const row = await loadAssignment(db, id);
  requireAt(actor, 'roster.read', row.area_path, 'assignment');
  if (!mayGrantRole(actor, row.role as Role, row.area_path)) throw new AppError('ROLE_NOT_ALLOWED', 'you may only change roles below your own, inside your areas');
  return row;
}

export async function updateAssignmentDuties(db: Db, actor: Actor, id: number, duties: Duty[]): Promise<TAssignment> {
  return db.transaction().execute(async (trx) => {
    const row = await loadManaged(trx, actor, id);
    if (row.ended_at) throw new AppError('ASSIGNMENT_ENDED', 'this assignment has ended; make a new one');
    await trx.updateTable('assignments').set({ duties: [...new Set(duties)].join(',') }).where('id', '=', id).execute();
    const after = await loadAssignment(trx, id);
    await recordAudit(trx, whoOf(actor), { action: 'assignment.duties', entityType: 'assignment', entityId: id, areaId: row.area_id, areaPath: row.area_path, before: present(row), after: present(after) });
    return present(after);
  });
}

/** End an assignment; it stays as history of who held the area when. */
export async function endAssignment(db: Db, actor: Actor, id: number): Promise<TAssignment> {
  return db.transaction().execute(async (trx) => {
    const row = await loadManaged(trx, actor, id);
    if (row.ended_at) throw new AppError('ASSIGNMENT_ENDED', 'this assignment has already ended');
    const res = await trx.updateTable('assignments').set({ ended_at: nowIso(), ended_by: actor.userId }).where('id', '=', id).where('ended_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('ASSIGNMENT_ENDED', 'this assignment has already ended');
    const after = await loadAssignment(trx, id);
    await recordAudit(trx, whoOf(actor), { action: 'assignment.end', entityType: 'assignment', entityId: id, areaId: row.area_id, areaPath: row.area_path, before: present(row), after: present(after) });
    return present(after);
  });
}

/**
 * The grids under an area with the people on the roster for each; a grid nobody on the five-level
 * roster holds is a gap. Paged over grids.
 */
export async function rosterOf(db: Db, actor: Actor, query: { area: number; gapsOnly?: '0' | '1'; page: number; pageSize: number }) {
  const area = await loadArea(db, actor, query.area);
  const hasRoster = (eb: any) =>
    eb.exists(
      eb
        .selectFrom('assignments as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(sql`1`.as('one'))
        .whereRef('a.area_id', '=', 'areas.id')
        // A disabled account cannot serve the grid: it stays listed but the grid counts as a gap.
        .where('u.disabled', '=', 0)
        .where('a.ended_at', 'is', null)
        .where('a.role', 'in', ROSTER_ROLES as Role[]),
    );
  const grids = db
    .selectFrom('areas')
    .where('areas.level', '=', 'grid')
    .where('areas.archived_at', 'is', null)
    .where((eb) => underAnyPath(eb, 'areas.path', [area.path]));
  const [{ n }] = await grids.select((eb) => eb.fn.countAll().as('n')).execute();
  const [{ g }] = await grids.where((eb) => eb.not(hasRoster(eb))).select((eb) => eb.fn.countAll().as('g')).execute();
  const rows = await grids
    .$if(query.gapsOnly === '1', (q) => q.where((eb) => eb.not(hasRoster(eb))))
    .leftJoin('areas as parent', 'parent.id', 'areas.parent_id')
    .select(['areas.id', 'areas.code', 'areas.name', 'parent.name as parent_name'])
    // Paths hold ids, which sort as text ('/10/' before '/9/'): order as the tree shows, by each parent's sort order.
    .orderBy('parent.sort_order')
    .orderBy('parent.id')
    .orderBy('areas.sort_order')
    .orderBy('areas.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const ids = rows.map((r) => r.id);
  const people = ids.length
    ? await db
        .selectFrom('assignments')
        .innerJoin('users', 'users.id', 'assignments.user_id')
        .select(['assignments.id', 'assignments.area_id', 'assignments.user_id', 'users.display_name', 'users.disabled', 'assignments.role', 'assignments.duties'])
        .where('assignments.area_id', 'in', ids)
        .where('assignments.ended_at', 'is', null)
        .orderBy('assignments.id')
        .execute()
    : [];
  const items: TRosterGrid[] = rows.map((r) => {
    const mine = people.filter((p) => p.area_id === r.id);
    return {
      areaId: r.id,
      code: r.code,
      name: r.name,
      parentName: r.parent_name,
      people: mine.map((p) => ({ assignmentId: p.id, userId: p.user_id, displayName: p.display_name, role: p.role as Role, duties: parseDuties(p.duties) })),
      gap: !mine.some((p) => p.disabled === 0 && (ROSTER_ROLES as readonly string[]).includes(p.role)),
    };
  });
  const total = query.gapsOnly === '1' ? toInt(g) : toInt(n);
  return { items, total, gaps: toInt(g), page: query.page, pageSize: query.pageSize };
}
