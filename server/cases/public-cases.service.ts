import type { Kysely } from 'kysely';
import type { CaseStatus, CaseType } from '../../common/case-workflow.js';
import type { TCaseCategory } from '../../common/cases.js';
import { attachmentsOf } from '../attachments/attachments.service.js';
import { isUniqueViolation, nowIso } from '../db/dialect.js';
import type { CaseCategoryRow, Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { PhoneWindow } from '../forms/public-forms.service.js';
import type { PersonalDataCipher } from '../registry/personal-data-cipher.js';
import { closeInspectionIfDone, insertCase, loadCategory } from './cases.service.js';

type Db = Kysely<Database>;

export function presentCategory(c: CaseCategoryRow): TCaseCategory {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    type: c.type as CaseType,
    description: c.description,
    defaultRole: c.default_role as TCaseCategory['defaultRole'],
    acceptHours: c.accept_hours,
    resolveHours: c.resolve_hours,
    publicReporting: c.public_reporting === 1,
    active: c.active === 1,
  };
}

/** Categories a resident may choose (the area only has to exist: categories are deployment-wide). */
export async function publicCategories(db: Db, areaId: number | undefined): Promise<TCaseCategory[]> {
  if (areaId !== undefined) {
    const area = await db.selectFrom('areas').select('id').where('id', '=', areaId).where('archived_at', 'is', null).executeTakeFirst();
    if (!area) throw new AppError('NOT_FOUND', 'this place was not found; check the QR code or link');
  }
  const rows = await db.selectFrom('case_categories').selectAll().where('active', '=', 1).where('public_reporting', '=', 1).orderBy('sort_order').orderBy('id').execute();
  return rows.map(presentCategory);
}

export interface PublicReport {
  id: string;
  categoryId: number;
  areaId: number;
  title?: string;
  description: string;
  location?: { lat: number; lng: number };
  address?: string;
  attachmentIds?: number[];
  neededBy?: string;
  reporterName: string;
  reporterPhone: string;
}

