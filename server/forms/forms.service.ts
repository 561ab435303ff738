import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import { definitionProblems } from '../../common/form-answers.js';
import type { FormDefinition, FormMode, FormStatus } from '../../common/form-definition.js';
import type { TFormCreate, TFormDetail, TFormLink, TFormSummary, TFormUpdate } from '../../common/forms.js';
import { type Actor, canAt, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { likeEscape, nowIso, toInt, underAnyPath } from '../db/dialect.js';
import type { Database, FormRow } from '../db/types.js';
import { AppError } from '../http/errors.js';

type Db = Kysely<Database>;

/** A form row with what every presentation needs. */
type Loaded = FormRow & { area_name: string };

export async function loadForm(db: Db, actor: Actor, id: number, permission: 'form.read' | 'form.write' | 'form.export' = 'form.read'): Promise<Loaded> {
  const row = await db
    .selectFrom('forms')
    .innerJoin('areas', 'areas.id', 'forms.area_id')
    .selectAll('forms')
    .select('areas.name as area_name')
    .where('forms.id', '=', id)
    .executeTakeFirst();
  // Unreadable → 404 first, so nobody learns that a form exists outside their scope.
  if (!row || !holdsForForm(actor, 'form.read', row.area_path)) throw new AppError('NOT_FOUND', 'form not found');
  // Designing is for those responsible for the form's whole area; reading and exporting also for those
  // responsible for a part of it (their rows only: every list and table filters by their scope).
  const allowed = permission === 'form.write' ? canAt(actor, permission, row.area_path) : holdsForForm(actor, permission, row.area_path);
  if (!allowed) throw new AppError('FORBIDDEN', 'your role does not allow this on this form');
  return row;
}

/** A form for an area applies to everything below it: someone holding `permission` at or under its area may use it. */
export function holdsForForm(actor: Actor, permission: 'form.read' | 'form.write' | 'form.export', formPath: string): boolean {
  if (canAt(actor, permission, formPath)) return true;
  const paths = pathsWith(actor, permission);
  return paths !== 'all' && paths.some((p) => p.startsWith(formPath));
}

/** Every ancestor-or-self path of the given paths: the forms above someone's grid apply to them. */
function ancestorPaths(paths: string[]): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    const ids = path.split('/').filter(Boolean);
    for (let i = 1; i <= ids.length; i++) out.add(`/${ids.slice(0, i).join('/')}/`);
  }
  return [...out];
}

