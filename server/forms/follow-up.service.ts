import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import { maskPhoneNumber } from '../../common/id-number.js';
import { type Actor, canAt, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { nowIso, pathUpperBound, toInt, underAnyPath } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { loadForm } from './forms.service.js';
import { dayIn } from './public-forms.service.js';

/**
 * What grid workers act on after residents report: who has not reported yet (未报名单), and the
 * submissions that tripped an alert rule (预警), with their follow-up.
 */

type Db = Kysely<Database>;

async function readableArea(db: Db, actor: Actor, id: number) {
  const area = await db.selectFrom('areas').select(['id', 'name', 'path', 'level']).where('id', '=', id).executeTakeFirst();
  if (!area || !canAt(actor, 'form.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { area: 'no such area in your scope' });
  return area;
}

/** Present residents under `path` with no live submission (that day, for daily check-ins; ever, otherwise). */
function notReportedQuery(db: Db, formId: number, path: string, day: string | null) {
  const live = (column: 'reporter_id_hash' | 'reporter_phone_hash', residentColumn: string) =>
    sql<boolean>`exists (select 1 from form_submissions s where s.form_id = ${formId} ${day ? sql`and s.day = ${day}` : sql``} and s.${sql.raw(column)} = ${sql.ref(residentColumn)} and s.deleted_at is null and s.replaced_at is null)`;
  return db
    .selectFrom('residents')
    .innerJoin('households', 'households.id', 'residents.household_id')
    .where('residents.area_path', '>=', path)
    .where('residents.area_path', '<', pathUpperBound(path))
    .where('residents.status', '=', 'present')
    .where('residents.merged_into', 'is', null)
    .where(({ not }) => not(live('reporter_id_hash', 'residents.id_hash')))
    .where(({ eb, not, or }) => or([eb('residents.phone_hash', 'is', null), not(live('reporter_phone_hash', 'residents.phone_hash'))]));
}

async function gridsOf(db: Db, paths: string[]): Promise<Map<number, string>> {
  const ids = [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean).map(Number)))];
  if (ids.length === 0) return new Map();
  const grids = await db.selectFrom('areas').select(['id', 'name']).where('id', 'in', ids).where('level', '=', 'grid').execute();
  return new Map(grids.map((g) => [g.id, g.name]));
}

