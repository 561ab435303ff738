import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ZInspection, ZInspectionCreate, ZInspectionPage, ZInspectionRecord } from '../../common/cases.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import { type Actor, canAnywhere, canAt, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { toInt, underAnyPath } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { PersonalDataCipher } from '../registry/personal-data-cipher.js';
import { insertCase, loadCategory } from './cases.service.js';

/**
 * Inspections (督查): planned with a checklist for a grid (or a task carried out there), recorded once
 * with pass/fail per item, and every failed item becomes a rectification case. The inspection closes
 * when nothing failed, or later when its last finding closes (closeInspectionIfDone in cases.service).
 */

type Db = Kysely<Database>;
type TInspection = z.infer<typeof ZInspection>;
type TInspectionCreate = z.infer<typeof ZInspectionCreate>;
type TInspectionRecord = z.infer<typeof ZInspectionRecord>;
type TInspectionPage = z.infer<typeof ZInspectionPage>;
type InspectionStatus = TInspection['status'];

/** Categories failed items may become cases of. */
const FINDING_TYPES = ['rectification', 'inspection_finding'];

function inspections(db: Db) {
  return db
    .selectFrom('inspections')
    .innerJoin('areas', 'areas.id', 'inspections.area_id')
    .leftJoin('users', 'users.id', 'inspections.inspector_id')
    .selectAll('inspections')
    .select(['areas.name as area_name', 'users.display_name as inspector_name']);
}
type Listed = Awaited<ReturnType<ReturnType<typeof inspections>['executeTakeFirstOrThrow']>>;

/** The inspections with their checklist items (and each finding's case status), in the given order. */
async function present(db: Db, rows: Listed[]): Promise<TInspection[]> {
  if (rows.length === 0) return [];
  const items = await db
    .selectFrom('inspection_items')
    .leftJoin('cases', 'cases.id', 'inspection_items.case_id')
    .select(['inspection_items.id', 'inspection_items.inspection_id', 'inspection_items.item', 'inspection_items.passed', 'inspection_items.note', 'inspection_items.case_id', 'cases.status as case_status'])
    .where(
      'inspection_items.inspection_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('inspection_items.inspection_id')
    .orderBy('inspection_items.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    areaId: r.area_id,
    areaName: r.area_name,
    title: r.title,
    kind: r.kind as 'grid' | 'task',
    target: r.target,
    status: r.status as InspectionStatus,
    plannedAt: r.planned_at,
    inspectorId: r.inspector_id,
    inspectorName: r.inspector_name,
    score: r.score === null ? null : Number(r.score),
    recordedAt: r.recorded_at,
    closedAt: r.closed_at,
    items: items
      .filter((i) => i.inspection_id === r.id)
      .map((i) => ({ id: i.id, item: i.item, passed: i.passed === null ? null : i.passed === 1, note: i.note, caseId: i.case_id, caseStatus: i.case_status ?? null })),
    createdAt: r.created_at,
  }));
}

/** Readable (case.read where it is) or 404, so ids reveal nothing. */
async function loadInspection(db: Db, actor: Actor, id: number): Promise<Listed> {
  const row = await inspections(db).where('inspections.id', '=', id).executeTakeFirst();
  if (!row || !canAt(actor, 'case.read', row.area_path)) throw new AppError('NOT_FOUND', 'inspection not found');
  return row;
}

export async function getInspection(db: Db, actor: Actor, id: number): Promise<TInspection> {
  return (await present(db, [await loadInspection(db, actor, id)]))[0];
}