async function openAlertCounts(db: Db, formIds: number[]): Promise<Map<number, number>> {
  if (formIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('form_alerts')
    .select(['form_id', (eb) => eb.fn.countAll().as('n')])
    .where('form_id', 'in', formIds)
    .where('status', '!=', 'closed')
    .groupBy('form_id')
    .execute();
  return new Map(rows.map((r) => [r.form_id, toInt(r.n)]));
}

function summary(row: Loaded, openAlerts: number): TFormSummary {
  return {
    id: row.id,
    areaId: row.area_id,
    areaName: row.area_name,
    title: row.title,
    mode: row.mode as FormMode,
    status: row.status as FormStatus,
    version: row.version,
    hasDraftChanges: row.draft_changed === 1,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    verification: row.verification === 1,
    submissions: row.submission_count,
    openAlerts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function detail(db: Db, row: Loaded): Promise<TFormDetail> {
  const versions = await db.selectFrom('form_versions').select(['version', 'published_at', 'published_by', 'definition']).where('form_id', '=', row.id).orderBy('version', 'desc').execute();
  const published = row.version === null ? null : versions.find((v) => v.version === row.version);
  const alerts = await openAlertCounts(db, [row.id]);
  return {
    ...summary(row, alerts.get(row.id) ?? 0),
    draft: JSON.parse(row.draft) as FormDefinition,
    published: published ? (JSON.parse(published.definition) as FormDefinition) : null,
    versions: versions.map((v) => ({ version: v.version, publishedAt: v.published_at, publishedBy: v.published_by })),
  };
}

const toIso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

function checkWindow(opensAt: string | null, closesAt: string | null) {
  if (opensAt && closesAt && closesAt <= opensAt) throw new AppError('VALIDATION_FAILED', 'the form would close before it opens', { closesAt: 'must be after opensAt' });
}

export async function createForm(db: Db, actor: Actor, input: TFormCreate): Promise<TFormDetail> {
  const area = await db.selectFrom('areas').select(['id', 'path', 'archived_at']).where('id', '=', input.areaId).executeTakeFirst();
  if (!area || !canAt(actor, 'area.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { areaId: 'no such area in your scope' });
  requireAt(actor, 'form.write', area.path, 'area');
  if (area.archived_at) throw new AppError('AREA_ARCHIVED', 'this area is archived; choose a current one', { areaId: 'archived' });
  const opensAt = toIso(input.opensAt);
  const closesAt = toIso(input.closesAt);
  checkWindow(opensAt, closesAt);
  const now = nowIso();
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('forms')
      .values({
        area_id: area.id,
        area_path: area.path,
        title: input.definition.title,
        mode: input.mode,
        status: 'draft',
        version: null,
        draft: JSON.stringify(input.definition),
        draft_changed: 1,
        opens_at: opensAt,
        closes_at: closesAt,
        verification: input.verification ? 1 : 0,
        submission_count: 0,
        created_by: actor.userId > 0 ? actor.userId : null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, whoOf(actor), { action: 'form.create', entityType: 'form', entityId: id, areaId: area.id, areaPath: area.path, after: { title: input.definition.title, mode: input.mode } });
    return id;
  });
  return detail(db, await loadForm(db, actor, id));
}

export async function listForms(db: Db, actor: Actor, query: { area?: number; status?: FormStatus; q?: string; page: number; pageSize: number }) {
  const scope = pathsWith(actor, 'form.read');
  let areaPath: string | null = null;
  if (query.area) {
    const area = await db.selectFrom('areas').select('path').where('id', '=', query.area).executeTakeFirst();
    if (!area || !canAt(actor, 'area.read', area.path)) throw new AppError('NOT_FOUND', 'area not found');
    areaPath = area.path;
  }
  let base = db.selectFrom('forms').innerJoin('areas', 'areas.id', 'forms.area_id');
  if (scope !== 'all') base = base.where((eb) => eb.or([underAnyPath(eb, 'forms.area_path', scope), eb('forms.area_path', 'in', ancestorPaths(scope.length ? scope : ['/0/']))]));
  // A form for an area applies to everything below it: a grid's list shows the community's forms too.
  if (areaPath) {
    const ancestors = areaPath.split('/').filter(Boolean).map((_, i, ids) => `/${ids.slice(0, i + 1).join('/')}/`);
    base = base.where((eb) => eb.or([underAnyPath(eb, 'forms.area_path', [areaPath!]), eb('forms.area_path', 'in', ancestors)]));
  }
  if (query.status) base = base.where('forms.status', '=', query.status);
  if (query.q) base = base.where(({ eb }: any) => eb('forms.title', 'like', `%${likeEscape(query.q!)}%`));
  const total = toInt((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const rows = await base
    .selectAll('forms')
    .select('areas.name as area_name')
    .orderBy('forms.updated_at', 'desc')
    .orderBy('forms.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const alerts = await openAlertCounts(db, rows.map((r) => r.id));
  return { items: rows.map((r) => summary(r, alerts.get(r.id) ?? 0)), total };
}

export async function getForm(db: Db, actor: Actor, id: number): Promise<TFormDetail> {
  return detail(db, await loadForm(db, actor, id));
}

export async function updateForm(db: Db, actor: Actor, id: number, input: TFormUpdate): Promise<TFormDetail> {
  const row = await loadForm(db, actor, id, 'form.write');
  const opensAt = input.opensAt !== undefined ? toIso(input.opensAt) : row.opens_at;
  const closesAt = input.closesAt !== undefined ? toIso(input.closesAt) : row.closes_at;
  checkWindow(opensAt, closesAt);
  if (input.mode && input.mode !== row.mode && row.version !== null) {
    throw new AppError('FORM_MODE_LOCKED', 'the mode of a published form cannot change: its answers were collected under the old rule; make a new form instead', { mode: 'fixed after publishing' });
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('forms')
      .set({
        ...(input.definition ? { draft: JSON.stringify(input.definition), title: row.version === null ? input.definition.title : row.title, draft_changed: 1 } : {}),
        ...(input.mode ? { mode: input.mode } : {}),
        ...(input.verification !== undefined ? { verification: input.verification ? 1 : 0 } : {}),
        opens_at: opensAt,
        closes_at: closesAt,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, whoOf(actor), { action: 'form.update', entityType: 'form', entityId: id, areaId: row.area_id, areaPath: row.area_path, after: { definitionChanged: !!input.definition, opensAt, closesAt } });
  });
  return detail(db, await loadForm(db, actor, id));
}

/** The draft becomes version N+1; submissions keep the version they answered, so nothing received breaks. */
export async function publishForm(db: Db, actor: Actor, id: number): Promise<TFormDetail> {
  const row = await loadForm(db, actor, id, 'form.write');
  const definition = JSON.parse(row.draft) as FormDefinition;
  const problems = definitionProblems(definition);
  if (Object.keys(problems).length > 0) {
    const fields = Object.fromEntries(Object.entries(problems).map(([k, v]) => [`definition.${k}`, v]));
    throw new AppError('VALIDATION_FAILED', `the form cannot be published yet: ${Object.values(problems)[0]}`, fields);
  }
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    let version = row.version;
    if (row.draft_changed === 1 || version === null) {
      version = (version ?? 0) + 1;
      await trx.insertInto('form_versions').values({ form_id: id, version, definition: row.draft, published_at: now, published_by: actor.displayName || actor.username }).execute();
    }
    await trx.updateTable('forms').set({ status: 'published', version, title: definition.title, draft_changed: 0, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, whoOf(actor), { action: 'form.publish', entityType: 'form', entityId: id, areaId: row.area_id, areaPath: row.area_path, after: { version } });
  });
  return detail(db, await loadForm(db, actor, id));
}

export async function closeForm(db: Db, actor: Actor, id: number): Promise<TFormDetail> {
  const row = await loadForm(db, actor, id, 'form.write');
  if (row.status !== 'published') throw new AppError('FORM_ILLEGAL_TRANSITION', `only a published form can be closed; this one is ${row.status}`);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('forms').set({ status: 'closed', updated_at: nowIso() }).where('id', '=', id).execute();
    await recordAudit(trx, whoOf(actor), { action: 'form.close', entityType: 'form', entityId: id, areaId: row.area_id, areaPath: row.area_path });
  });
  return detail(db, await loadForm(db, actor, id));
}

/** Tokens are random and unguessable: a QR code names one form and one area, nothing more. */
function newToken(): string {
  return randomBytes(12).toString('base64url');
}

export function formUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/f/${token}`;
}

/**
 * The QR link of a form for one area node at or under the form's area; made on first ask and stable after,
 * so a printed poster keeps working. A submission through it is attributed to that area.
 */
export async function formLink(db: Db, actor: Actor, id: number, areaId: number, baseUrl: string): Promise<TFormLink> {
  const form = await loadForm(db, actor, id);
  const area = await db.selectFrom('areas').select(['id', 'name', 'path', 'archived_at']).where('id', '=', areaId).executeTakeFirst();
  if (!area || !canAt(actor, 'form.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { area: 'no such area in your scope' });
  if (!area.path.startsWith(form.area_path)) throw new AppError('VALIDATION_FAILED', 'this area is outside the form’s area; choose the form’s area or one below it', { area: 'outside the form’s area' });
  const link = await ensureLink(db, form.id, area);
  const url = formUrl(baseUrl, link.token);
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { token: link.token, url, qrSvg, areaId: area.id, areaName: area.name };
}

export async function ensureLink(db: Db, formId: number, area: { id: number; path: string }): Promise<{ id: number; token: string }> {
  const existing = await db.selectFrom('form_links').select(['id', 'token']).where('form_id', '=', formId).where('area_id', '=', area.id).executeTakeFirst();
  if (existing) return existing;
  try {
    return await db.insertInto('form_links').values({ token: newToken(), form_id: formId, area_id: area.id, area_path: area.path, created_at: nowIso() }).returning(['id', 'token']).executeTakeFirstOrThrow();
  } catch (err) {
    // Two people asked at once: the other insert won; use its link.
    const again = await db.selectFrom('form_links').select(['id', 'token']).where('form_id', '=', formId).where('area_id', '=', area.id).executeTakeFirst();
    if (again) return again;
    throw err;
  }
}