export function trackingUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/track/${token}`;
}

async function existingReport(db: Db, clientId: string) {
  return db.selectFrom('cases').select(['reference', 'tracking_token']).where('client_id', '=', clientId).executeTakeFirst();
}

/** A resident's report without login. Idempotent on the page's id: a retried POST returns the first case. */
export async function reportAsResident(db: Db, cipher: PersonalDataCipher, input: PublicReport, opts: { baseUrl: string; phoneLimit: PhoneWindow | null; source?: 'resident' | 'open311'; apiKeyId?: number | null; now?: Date }) {
  const again = await existingReport(db, input.id);
  if (again) return { created: false, reference: again.reference, trackingToken: again.tracking_token, trackingUrl: trackingUrl(opts.baseUrl, again.tracking_token) };
  const category = await loadCategory(db, input.categoryId);
  if (category.public_reporting !== 1 && opts.source !== 'open311') throw new AppError('VALIDATION_FAILED', 'choose one of the categories offered on this page', { categoryId: 'not open to residents' });
  const area = await db.selectFrom('areas').select(['id', 'path']).where('id', '=', input.areaId).where('archived_at', 'is', null).executeTakeFirst();
  if (!area) throw new AppError('VALIDATION_FAILED', 'this place was not found; check the QR code or link', { areaId: 'no such place' });
  if (opts.phoneLimit && !opts.phoneLimit.allow(`case:${cipher.hash(input.reporterPhone)}`)) throw new AppError('RATE_LIMITED', 'too many reports from this phone number in the last hour; try again later');
  const now = opts.now ?? new Date();
  try {
    const id = await db.transaction().execute((trx) =>
      insertCase(
        trx,
        cipher,
        {
          category,
          area,
          title: input.title?.trim() || input.description.slice(0, 40),
          description: input.description,
          location: input.location,
          address: input.address,
          source: opts.source ?? 'resident',
          reporterName: input.reporterName,
          reporterPhone: input.reporterPhone,
          neededBy: input.neededBy ?? null,
          clientId: input.id,
          apiKeyId: opts.apiKeyId ?? null,
          attachmentIds: input.attachmentIds,
          attachmentsFrom: { userId: null, publicUpload: true },
          actorName: input.reporterName,
        },
        now,
      ),
    );
    const row = await db.selectFrom('cases').select(['reference', 'tracking_token']).where('id', '=', id).executeTakeFirstOrThrow();
    return { created: true, reference: row.reference, trackingToken: row.tracking_token, trackingUrl: trackingUrl(opts.baseUrl, row.tracking_token), id };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced = await existingReport(db, input.id);
    if (!raced) throw err;
    return { created: false, reference: raced.reference, trackingToken: raced.tracking_token, trackingUrl: trackingUrl(opts.baseUrl, raced.tracking_token) };
  }
}

async function byToken(db: Db, token: string) {
  const row = await db
    .selectFrom('cases')
    .innerJoin('case_categories', 'case_categories.id', 'cases.category_id')
    .innerJoin('areas', 'areas.id', 'cases.area_id')
    .selectAll('cases')
    .select(['case_categories.name as category_name', 'areas.name as area_name'])
    .where('cases.tracking_token', '=', token)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'no case behind this link; check the link you were given');
  return row;
}

/** What the resident sees of their case: progress and notes, not who on the staff did what. */
export async function trackCase(db: Db, token: string) {
  const row = await byToken(db, token);
  const events = await db.selectFrom('case_events').select(['id', 'at', 'action', 'to_status', 'note']).where('case_id', '=', row.id).orderBy('id').execute();
  const attachments = await attachmentsOf(db, row.id);
  return {
    reference: row.reference,
    categoryName: row.category_name,
    type: row.type as CaseType,
    status: row.status as CaseStatus,
    title: row.title,
    description: row.description,
    areaName: row.area_name,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    rating: row.rating,
    canRate: row.status === 'closed' && row.rating === null,
    canConfirmReceipt: row.type === 'errand' && row.status === 'resolved',
    timeline: events
      // Internal steps (who was assigned, escalations) stay inside; the resident sees the progress.
      .filter((e) => e.action !== 'escalate' && e.action !== 'comment')
      .map((e) => ({
        at: e.at,
        action: e.action,
        toStatus: e.to_status,
        note: e.action === 'resolve' || e.action === 'reject' || e.action === 'rate' ? e.note : null,
        attachments: attachments
          .filter((a) => a.eventId === e.id)
          .map(({ eventId: _e, ...a }) => ({ ...a, url: `/api/public/cases/${token}/attachments/${a.id}`, thumbUrl: a.thumbUrl ? `/api/public/cases/${token}/attachments/${a.id}?thumb=1` : null })),
      })),
  };
}

/** The resident rates a closed case once (1–5). */
export async function rateCase(db: Db, token: string, input: { rating: number; note?: string }) {
  const row = await byToken(db, token);
  if (row.status !== 'closed') throw new AppError('CASE_ILLEGAL_TRANSITION', 'a case can be rated once it is closed');
  if (row.rating !== null) throw new AppError('CASE_ILLEGAL_TRANSITION', 'this case has already been rated');
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('cases').set({ rating: input.rating, rating_note: input.note ?? null, version: row.version + 1, updated_at: nowIso() }).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('CASE_CONFLICT', 'the case changed while you were rating it; reload and try again');
    await trx.insertInto('case_events').values({ case_id: row.id, at: nowIso(), action: 'rate', from_status: row.status, to_status: row.status, actor_user_id: null, actor_name: row.reporter_name, note: input.note ?? null, data: JSON.stringify({ rating: input.rating }) }).execute();
  });
  return trackCase(db, token);
}

/** The resident confirms an errand was done: their check closes it. */
export async function confirmReceipt(db: Db, token: string) {
  const row = await byToken(db, token);
  if (row.type !== 'errand') throw new AppError('CASE_ILLEGAL_TRANSITION', 'only an errand is confirmed by the resident; this case is checked by staff');
  if (row.status !== 'resolved') throw new AppError('CASE_ILLEGAL_TRANSITION', `a case that is ${row.status} cannot be confirmed as received`);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('cases').set({ status: 'closed', closed_at: now, due_at: null, next_escalation_at: null, version: row.version + 1, updated_at: now }).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('CASE_CONFLICT', 'the case changed meanwhile; reload and try again');
    await trx.insertInto('case_events').values({ case_id: row.id, at: now, action: 'confirm_receipt', from_status: row.status, to_status: 'closed', actor_user_id: null, actor_name: row.reporter_name, note: null, data: null }).execute();
    if (row.inspection_id) await closeInspectionIfDone(trx, row.inspection_id, new Date(now));
  });
  return trackCase(db, token);
}

/** An attachment of a case, for the resident holding its tracking link. */
export async function trackedAttachmentCaseId(db: Db, token: string): Promise<number> {
  return (await byToken(db, token)).id;
}
