import { randomBytes } from 'node:crypto';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { type CaseAction, type CaseStatus, type CaseType, canTransition, NOTE_REQUIRED, OPEN_CASE_STATUSES, TRANSITIONS } from '../../common/case-workflow.js';
import type { TCase, TCaseCreate, TCaseDetail, TCaseTransition } from '../../common/cases.js';
import { ROLE_PERMISSIONS } from '../../common/constants.js';
import { attachmentsOf, linkAttachments } from '../attachments/attachments.service.js';
import { type Actor, canAt, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { likeEscape, toInt, underAnyPath } from '../db/dialect.js';
import type { CaseCategoryRow, CaseRow, Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { PersonalDataCipher } from '../registry/personal-data-cipher.js';
import { allowedActions, isAssignee, mayAct } from './case-rules.js';

type Db = Kysely<Database>;
const HOUR = 3_600_000;

type Listed = CaseRow & { category_name: string; area_name: string; assignee_name: string | null; assignee_area_name: string | null; household_address: string | null; accept_hours: number; resolve_hours: number };

/** The joins and columns a case is presented with, added to a (filtered) query over `cases`. */
function withListing(q: SelectQueryBuilder<Database, 'cases', {}>) {
  return q
    .innerJoin('case_categories', 'case_categories.id', 'cases.category_id')
    .innerJoin('areas', 'areas.id', 'cases.area_id')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_user_id')
    .leftJoin('areas as assignee_area', 'assignee_area.id', 'cases.assignee_area_id')
    .leftJoin('households', 'households.id', 'cases.household_id')
    .selectAll('cases')
    .select(['case_categories.name as category_name', 'case_categories.accept_hours', 'case_categories.resolve_hours', 'areas.name as area_name', 'assignee.display_name as assignee_name', 'assignee_area.name as assignee_area_name', 'households.address as household_address']);
}

export function listedCases(db: Db) {
  return withListing(db.selectFrom('cases'));
}

const addHours = (at: Date, hours: number) => new Date(at.getTime() + hours * HOUR).toISOString();

export function presentCase(row: Listed, actor: Actor | null, now: Date): TCase {
  const due = row.due_at;
  const overdue = due !== null && due <= now.toISOString();
  return {
    id: row.id,
    reference: row.reference,
    categoryId: row.category_id,
    categoryName: row.category_name,
    type: row.type as CaseType,
    status: row.status as CaseStatus,
    areaId: row.area_id,
    areaName: row.area_name,
    title: row.title,
    description: row.description,
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    address: row.address,
    source: row.source,
    reporterName: row.reporter_name,
    reporterPhone: row.reporter_phone_last4 ? `*******${row.reporter_phone_last4}` : null,
    assigneeId: row.assignee_user_id,
    assigneeName: row.assignee_name,
    assigneeAreaId: row.assignee_area_id,
    assigneeAreaName: row.assignee_area_name,
    responsibleRole: row.responsible_role,
    escalationLevel: row.escalation_level,
    dueAt: due,
    overdue,
    // "Due soon": within the last quarter of the current time limit (accepting, or resolving), not yet overdue.
    dueSoon: !overdue && due !== null && Date.parse(due) - now.getTime() <= 0.25 * (row.status === 'reported' ? row.accept_hours : row.resolve_hours) * HOUR,
    neededBy: row.needed_by,
    householdAddress: row.household_address,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    rating: row.rating,
    ratingNote: row.rating_note,
    inspectionId: row.inspection_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    allowedActions: actor ? allowedActions(actor, row) : [],
  };
}

export async function loadCategory(db: Db, id: number, field = 'categoryId'): Promise<CaseCategoryRow> {
  const category = await db.selectFrom('case_categories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!category || category.active !== 1) throw new AppError('VALIDATION_FAILED', 'choose one of the current categories', { [field]: 'no such category' });
  return category;
}

export interface NewCase {
  category: CaseCategoryRow;
  area: { id: number; path: string };
  title: string;
  description: string;
  location?: { lat: number; lng: number };
  address?: string;
  source: 'staff' | 'resident' | 'open311' | 'inspection';
  reporterUserId?: number | null;
  reporterName?: string | null;
  reporterPhone?: string | null;
  householdId?: number | null;
  neededBy?: string | null;
  clientId?: string | null;
  apiKeyId?: number | null;
  inspection?: { id: number; itemId: number } | null;
  attachmentIds?: number[];
  attachmentsFrom?: { userId: number | null; publicUpload: boolean };
  actorName: string | null;
}

/** Write a new case, its first timeline entry and its attachments in one transaction. */
export async function insertCase(trx: Db, cipher: PersonalDataCipher, input: NewCase, now: Date): Promise<number> {
  const at = now.toISOString();
  const due = addHours(now, input.category.accept_hours);
  const phone = input.reporterPhone ?? null;
  const { id } = await trx
    .insertInto('cases')
    .values({
      reference: `tmp-${randomBytes(8).toString('hex')}`,
      client_id: input.clientId ?? null,
      category_id: input.category.id,
      type: input.category.type,
      status: 'reported',
      area_id: input.area.id,
      area_path: input.area.path,
      title: input.title,
      description: input.description,
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      address: input.address ?? null,
      source: input.source,
      reporter_user_id: input.reporterUserId ?? null,
      reporter_name: input.reporterName ?? null,
      reporter_phone_enc: phone ? cipher.encrypt(phone) : null,
      reporter_phone_hash: phone ? cipher.hash(phone) : null,
      reporter_phone_last4: phone ? phone.slice(-4) : null,
      household_id: input.householdId ?? null,
      needed_by: input.neededBy ?? null,
      assignee_user_id: null,
      assignee_area_id: null,
      assignee_area_path: null,
      responsible_role: input.category.default_role,
      escalation_level: 0,
      due_at: due,
      next_escalation_at: due,
      overdue_once: 0,
      resolved_by: null,
      resolved_at: null,
      closed_at: null,
      rating: null,
      rating_note: null,
      inspection_id: input.inspection?.id ?? null,
      inspection_item_id: input.inspection?.itemId ?? null,
      tracking_token: randomBytes(16).toString('base64url'),
      api_key_id: input.apiKeyId ?? null,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Readable, sortable and unique: day of report and the row id.
  await trx.updateTable('cases').set({ reference: `C${at.slice(0, 10).replace(/-/g, '')}${String(id).padStart(6, '0')}` }).where('id', '=', id).execute();
  const { id: eventId } = await trx
    .insertInto('case_events')
    .values({ case_id: id, at, action: 'report', from_status: null, to_status: 'reported', actor_user_id: input.reporterUserId ?? null, actor_name: input.actorName, note: null, data: JSON.stringify({ source: input.source }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.attachmentIds?.length) await linkAttachments(trx, input.attachmentIds, { caseId: id, eventId }, input.attachmentsFrom ?? { userId: input.reporterUserId ?? null, publicUpload: false });
  return id;
}

async function readableArea(db: Db, actor: Actor, id: number, field = 'areaId') {
  const area = await db.selectFrom('areas').select(['id', 'path', 'archived_at']).where('id', '=', id).executeTakeFirst();
  if (!area || !canAt(actor, 'area.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { [field]: 'no such area in your scope' });
  return area;
}

/** Raised by staff: on the desktop, or on patrol from the phone. */
export async function createCase(db: Db, cipher: PersonalDataCipher, actor: Actor, input: TCaseCreate, now = new Date()): Promise<TCaseDetail> {
  const area = await readableArea(db, actor, input.areaId);
  requireAt(actor, 'case.report', area.path, 'area');
  if (area.archived_at) throw new AppError('AREA_ARCHIVED', 'this area is archived; choose a current one', { areaId: 'archived' });
  const category = await loadCategory(db, input.categoryId);
  if (input.householdId) {
    const household = await db.selectFrom('households').select('area_path').where('id', '=', input.householdId).executeTakeFirst();
    if (!household || !canAt(actor, 'resident.read', household.area_path)) throw new AppError('VALIDATION_FAILED', 'no such household in your scope', { householdId: 'not found' });
  }
  const id = await db.transaction().execute(async (trx) => {
    const caseId = await insertCase(
      trx,
      cipher,
      {
        category,
        area,
        title: input.title,
        description: input.description,
        location: input.location,
        address: input.address,
        source: 'staff',
        reporterUserId: actor.userId > 0 ? actor.userId : null,
        reporterName: input.reporterName ?? null,
        reporterPhone: input.reporterPhone ?? null,
        householdId: input.householdId ?? null,
        neededBy: input.neededBy ?? null,
        attachmentIds: input.attachmentIds,
        attachmentsFrom: { userId: actor.userId, publicUpload: false },
        actorName: actor.displayName || actor.username,
      },
      now,
    );
    await recordAudit(trx, whoOf(actor), { action: 'case.create', entityType: 'case', entityId: caseId, areaId: area.id, areaPath: area.path, after: { category: category.code, title: input.title } });
    return caseId;
  });
  return getCase(db, actor, id, now);
}

async function loadCase(db: Db, actor: Actor, id: number): Promise<Listed> {
  const row = await listedCases(db).where('cases.id', '=', id).executeTakeFirst();
  // Unreadable → 404, so nobody learns that a case exists outside their scope.
  if (!row || !(canAt(actor, 'case.read', row.area_path) || isAssignee(actor, row))) throw new AppError('NOT_FOUND', 'case not found');
  return row;
}

export async function getCase(db: Db, actor: Actor, id: number, now = new Date()): Promise<TCaseDetail> {
  const row = await loadCase(db, actor, id);
  return detailOf(db, row, actor, now);
}

export async function detailOf(db: Db, row: Listed, actor: Actor | null, now: Date): Promise<TCaseDetail> {
  const events = await db.selectFrom('case_events').selectAll().where('case_id', '=', row.id).orderBy('id').execute();
  const attachments = await attachmentsOf(db, row.id);
  return {
    ...presentCase(row, actor, now),
    timeline: events.map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actorName: e.actor_name,
      note: e.note,
      attachments: attachments.filter((a) => a.eventId === e.id).map(({ eventId: _e, ...a }) => a),
    })),
    attachments: attachments.map(({ eventId: _e, ...a }) => a),
  };
}

/** The roles (with the paths where they are held) of an actor, for "waiting for my role" in my work. */
function rolePaths(actor: Actor): { role: string; path: string }[] {
  return actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes('case.handle') || ROLE_PERMISSIONS[g.role].includes('case.manage')).map((g) => ({ role: g.role, path: g.path }));
}

type CaseQuery = { area?: number; status?: CaseStatus; mine?: '1'; overdue?: '1'; escalated?: '1'; category?: number; type?: CaseType; inspection?: number; q?: string };

/** The filtered list query (without paging), scoped to what the actor may read, with the columns a case is shown with. */
export async function casesQuery(db: Db, actor: Actor, query: CaseQuery, now: Date) {
  return withListing(await casesFilter(db, actor, query, now));
}

/**
 * The same filter over `cases` alone, without joins: counting and paging through it reads only the
 * case index (the joins add nothing to a filter: their foreign keys always match or are left joins).
 */
export async function casesFilter(db: Db, actor: Actor, query: CaseQuery, now: Date) {
  const scope = pathsWith(actor, 'case.read');
  let q = db.selectFrom('cases');
  if (scope !== 'all') q = q.where((eb) => underAnyPath(eb, 'cases.area_path', scope));
  if (query.area) {
    const area = await readableArea(db, actor, query.area, 'area');
    q = q.where((eb) => underAnyPath(eb, 'cases.area_path', [area.path]));
  }
  if (query.status) q = q.where('cases.status', '=', query.status);
  if (query.category) q = q.where('cases.category_id', '=', query.category);
  if (query.type) q = q.where('cases.type', '=', query.type);
  if (query.inspection) q = q.where('cases.inspection_id', '=', query.inspection);
  if (query.overdue) q = q.where('cases.due_at', '<=', now.toISOString()).where('cases.status', 'in', OPEN_CASE_STATUSES as CaseStatus[]);
  if (query.escalated) q = q.where('cases.escalation_level', '>', 0).where('cases.status', 'in', OPEN_CASE_STATUSES as CaseStatus[]);
  if (query.q) {
    const text = query.q.trim();
    q = /^C\d{8,}$/.test(text) ? q.where('cases.reference', '=', text) : q.where('cases.title', 'like', `%${likeEscape(text)}%`);
  }
  if (query.mine) q = q.where((eb) => myWork(eb, actor));
  return q;
}

/** My work: assigned to me or my grid, waiting for a role I hold where I hold it, or mine to verify. */
function myWork(eb: any, actor: Actor) {
  const handling = ['assigned', 'in_progress'];
  const parts = [eb.and([eb('cases.assignee_user_id', '=', actor.userId), eb('cases.status', 'in', handling)])];
  const handlePaths = pathsWith(actor, 'case.handle');
  if (handlePaths !== 'all' && handlePaths.length > 0) {
    parts.push(eb.and([eb('cases.assignee_user_id', 'is', null), eb('cases.status', 'in', handling), underAnyPath(eb, 'cases.assignee_area_path', handlePaths)]));
  }
  for (const { role, path } of rolePaths(actor)) {
    const waiting = [eb('cases.status', 'in', ['reported', 'accepted']), underAnyPath(eb, 'cases.area_path', [path])];
    // Grid workers cannot accept or assign: a case waiting at their level is the grid leader's to take in,
    // except errands, which grid workers claim themselves.
    if (role === 'grid_worker') parts.push(eb.and([...waiting, eb('cases.responsible_role', '=', 'grid_worker'), eb('cases.type', '=', 'errand')]));
    else if (role === 'grid_leader') parts.push(eb.and([...waiting, eb('cases.responsible_role', 'in', ['grid_worker', 'grid_leader'])]));
    else parts.push(eb.and([...waiting, eb('cases.responsible_role', '=', role)]));
  }
  const verifyPaths = pathsWith(actor, 'case.verify');
  if (verifyPaths === 'all' || verifyPaths.length > 0) {
    const resolved = [eb('cases.status', '=', 'resolved'), eb.or([eb('cases.resolved_by', 'is', null), eb('cases.resolved_by', '!=', actor.userId)])];
    if (verifyPaths !== 'all') resolved.push(underAnyPath(eb, 'cases.area_path', verifyPaths));
    parts.push(eb.and(resolved));
  }
  return eb.or(parts);
}

export async function listCases(db: Db, actor: Actor, query: CaseQuery & { page: number; pageSize: number }, now = new Date()) {
  const q = await casesFilter(db, actor, query, now);
  const total = toInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  // The page's ids first (index only), then those few cases with their names.
  const ids = (
    await q
      .select('cases.id')
      // Work lists: most urgent first; other lists: newest first.
      .$if(!!query.mine || !!query.overdue, (qb) => qb.orderBy(sql`coalesce(cases.due_at, '9999')`).orderBy('cases.id'))
      .$if(!query.mine && !query.overdue, (qb) => qb.orderBy('cases.id', 'desc'))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute()
  ).map((r) => r.id);
  const rows = ids.length > 0 ? await listedCases(db).where('cases.id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.map((id) => presentCase(byId.get(id)!, actor, now)), total };
}

/** What the status becomes and which time limit applies next. */
function nextState(row: CaseRow, category: CaseCategoryRow, action: CaseAction, now: Date) {
  const to = TRANSITIONS[action].to ?? (row.status as CaseStatus);
  const change: Partial<CaseRow> = { status: to };
  if (action === 'accept' || action === 'return') {
    const due = addHours(now, category.resolve_hours);
    Object.assign(change, { due_at: due, next_escalation_at: due });
  }
  if (to === 'resolved' || to === 'closed' || to === 'rejected') Object.assign(change, { due_at: null, next_escalation_at: null });
  return change;
}

function illegalTransition(status: string, action: CaseAction) {
  return new AppError('CASE_ILLEGAL_TRANSITION', `a case that is ${status} cannot be ${ACTION_PAST[action]}`);
}

const ACTION_PAST: Record<CaseAction, string> = {
  accept: 'accepted',
  reject: 'rejected',
  assign: 'assigned',
  claim: 'claimed',
  start: 'started',
  resolve: 'resolved',
  verify: 'verified',
  return: 'returned for rework',
  confirm_receipt: 'confirmed as received',
  rate: 'rated',
  comment: 'commented on',
};

/**
 * Apply a staff action. Refused when the status does not allow it (409 CASE_ILLEGAL_TRANSITION), when the
 * caller's copy is stale or someone changed the case meanwhile (409 CASE_CONFLICT), or when the person
 * verifying resolved it themselves (403 CASE_SELF_VERIFY).
 */
export async function transitionCase(db: Db, actor: Actor, id: number, input: TCaseTransition, now = new Date()): Promise<TCaseDetail> {
  const row = await loadCase(db, actor, id);
  const action = input.action;
  if (action === 'rate' || action === 'confirm_receipt') throw new AppError('VALIDATION_FAILED', 'only the resident who raised the case can do this, from their tracking link', { action: 'resident only' });
  if (input.version !== undefined && input.version !== row.version) throw new AppError('CASE_CONFLICT', 'someone else has changed this case since you opened it; reload it to see what changed');
  if (!canTransition(row.status as CaseStatus, action)) throw illegalTransition(row.status, action);
  if (action === 'verify' && row.resolved_by === actor.userId) throw new AppError('CASE_SELF_VERIFY', 'a case is verified by someone other than the person who resolved it');
  if (!mayAct(actor, row, action)) throw new AppError('FORBIDDEN', `your role does not allow this on this case`);
  if (NOTE_REQUIRED.has(action) && !input.note) throw new AppError('VALIDATION_FAILED', action === 'resolve' ? 'say what was done before resolving' : 'give the reason', { note: 'required' });

  const category = await db.selectFrom('case_categories').selectAll().where('id', '=', row.category_id).executeTakeFirstOrThrow();
  const change: Partial<CaseRow> = nextState(row, category, action, now);
  const data: Record<string, unknown> = {};
  if (action === 'assign') Object.assign(change, await assignee(db, actor, row, input, data));
  if (action === 'claim') Object.assign(change, { assignee_user_id: actor.userId, assignee_area_id: null, assignee_area_path: null });
  if (action === 'resolve') Object.assign(change, { resolved_by: actor.userId, resolved_at: now.toISOString() });
  if (action === 'verify') Object.assign(change, { closed_at: now.toISOString() });
  if (action === 'return') Object.assign(change, { resolved_by: null, resolved_at: null });

  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('cases')
      .set({ ...change, version: row.version + 1, updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    // Someone else's change landed between our read and this write: refuse rather than overwrite it.
    if (Number(updated.numUpdatedRows) === 0) throw new AppError('CASE_CONFLICT', 'someone else has changed this case since you opened it; reload it to see what changed');
    const { id: eventId } = await trx
      .insertInto('case_events')
      .values({ case_id: id, at: now.toISOString(), action, from_status: row.status, to_status: change.status ?? row.status, actor_user_id: actor.userId > 0 ? actor.userId : null, actor_name: actor.displayName || actor.username, note: input.note ?? null, data: Object.keys(data).length ? JSON.stringify(data) : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.attachmentIds?.length) await linkAttachments(trx, input.attachmentIds, { caseId: id, eventId }, { userId: actor.userId, publicUpload: false });
    await recordAudit(trx, whoOf(actor), { action: `case.${action}`, entityType: 'case', entityId: id, areaId: row.area_id, areaPath: row.area_path, before: { status: row.status }, after: { status: change.status, ...data } });
    if (row.inspection_id && change.status === 'closed') await closeInspectionIfDone(trx, row.inspection_id, now);
  });
  return getCase(db, actor, id, now);
}

async function assignee(db: Db, actor: Actor, row: CaseRow, input: TCaseTransition, data: Record<string, unknown>): Promise<Partial<CaseRow>> {
  if (!!input.assignee === !!input.assigneeAreaId) throw new AppError('VALIDATION_FAILED', 'assign to one person or to one grid', { assignee: 'choose a person or a grid' });
  if (input.assigneeAreaId) {
    const area = await db.selectFrom('areas').select(['id', 'path', 'name']).where('id', '=', input.assigneeAreaId).executeTakeFirst();
    // The grid the case lies in (or one under the case's area), in the assigner's scope.
    const related = area && (area.path.startsWith(row.area_path) || row.area_path.startsWith(area.path));
    if (!area || !related || !canAt(actor, 'case.manage', area.path.length > row.area_path.length ? area.path : row.area_path)) {
      throw new AppError('VALIDATION_FAILED', 'that grid is not in your scope', { assigneeAreaId: 'not in your scope' });
    }
    data.assigneeArea = area.name;
    return { assignee_user_id: null, assignee_area_id: area.id, assignee_area_path: area.path };
  }
  // A person: someone on the roster of the case's area or above it, within the assigner's scope.
  const person = await db
    .selectFrom('assignments')
    .innerJoin('areas', 'areas.id', 'assignments.area_id')
    .innerJoin('users', 'users.id', 'assignments.user_id')
    .select(['users.id', 'users.display_name', 'areas.path'])
    .where('assignments.user_id', '=', input.assignee!)
    .where('assignments.ended_at', 'is', null)
    .where('users.disabled', '=', 0)
    .execute();
  const fits = person.find((p) => (row.area_path.startsWith(p.path) || p.path.startsWith(row.area_path)) && canAt(actor, 'case.manage', p.path.startsWith(row.area_path) ? p.path : row.area_path));
  if (!fits) throw new AppError('VALIDATION_FAILED', 'that person is not on the roster for this area', { assignee: 'not responsible here' });
  data.assignee = fits.display_name;
  return { assignee_user_id: fits.id, assignee_area_id: null, assignee_area_path: null };
}

/** An inspection closes when every finding it raised is closed. */
export async function closeInspectionIfDone(trx: Db, inspectionId: number, now: Date): Promise<void> {
  const open = await trx.selectFrom('cases').select('id').where('inspection_id', '=', inspectionId).where('status', 'not in', ['closed', 'rejected']).executeTakeFirst();
  if (open) return;
  await trx.updateTable('inspections').set({ status: 'closed', closed_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', inspectionId).where('status', '=', 'recorded').execute();
}