export async function notReported(db: Db, actor: Actor, formId: number, query: { area: number; day?: string; page: number; pageSize: number }, opts: { timeZone: string; now?: Date }) {
  const form = await loadForm(db, actor, formId);
  const area = await readableArea(db, actor, query.area);
  requireAt(actor, 'resident.read', area.path, 'area');
  if (!area.path.startsWith(form.area_path)) throw new AppError('VALIDATION_FAILED', 'this area is outside the form’s area', { area: 'outside the form’s area' });
  const day = form.mode === 'daily' ? (query.day ?? dayIn(opts.timeZone, opts.now ?? new Date())) : null;

  const base = notReportedQuery(db, form.id, area.path, day);
  const total = toInt((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const expected = toInt(
    (
      await db
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('area_path', '>=', area.path)
        .where('area_path', '<', pathUpperBound(area.path))
        .where('status', '=', 'present')
        .where('merged_into', 'is', null)
        .executeTakeFirst()
    )?.n,
  );
  const rows = await base
    .select(['residents.id', 'residents.name', 'residents.area_path', 'residents.address', 'residents.phone_prefix3', 'residents.phone_last4', 'households.phone_last4 as household_phone_last4'])
    .orderBy('residents.area_path')
    .orderBy('residents.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const grids = await gridsOf(db, rows.map((r) => r.area_path));
  return {
    day: day ?? '',
    expected,
    reported: expected - total,
    total,
    items: rows.map((r) => {
      const gridId = r.area_path.split('/').filter(Boolean).map(Number).find((id) => grids.has(id)) ?? null;
      return {
        residentId: r.id,
        name: r.name,
        gridId,
        gridName: gridId ? grids.get(gridId)! : null,
        address: r.address,
        phone: r.phone_last4 ? maskPhoneNumber(`${r.phone_prefix3}****${r.phone_last4}`) : null,
        householdPhone: r.household_phone_last4 ? `*******${r.household_phone_last4}` : null,
      };
    }),
  };
}

/** The not-reported list as XLSX (masked phones: calling someone goes through an audited reveal). */
export async function exportNotReported(db: Db, actor: Actor, formId: number, query: { area: number; day?: string }, opts: { timeZone: string }) {
  const first = await notReported(db, actor, formId, { ...query, page: 1, pageSize: 1 }, opts);
  const form = await loadForm(db, actor, formId, 'form.export');
  const area = await readableArea(db, actor, query.area);
  await recordAudit(db, whoOf(actor), { action: 'form.export_not_reported', entityType: 'form', entityId: form.id, areaId: area.id, areaPath: area.path, after: { day: first.day } });
  const out = new PassThrough();
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet('未报名单');
    sheet.addRow(['姓名', '网格', '地址', '手机号', '户联系电话', '日期']).commit();
    for (let page = 1; ; page++) {
      const chunk = await notReported(db, actor, formId, { ...query, page, pageSize: 500 }, opts);
      for (const r of chunk.items) sheet.addRow([r.name, r.gridName ?? '', r.address, r.phone ?? '', r.householdPhone ?? '', chunk.day]).commit();
      if (chunk.items.length < 500) break;
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err) => out.destroy(err));
  return { stream: out, fileName: `form-${form.id}-not-reported-${first.day || 'all'}.xlsx` };
}

type AlertListed = {
  id: number;
  form_id: number;
  form_title: string;
  submission_id: string;
  area_id: number;
  area_name: string;
  area_path: string;
  rule: string;
  detail: string;
  reporter_name: string;
  reporter_phone_last4: string;
  status: string;
  assignee_id: number | null;
  assignee_name: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
};

function alertsQuery(db: Db) {
  return db
    .selectFrom('form_alerts')
    .innerJoin('forms', 'forms.id', 'form_alerts.form_id')
    .innerJoin('areas', 'areas.id', 'form_alerts.area_id')
    .innerJoin('form_submissions', 'form_submissions.seq', 'form_alerts.submission_seq')
    .leftJoin('users', 'users.id', 'form_alerts.assignee_id');
}

function selectAlert<T extends ReturnType<typeof alertsQuery>>(q: T) {
  return q.select([
    'form_alerts.id',
    'form_alerts.form_id',
    'forms.title as form_title',
    'form_submissions.id as submission_id',
    'form_alerts.area_id',
    'areas.name as area_name',
    'form_alerts.area_path',
    'form_alerts.rule',
    'form_alerts.detail',
    'form_submissions.reporter_name',
    'form_submissions.reporter_phone_last4',
    'form_alerts.status',
    'form_alerts.assignee_id',
    'users.display_name as assignee_name',
    'form_alerts.note',
    'form_alerts.created_at',
    'form_alerts.updated_at',
  ]);
}

function presentAlert(r: AlertListed) {
  return {
    id: r.id,
    formId: r.form_id,
    formTitle: r.form_title,
    submissionId: r.submission_id,
    areaId: r.area_id,
    areaName: r.area_name,
    rule: r.rule,
    detail: r.detail,
    reporterName: r.reporter_name,
    reporterPhone: `*******${r.reporter_phone_last4}`,
    status: r.status as 'open' | 'following' | 'closed',
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Alerts in the actor's scope, newest first; a grid worker sees their grid's the moment they are raised. */
export async function listAlerts(db: Db, actor: Actor, query: { area?: number; form?: number; status?: 'open' | 'following' | 'closed'; page: number; pageSize: number }) {
  const scope = pathsWith(actor, 'form.read');
  let q = alertsQuery(db);
  if (scope !== 'all') q = q.where((eb) => underAnyPath(eb, 'form_alerts.area_path', scope));
  if (query.area) {
    const area = await readableArea(db, actor, query.area);
    q = q.where((eb) => underAnyPath(eb, 'form_alerts.area_path', [area.path]));
  }
  if (query.form) q = q.where('form_alerts.form_id', '=', query.form);
  if (query.status) q = q.where('form_alerts.status', '=', query.status);
  const total = toInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const rows = (await selectAlert(q)
    .orderBy('form_alerts.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute()) as AlertListed[];
  return { items: rows.map(presentAlert), total };
}

const TRANSITIONS: Record<string, { from: string[]; to: string }> = {
  follow_up: { from: ['open', 'following'], to: 'following' },
  close: { from: ['open', 'following'], to: 'closed' },
  reopen: { from: ['closed'], to: 'open' },
};

/** Follow up (跟进, optionally handing it to someone responsible for the area), close or reopen an alert. */
export async function actOnAlert(db: Db, actor: Actor, id: number, input: { action: 'follow_up' | 'close' | 'reopen'; note?: string; assigneeId?: number }) {
  const alert = await db.selectFrom('form_alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!alert || !canAt(actor, 'form.read', alert.area_path)) throw new AppError('NOT_FOUND', 'alert not found');
  requireAt(actor, 'form.alert', alert.area_path, 'alert');
  const step = TRANSITIONS[input.action];
  if (!step.from.includes(alert.status)) throw new AppError('FORM_ILLEGAL_TRANSITION', `an alert that is ${alert.status} cannot be ${input.action === 'reopen' ? 'reopened' : input.action === 'close' ? 'closed' : 'followed up'}`);
  if (input.action === 'close' && !input.note && !alert.note) throw new AppError('VALIDATION_FAILED', 'say how the alert was resolved before closing it', { note: 'required to close' });
  if (input.assigneeId !== undefined) {
    const responsible = await db
      .selectFrom('assignments')
      .innerJoin('areas', 'areas.id', 'assignments.area_id')
      .select('assignments.id')
      .where('assignments.user_id', '=', input.assigneeId)
      .where('assignments.ended_at', 'is', null)
      .where(sql<boolean>`${alert.area_path} like ${sql.ref('areas.path')} || '%'`)
      .executeTakeFirst();
    if (!responsible) throw new AppError('VALIDATION_FAILED', 'that person is not on the roster for this area', { assigneeId: 'not responsible for this area' });
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('form_alerts')
      .set({ status: step.to, note: input.note ?? alert.note, assignee_id: input.assigneeId ?? alert.assignee_id, updated_at: nowIso(), updated_by: actor.userId > 0 ? actor.userId : null })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, whoOf(actor), { action: `form_alert.${input.action}`, entityType: 'form_alert', entityId: id, areaId: alert.area_id, areaPath: alert.area_path, before: { status: alert.status }, after: { status: step.to, note: input.note, assigneeId: input.assigneeId } });
  });
  const row = (await selectAlert(alertsQuery(db)).where('form_alerts.id', '=', id).executeTakeFirstOrThrow()) as AlertListed;
  return presentAlert(row);
}