/** `POST /api/inspections`: plan an inspection of a grid (or of a task there) with its checklist. */
export async function createInspection(db: Db, actor: Actor, input: TInspectionCreate, now = new Date()): Promise<TInspection> {
  const area = await db.selectFrom('areas').select(['id', 'path', 'archived_at']).where('id', '=', input.areaId).executeTakeFirst();
  if (!area || !canAt(actor, 'area.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { areaId: 'no such area in your scope' });
  requireAt(actor, 'inspection.write', area.path, 'area');
  if (area.archived_at) throw new AppError('AREA_ARCHIVED', 'this area is archived; choose a current one', { areaId: 'archived' });
  const at = now.toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('inspections')
      .values({ area_id: area.id, area_path: area.path, title: input.title, kind: input.kind, target: input.target || null, status: 'planned', planned_at: input.plannedAt ?? null, inspector_id: null, score: null, recorded_at: null, closed_at: null, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('inspection_items')
      .values(input.checklist.map((c, i) => ({ inspection_id: id, position: i + 1, item: c.item, passed: null, note: null, case_id: null })))
      .execute();
    await recordAudit(trx, whoOf(actor), { action: 'inspection.create', entityType: 'inspection', entityId: id, areaId: area.id, areaPath: area.path, after: { title: input.title, kind: input.kind, items: input.checklist.length } });
    return id;
  });
  return getInspection(db, actor, id);
}

/** `GET /api/inspections`: inspections where the caller reads cases, newest first. */
export async function listInspections(db: Db, actor: Actor, query: { area?: number; status?: InspectionStatus; page: number; pageSize: number }): Promise<TInspectionPage> {
  if (!canAnywhere(actor, 'case.read')) throw new AppError('FORBIDDEN', 'your role does not allow reading cases');
  const scope = pathsWith(actor, 'case.read');
  let q = inspections(db);
  if (scope !== 'all') q = q.where((eb) => underAnyPath(eb, 'inspections.area_path', scope));
  if (query.area) {
    const area = await db.selectFrom('areas').select(['id', 'path']).where('id', '=', query.area).executeTakeFirst();
    if (!area) throw new AppError('NOT_FOUND', 'area not found', { area: 'no such area in your scope' });
    requireAt(actor, 'case.read', area.path, 'area');
    q = q.where((eb) => underAnyPath(eb, 'inspections.area_path', [area.path]));
  }
  if (query.status) q = q.where('inspections.status', '=', query.status);
  const total = toInt((await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const rows = await q
    .orderBy('inspections.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: await present(db, rows), total };
}

/**
 * `POST /api/inspections/:id/record`: the results, once. Every checklist item must be answered (field
 * errors name the item by its index); each failed item becomes a case of the chosen category in the
 * inspection's area, with the note as its description and the item's photos attached. With nothing
 * failed the inspection closes at once; otherwise it waits for its findings to close.
 */
export async function recordInspection(db: Db, cipher: PersonalDataCipher, actor: Actor, id: number, input: TInspectionRecord, now = new Date()): Promise<TInspection> {
  const row = await loadInspection(db, actor, id);
  requireAt(actor, 'inspection.write', row.area_path, 'inspection');
  if (row.status !== 'planned') throw alreadyRecorded();

  const checklist = await db.selectFrom('inspection_items').selectAll().where('inspection_id', '=', id).orderBy('position').execute();
  const fields: Record<string, string> = {};
  const index = new Map(checklist.map((c, i) => [c.id, i]));
  const answers = new Map<number, TInspectionRecord['items'][number]>();
  input.items.forEach((a, i) => {
    if (!index.has(a.id)) fields[`items.${i}.id`] = 'not an item of this inspection';
    else if (answers.has(a.id)) fields[`items.${i}.id`] = 'this item is answered twice';
    else answers.set(a.id, a);
  });
  checklist.forEach((c, i) => {
    if (!answers.has(c.id) && !fields[`items.${i}`]) fields[`items.${i}`] = `not answered: ${c.item}`;
  });
  let category;
  try {
    category = await loadCategory(db, input.findingCategoryId, 'findingCategoryId');
    if (!FINDING_TYPES.includes(category.type)) fields.findingCategoryId = 'choose a rectification or inspection finding category';
  } catch (err) {
    if (!(err instanceof AppError) || !err.fields) throw err;
    Object.assign(fields, err.fields);
  }
  if (Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', 'record a result for every checklist item, with a category for the findings', fields);

  const at = now.toISOString();
  const failed = checklist.filter((c) => !answers.get(c.id)!.passed);
  const status: InspectionStatus = failed.length > 0 ? 'recorded' : 'closed';
  const area = { id: row.area_id, path: row.area_path };
  const actorName = actor.displayName || actor.username;
  const who = { userId: actor.userId, publicUpload: false };

  await db.transaction().execute(async (trx) => {
    // Conditional on still being planned: of two people recording at once, one wins.
    const updated = await trx
      .updateTable('inspections')
      .set({ status, inspector_id: actor.userId > 0 ? actor.userId : null, score: input.score ?? null, recorded_at: at, closed_at: status === 'closed' ? at : null, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'planned')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw alreadyRecorded();
    const caseIds: number[] = [];
    for (const item of checklist) {
      const i = index.get(item.id)!;
      const answer = answers.get(item.id)!;
      // Attachment problems are reported on the item they came with.
      const onItem = async <T>(work: () => Promise<T>): Promise<T> => {
        try {
          return await work();
        } catch (err) {
          if (err instanceof AppError && err.fields?.attachmentIds) throw new AppError('VALIDATION_FAILED', err.message, { [`items.${i}.attachmentIds`]: err.fields.attachmentIds });
          throw err;
        }
      };
      let caseId: number | null = null;
      if (!answer.passed) {
        caseId = await onItem(() =>
          insertCase(
            trx,
            cipher,
            {
              category: category!,
              area,
              title: item.item.slice(0, 200),
              description: answer.note ?? '',
              source: 'inspection',
              reporterUserId: actor.userId > 0 ? actor.userId : null,
              inspection: { id, itemId: item.id },
              attachmentIds: answer.attachmentIds,
              attachmentsFrom: who,
              actorName,
            },
            now,
          ),
        );
        caseIds.push(caseId);
        // Found in an inspection: the photos belong to the checklist item as well as to its case.
        if (answer.attachmentIds?.length) await trx.updateTable('case_attachments').set({ inspection_item_id: item.id }).where('id', 'in', answer.attachmentIds).where('case_id', '=', caseId).execute();
      } else if (answer.attachmentIds?.length) {
        await onItem(() => linkAttachments(trx, answer.attachmentIds!, { inspectionItemId: item.id }, who));
      }
      await trx.updateTable('inspection_items').set({ passed: answer.passed ? 1 : 0, note: answer.note ?? null, case_id: caseId }).where('id', '=', item.id).execute();
    }
    await recordAudit(trx, whoOf(actor), { action: 'inspection.record', entityType: 'inspection', entityId: id, areaId: row.area_id, areaPath: row.area_path, before: { status: 'planned' }, after: { status, score: input.score ?? null, failed: failed.length, cases: caseIds } });
  });
  return getInspection(db, actor, id);
}

function alreadyRecorded() {
  return new AppError('INSPECTION_ALREADY_RECORDED', 'this inspection has already been recorded; open it again to see the results');
}
