import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { type AddressAnswer, type FormDefinition, type ItineraryStop, PERSONAL_FIELD_TYPES } from '../../common/form-definition.js';
import type { TSubmission } from '../../common/forms.js';
import { maskIdNumber, maskPhoneNumber } from '../../common/id-number.js';

import { type Actor, canAt, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { likeEscape, nowIso, toInt, underAnyPath } from '../db/dialect.js';
import type { Database, FormSubmissionRow } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { PersonalDataCipher } from '../registry/personal-data-cipher.js';
import { loadForm } from './forms.service.js';
import { referenceOf } from './public-forms.service.js';
import { versionDefinition } from './form-versions.js';
import { untallyDeleted } from './tally.js';

type Db = Kysely<Database>;
type Listed = FormSubmissionRow & { area_name: string };

export interface SubmissionFilter {
  area?: number;
  from?: string;
  to?: string;
  flagged?: '1' | '0';
  q?: string;
}

/** Answers as stored, with personal ones masked (or decrypted when revealing). */
function presentAnswers(definition: FormDefinition, stored: string, cipher: PersonalDataCipher, reveal: boolean): Record<string, unknown> {
  const answers = JSON.parse(stored) as Record<string, unknown>;
  for (const field of definition.fields) {
    const v = answers[field.name];
    if (!PERSONAL_FIELD_TYPES.has(field.type) || typeof v !== 'string' || !v.startsWith('enc:')) continue;
    const plain = cipher.decrypt(v.slice(4));
    answers[field.name] = reveal ? plain : field.type === 'phone' ? maskPhoneNumber(plain) : maskIdNumber(plain);
  }
  return answers;
}

async function present(db: Db, row: Listed, cipher: PersonalDataCipher, reveal: boolean): Promise<TSubmission> {
  const definition = await versionDefinition(db, row.form_id, row.version);
  // Only the last 4 digits are kept in clear; a list shows just those.
  const phone = reveal ? cipher.decrypt(row.reporter_phone_enc) : `*******${row.reporter_phone_last4}`;
  return {
    id: row.id,
    reference: referenceOf(row),
    formId: row.form_id,
    version: row.version,
    areaId: row.area_id,
    areaName: row.area_name,
    day: row.day,
    submittedAt: row.submitted_at,
    reporterName: row.reporter_name,
    reporterPhone: phone,
    reporterIdNumber: row.reporter_id_enc ? (reveal ? cipher.decrypt(row.reporter_id_enc) : maskIdNumber(cipher.decrypt(row.reporter_id_enc))) : null,
    flagged: row.flagged === 1,
    answers: presentAnswers(definition, row.answers, cipher, reveal),
  };
}

/** Live submissions of a form the actor may read, filtered; newest first. */
async function filtered(db: Db, actor: Actor, formId: number, filter: SubmissionFilter, scopePermission: 'form.read' | 'resident.reveal' = 'form.read') {
  const form = await loadForm(db, actor, formId);
  const scope = pathsWith(actor, scopePermission);
  let areaPath: string | null = null;
  if (filter.area) {
    const area = await db.selectFrom('areas').select('path').where('id', '=', filter.area).executeTakeFirst();
    if (!area || !canAt(actor, 'form.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { area: 'no such area in your scope' });
    areaPath = area.path;
  }
  let q = db
    .selectFrom('form_submissions')
    .innerJoin('areas', 'areas.id', 'form_submissions.area_id')
    .where('form_submissions.form_id', '=', form.id)
    .where('form_submissions.deleted_at', 'is', null)
    .where('form_submissions.replaced_at', 'is', null);
  if (scope !== 'all') q = q.where((eb) => underAnyPath(eb, 'form_submissions.area_path', scope));
  if (areaPath) q = q.where((eb) => underAnyPath(eb, 'form_submissions.area_path', [areaPath!]));
  if (filter.from) q = q.where('form_submissions.day', '>=', filter.from);
  if (filter.to) q = q.where('form_submissions.day', '<=', filter.to);
  if (filter.flagged) q = q.where('form_submissions.flagged', '=', filter.flagged === '1' ? 1 : 0);
  if (filter.q) {
    const text = filter.q.trim();
    q = /^\d{4}$/.test(text) ? q.where('form_submissions.reporter_phone_last4', '=', text) : q.where('form_submissions.reporter_name', 'like', `${likeEscape(text)}%`);
  }
  return { form, q };
}

export async function listSubmissions(db: Db, cipher: PersonalDataCipher, actor: Actor, formId: number, query: SubmissionFilter & { page: number; pageSize: number }) {
  const { q } = await filtered(db, actor, formId, query);
  const total = toInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const rows = await q
    .selectAll('form_submissions')
    .select('areas.name as area_name')
    .orderBy('form_submissions.seq', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const items: TSubmission[] = [];
  for (const r of rows) items.push(await present(db, r, cipher, false));
  return { items, total };
}

async function loadSubmission(db: Db, actor: Actor, formId: number, id: string, permission: 'form.read' | 'form.write' | 'resident.reveal' = 'form.read'): Promise<Listed> {
  await loadForm(db, actor, formId);
  const row = await db
    .selectFrom('form_submissions')
    .innerJoin('areas', 'areas.id', 'form_submissions.area_id')
    .selectAll('form_submissions')
    .select('areas.name as area_name')
    .where('form_submissions.id', '=', id)
    .where('form_submissions.form_id', '=', formId)
    .where('form_submissions.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row || !canAt(actor, 'form.read', row.area_path)) throw new AppError('NOT_FOUND', 'submission not found');
  requireAt(actor, permission, row.area_path, 'submission');
  return row;
}

export async function submissionDetail(db: Db, cipher: PersonalDataCipher, actor: Actor, formId: number, id: string) {
  const row = await loadSubmission(db, actor, formId, id);
  const alerts = await db.selectFrom('form_alerts').select(['id', 'rule', 'status']).where('submission_seq', '=', row.seq).orderBy('id').execute();
  return { ...(await present(db, row, cipher, false)), definition: await versionDefinition(db, row.form_id, row.version), alerts };
}

/** One submission with its personal answers in full, for someone with the right; audited with the reason. */
export async function revealSubmission(db: Db, cipher: PersonalDataCipher, actor: Actor, formId: number, id: string, reason: string) {
  const row = await loadSubmission(db, actor, formId, id, 'resident.reveal');
  await recordAudit(db, whoOf(actor), { action: 'form_submission.reveal', entityType: 'form_submission', entityId: id, areaId: row.area_id, areaPath: row.area_path, after: { reason, formId } });
  return present(db, row, cipher, true);
}

export async function deleteSubmission(db: Db, actor: Actor, formId: number, id: string, reason: string): Promise<void> {
  const row = await loadSubmission(db, actor, formId, id, 'form.write');
  await db.transaction().execute(async (trx) => {
    const changed = await trx.updateTable('form_submissions').set({ deleted_at: nowIso() }).where('seq', '=', row.seq).where('deleted_at', 'is', null).executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return;
    await untallyDeleted(trx, row);
    await trx.updateTable('form_alerts').set({ status: 'closed', note: `submission deleted: ${reason}`, updated_at: nowIso(), updated_by: actor.userId > 0 ? actor.userId : null }).where('submission_seq', '=', row.seq).where('status', '!=', 'closed').execute();
    await recordAudit(trx, whoOf(actor), {
      action: 'form_submission.delete',
      entityType: 'form_submission',
      entityId: id,
      areaId: row.area_id,
      areaPath: row.area_path,
      before: { reference: referenceOf(row), reporter: row.reporter_name, day: row.day },
      after: { reason },
    });
  });
}

/** A photo answer's file, for someone who may read the submission it belongs to. */
export async function submissionPhoto(db: Db, actor: Actor, formId: number, file: string, uploadsDir: string) {
  const m = new RegExp(`^f${formId}-([0-9a-f-]{36})-[A-Za-z][A-Za-z0-9_]{0,63}\\.(jpg|png)$`).exec(file);
  if (!m) throw new AppError('NOT_FOUND', 'photo not found');
  // The submission's own scope check: a photo given in another grid stays there.
  await loadSubmission(db, actor, formId, m[1]);
  const path = join(uploadsDir, 'forms', file);
  const info = await stat(path).catch(() => null);
  if (!info) throw new AppError('NOT_FOUND', 'photo not found');
  return { stream: createReadStream(path), size: info.size, type: file.endsWith('.png') ? 'image/png' : 'image/jpeg' };
}

function answerText(definition: FormDefinition, name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  const field = definition.fields.find((f) => f.name === name);
  if (!field) return String(value);
  const label = (v: string) => (field.type === 'yes_no' ? (v === 'yes' ? '是' : v === 'no' ? '否' : v) : (field.options?.find((o) => o.value === v)?.label ?? v));
  switch (field.type) {
    case 'single_choice':
    case 'yes_no':
      return label(String(value));
    case 'multiple_choice':
      return (value as string[]).map(label).join('、');
    case 'itinerary':
      return (value as ItineraryStop[]).map((s) => `${s.date} ${s.place}`).join('；');
    case 'address': {
      const a = value as AddressAnswer;
      return `${a.areaId}${a.room ? ` ${a.room}` : ''}`;
    }
    default:
      return String(value);
  }
}

export interface SubmissionExport {
  stream: PassThrough;
  fileName: string;
}

/**
 * Every live submission in scope as XLSX or CSV, streamed page by page (a million rows never sit in memory).
 * Personal answers are masked unless `reveal` (needs resident.reveal; audited with the reason).
 */
export async function exportSubmissions(db: Db, cipher: PersonalDataCipher, actor: Actor, formId: number, query: SubmissionFilter & { format: 'xlsx' | 'csv'; reveal?: boolean; reason?: string }): Promise<SubmissionExport> {
  const form = await loadForm(db, actor, formId, 'form.export');
  if (query.reveal) {
    if (!query.reason || query.reason.trim().length < 2) throw new AppError('VALIDATION_FAILED', 'say why you need the full numbers', { reason: 'required to export full personal data' });
    const revealable = pathsWith(actor, 'resident.reveal');
    if (revealable !== 'all' && !revealable.some((p) => p.startsWith(form.area_path) || form.area_path.startsWith(p))) throw new AppError('FORBIDDEN', 'your role does not allow exporting full personal data');
  }
  // Full numbers only for the rows where the exporter may reveal them.
  const { q } = await filtered(db, actor, formId, query, query.reveal ? 'resident.reveal' : 'form.read');
  const definition = form.version ? await versionDefinition(db, form.id, form.version) : { title: form.title, fields: [] };
  const questions = definition.fields.filter((f) => f.type !== 'section');
  const header = ['编号', '提交时间', '日期', '地点', '姓名', '手机号', '身份证号', '预警', ...questions.map((f) => f.label)];
  await recordAudit(db, whoOf(actor), { action: query.reveal ? 'form_submission.export_revealed' : 'form_submission.export', entityType: 'form', entityId: form.id, areaId: form.area_id, areaPath: form.area_path, after: { format: query.format, filter: { area: query.area, from: query.from, to: query.to, flagged: query.flagged }, reason: query.reason } });

  const out = new PassThrough();
  const fileName = `form-${form.id}-submissions.${query.format}`;
  const write = async () => {
    const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    let workbook: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
    let sheet: ExcelJS.Worksheet | null = null;
    if (query.format === 'xlsx') {
      workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
      sheet = workbook.addWorksheet('填报记录');
      sheet.addRow(header).commit();
    } else {
      out.write(`\uFEFF${header.map(csvCell).join(',')}\r\n`);
    }
    let lastSeq: number | null = null;
    for (;;) {
      const page: typeof q = lastSeq === null ? q : q.where('form_submissions.seq', '<', lastSeq);
      const rows: Listed[] = await page.selectAll('form_submissions').select('areas.name as area_name').orderBy('form_submissions.seq', 'desc').limit(1000).execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        const s = await present(db, row, cipher, !!query.reveal);
        const def = await versionDefinition(db, row.form_id, row.version);
        const cells = [s.reference, s.submittedAt, s.day, s.areaName, s.reporterName, s.reporterPhone, s.reporterIdNumber ?? '', s.flagged ? '是' : '', ...questions.map((f) => answerText(def, f.name, s.answers[f.name]))];
        if (sheet) sheet.addRow(cells).commit();
        else if (!out.write(`${cells.map((c) => csvCell(String(c))).join(',')}\r\n`)) await new Promise((r) => out.once('drain', r));
      }
      lastSeq = rows[rows.length - 1].seq;
    }
    if (workbook && sheet) {
      sheet.commit();
      await workbook.commit();
    } else out.end();
  };
  write().catch((err) => out.destroy(err));
  return { stream: out, fileName };
}
