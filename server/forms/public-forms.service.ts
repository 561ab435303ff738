import { createHash, randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { checkAnswers, type Lang } from '../../common/form-answers.js';
import {
  type AddressAnswer,
  type Answers,
  type FormDefinition,
  type FormMode,
  PERSONAL_FIELD_TYPES,
  type PublicForm,
  REPORTER_ID_NUMBER,
  REPORTER_NAME,
  REPORTER_PHONE,
  type SubmissionReceipt,
} from '../../common/form-definition.js';
import { maskPhoneNumber } from '../../common/id-number.js';
import { isUniqueViolation, nowIso } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import type { PersonalDataCipher } from '../registry/personal-data-cipher.js';
import { evaluateAlertRules } from './alert-rules.js';

type Db = Kysely<Database>;

/** What the submission path needs about a link, cached briefly: a QR code is scanned thousands of times a minute. */
interface LinkFacts {
  linkId: number;
  token: string;
  formId: number;
  formPath: string;
  areaId: number;
  areaPath: string;
  areaName: string;
  mode: FormMode;
  status: string;
  version: number | null;
  opensAt: string | null;
  closesAt: string | null;
  verification: boolean;
  definition: FormDefinition | null;
}

const LINK_CACHE_MS = 1000;
const linkCache = new Map<string, { at: number; facts: LinkFacts | null }>();

async function linkFacts(db: Db, token: string): Promise<LinkFacts> {
  const cached = linkCache.get(token);
  if (cached && Date.now() - cached.at < LINK_CACHE_MS) {
    if (!cached.facts) throw new AppError('NOT_FOUND', 'this QR code or link does not lead to a form; ask your grid worker for the current one');
    return cached.facts;
  }
  const row = await db
    .selectFrom('form_links')
    .innerJoin('forms', 'forms.id', 'form_links.form_id')
    .innerJoin('areas', 'areas.id', 'form_links.area_id')
    .leftJoin('form_versions', (j) => j.onRef('form_versions.form_id', '=', 'forms.id').onRef('form_versions.version', '=', 'forms.version'))
    .select([
      'form_links.id as link_id',
      'form_links.token',
      'forms.id as form_id',
      'forms.area_path as form_path',
      'areas.id as area_id',
      'areas.path as area_path',
      'areas.name as area_name',
      'forms.mode',
      'forms.status',
      'forms.version',
      'forms.opens_at',
      'forms.closes_at',
      'forms.verification',
      'form_versions.definition',
    ])
    .where('form_links.token', '=', token)
    .executeTakeFirst();
  const facts: LinkFacts | null = row
    ? {
        linkId: row.link_id,
        token: row.token,
        formId: row.form_id,
        formPath: row.form_path,
        areaId: row.area_id,
        areaPath: row.area_path,
        areaName: row.area_name,
        mode: row.mode as FormMode,
        status: row.status,
        version: row.version,
        opensAt: row.opens_at,
        closesAt: row.closes_at,
        verification: row.verification === 1,
        definition: row.definition ? (JSON.parse(row.definition) as FormDefinition) : null,
      }
    : null;
  if (linkCache.size > 10_000) linkCache.clear();
  linkCache.set(token, { at: Date.now(), facts });
  if (!facts) throw new AppError('NOT_FOUND', 'this QR code or link does not lead to a form; ask your grid worker for the current one');
  return facts;
}

/** Forget cached link facts (after publish/close, so the change is seen at once in this process). */
export function forgetCachedLinks(): void {
  linkCache.clear();
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

const lastDay = new Map<string, { minute: number; day: string }>();

/** The calendar day at `at` in the deployment's time zone, as YYYY-MM-DD. */
export function dayIn(timeZone: string, at: Date): string {
  // Intl formatting costs ~80 µs, a noticeable share of a submission; days change on minute boundaries
  // in every real time zone, so the answer is reused within a minute.
  const minute = Math.floor(at.getTime() / 60_000);
  const hit = lastDay.get(timeZone);
  if (hit && hit.minute === minute) return hit.day;
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  const day = f.format(at);
  lastDay.set(timeZone, { minute, day });
  return day;
}

function whyClosed(facts: LinkFacts, at: string): string | null {
  if (facts.status === 'draft' || facts.version === null || !facts.definition) return '此表单尚未发布';
  if (facts.status === 'closed') return '此表单已停止填报';
  if (facts.opensAt && at < facts.opensAt) return `此表单将于 ${facts.opensAt.slice(0, 16).replace('T', ' ')}（UTC）开始填报`;
  if (facts.closesAt && at >= facts.closesAt) return '此表单已截止填报';
  return null;
}

export async function publicForm(db: Db, token: string, opts: { timeZone: string; now?: Date }): Promise<PublicForm> {
  const facts = await linkFacts(db, token);
  const now = opts.now ?? new Date();
  const closedReason = whyClosed(facts, now.toISOString());
  if (!facts.definition || facts.version === null) throw new AppError('NOT_FOUND', 'this form has not been published yet');
  return {
    token,
    formId: facts.formId,
    version: facts.version,
    mode: facts.mode,
    areaId: facts.areaId,
    areaName: facts.areaName,
    definition: facts.definition,
    verification: facts.verification,
    open: closedReason === null,
    closedReason,
    today: dayIn(opts.timeZone, now),
  };
}

/** Children of an area under the link's area, for the resident's address picker. */
export async function publicFormAreas(db: Db, token: string, parentId: number | undefined) {
  const facts = await linkFacts(db, token);
  let parent = facts.areaId;
  if (parentId !== undefined && parentId !== facts.areaId) {
    const p = await db.selectFrom('areas').select(['id', 'path']).where('id', '=', parentId).executeTakeFirst();
    if (!p || !p.path.startsWith(facts.areaPath)) throw new AppError('NOT_FOUND', 'no such place under this form’s area');
    parent = p.id;
  }
  const rows = await db
    .selectFrom('areas')
    .select(['id', 'name', 'level', (eb) => eb.exists(eb.selectFrom('areas as c').select('c.id').whereRef('c.parent_id', '=', 'areas.id').where('c.archived_at', 'is', null)).as('has_children')])
    .where('parent_id', '=', parent)
    .where('archived_at', 'is', null)
    .orderBy('sort_order')
    .orderBy('name')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, level: r.level, hasChildren: !!r.has_children }));
}

/** Sends verification codes to phones. Deployments plug in their SMS gateway; development logs the code. */
export interface VerificationSender {
  send(phone: string, code: string, purpose: string): Promise<void>;
}

export function logVerificationSender(log: { warn: (obj: object, msg: string) => void }): VerificationSender {
  return {
    async send(phone, code, purpose) {
      log.warn({ phone: maskPhoneNumber(phone), code, purpose }, 'verification code (development sender: configure an SMS sender for production)');
    },
  };
}

const CODE_TTL_MS = 5 * 60_000;
const CODE_RESEND_MS = 60_000;
const CODE_MAX_ATTEMPTS = 5;

const codeHash = (phoneHash: string, code: string) => createHash('sha256').update(`${phoneHash}:${code}`).digest('hex');

export async function sendVerificationCode(db: Db, cipher: PersonalDataCipher, sender: VerificationSender, token: string, phone: string): Promise<{ expiresInSeconds: number }> {
  const facts = await linkFacts(db, token);
  if (!facts.verification) throw new AppError('VALIDATION_FAILED', 'this form does not ask for a verification code', { phone: 'no code needed' });
  const phoneHash = cipher.hash(phone);
  const purpose = `form:${facts.formId}`;
  const latest = await db.selectFrom('verification_codes').select(['created_at']).where('phone_hash', '=', phoneHash).where('purpose', '=', purpose).orderBy('id', 'desc').executeTakeFirst();
  if (latest && Date.now() - Date.parse(latest.created_at) < CODE_RESEND_MS) {
    throw new AppError('RATE_LIMITED', 'a code was sent to this phone less than a minute ago; wait a moment before asking again');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = new Date();
  await db.insertInto('verification_codes').values({ phone_hash: phoneHash, purpose, code_hash: codeHash(phoneHash, code), attempts: 0, expires_at: new Date(now.getTime() + CODE_TTL_MS).toISOString(), used_at: null, created_at: now.toISOString() }).execute();
  await sender.send(phone, code, purpose);
  return { expiresInSeconds: CODE_TTL_MS / 1000 };
}

async function checkVerificationCode(db: Db, phoneHash: string, purpose: string, code: string | undefined) {
  if (!code) throw new AppError('VERIFICATION_REQUIRED', 'enter the 6-digit code sent to your phone', { verificationCode: '请输入短信验证码' });
  const row = await db.selectFrom('verification_codes').selectAll().where('phone_hash', '=', phoneHash).where('purpose', '=', purpose).orderBy('id', 'desc').executeTakeFirst();
  if (!row || row.used_at || row.expires_at < nowIso() || row.attempts >= CODE_MAX_ATTEMPTS) {
    throw new AppError('VERIFICATION_FAILED', 'the code has expired or was used up; ask for a new one', { verificationCode: '验证码已失效，请重新获取' });
  }
  if (row.code_hash !== codeHash(phoneHash, code)) {
    await db.updateTable('verification_codes').set({ attempts: row.attempts + 1 }).where('id', '=', row.id).execute();
    throw new AppError('VERIFICATION_FAILED', 'the code is not right; check the message and try again', { verificationCode: '验证码不正确' });
  }
  await db.updateTable('verification_codes').set({ used_at: nowIso() }).where('id', '=', row.id).execute();
}

/** Per-phone limit on submissions: one phone number cannot flood a form from many addresses. One per app. */
export class PhoneWindow {
  private hits = new Map<string, number[]>();
  constructor(private readonly max: number, private readonly windowMs = 3_600_000) {}
  allow(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 100_000) this.hits.clear();
    return true;
  }
}

export function receiptOf(row: { form_id: number; day: string; seq: number; submitted_at: string; replaces_seq: number | null }): SubmissionReceipt {
  return { reference: referenceOf(row), submittedAt: row.submitted_at, day: row.day, replaced: row.replaces_seq !== null };
}

export function referenceOf(row: { form_id: number; day: string; seq: number }): string {
  return `F${row.form_id}-${row.day.replace(/-/g, '')}-${String(row.seq).padStart(7, '0')}`;
}

export interface SubmitOptions {
  cipher: PersonalDataCipher;
  timeZone: string;
  uploadsDir: string;
  lang: Lang;
  /** null: no per-phone limit (WANGGE_RATE_LIMITS=off). */
  phoneLimit: PhoneWindow | null;
  now?: Date;
}

export interface SubmitResult {
  created: boolean;
  id: string;
  receipt: SubmissionReceipt;
}

async function existing(db: Db, id: string, formId: number): Promise<SubmitResult | null> {
  const row = await db.selectFrom('form_submissions').select(['seq', 'form_id', 'day', 'submitted_at', 'replaces_seq']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  if (row.form_id !== formId) throw new AppError('SUBMISSION_ID_REUSED', 'this submission id was already used for another form; the page must make a new one', { id: 'already used' });
  return { created: false, id, receipt: receiptOf(row) };
}

/** Where a submission counts: the QR code's area, or a place the resident chose below it in an address answer. */
async function attributedArea(db: Db, facts: LinkFacts, definition: FormDefinition, values: Answers, lang: Lang): Promise<{ id: number; path: string }> {
  const addressFields = definition.fields.filter((f) => f.type === 'address' && values[f.name]);
  let best = { id: facts.areaId, path: facts.areaPath };
  for (const field of addressFields) {
    const answer = values[field.name] as AddressAnswer;
    const area = await db.selectFrom('areas').select(['id', 'path']).where('id', '=', answer.areaId).executeTakeFirst();
    if (!area || !area.path.startsWith(facts.areaPath)) {
      throw new AppError('ANSWERS_INVALID', 'some answers need attention', { [field.name]: lang === 'zh' ? '请从列表中选择楼栋/单元' : 'choose a place from the list' });
    }
    if (area.path.length > best.path.length) best = area;
  }
  return best;
}

/** Photos are files named after their submission, so reading one is checked against that submission's area. */
async function storePhotos(definition: FormDefinition, values: Answers, formId: number, submissionId: string, uploadsDir: string): Promise<void> {
  const photos = definition.fields.filter((f) => f.type === 'photo' && typeof values[f.name] === 'string' && (values[f.name] as string).startsWith('data:'));
  if (photos.length === 0) return;
  const dir = join(uploadsDir, 'forms');
  await mkdir(dir, { recursive: true });
  for (const field of photos) {
    const dataUrl = values[field.name] as string;
    const ext = dataUrl.startsWith('data:image/png') ? 'png' : 'jpg';
    const name = `f${formId}-${submissionId}-${field.name}.${ext}`;
    await writeFile(join(dir, name), Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
    values[field.name] = `photo:${name}`;
  }
}

function sealPersonal(definition: FormDefinition, values: Answers, cipher: PersonalDataCipher): Answers {
  const stored: Answers = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === REPORTER_NAME || name === REPORTER_PHONE || name === REPORTER_ID_NUMBER) continue;
    const field = definition.fields.find((f) => f.name === name);
    stored[name] = field && PERSONAL_FIELD_TYPES.has(field.type) && typeof value === 'string' ? `enc:${cipher.encrypt(value)}` : value;
  }
  return stored;
}

/**
 * Accept one resident's answers. Idempotent on the page's submission id: the same id again returns the
 * first receipt and writes nothing. The form version's rules are applied here, never trusted from the page.
 */
export async function submit(db: Db, token: string, body: { id: string; answers: Record<string, unknown>; verificationCode?: string }, opts: SubmitOptions): Promise<SubmitResult> {
  const facts = await linkFacts(db, token);
  // A retried POST is usually caught by the unique id on insert (one round trip fewer for everyone else);
  // with a verification code it must be caught first, as the code was used up by the first attempt.
  if (facts.verification) {
    const again = await existing(db, body.id, facts.formId);
    if (again) return again;
  }

  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const closed = whyClosed(facts, at);
  if (closed || !facts.definition || facts.version === null) throw new AppError('FORM_CLOSED', closed ?? 'this form is not open');
  const definition = facts.definition;
  const day = dayIn(opts.timeZone, now);

  const { values, errors } = checkAnswers(definition, body.answers as Answers, { lang: opts.lang, today: day });
  if (Object.keys(errors).length > 0) {
    const first = Object.values(errors)[0];
    throw new AppError('ANSWERS_INVALID', opts.lang === 'zh' ? `有 ${Object.keys(errors).length} 项需要修改：${first}` : `${Object.keys(errors).length} answer(s) need attention: ${first}`, errors);
  }
  const phone = values[REPORTER_PHONE] as string;
  const idNumber = (values[REPORTER_ID_NUMBER] as string | undefined) ?? null;
  const phoneHash = opts.cipher.hash(phone);
  if (opts.phoneLimit && !opts.phoneLimit.allow(`${facts.formId}:${phoneHash}`, now.getTime())) {
    throw new AppError('RATE_LIMITED', 'too many reports from this phone number in the last hour; try again later');
  }
  if (facts.verification) await checkVerificationCode(db, phoneHash, `form:${facts.formId}`, body.verificationCode);

  const area = await attributedArea(db, facts, definition, values, opts.lang);
  const idHash = idNumber ? opts.cipher.hash(idNumber) : null;
  const personKey = idHash ?? phoneHash;
  const dedupeKey = facts.mode === 'survey' ? `p:${personKey}` : facts.mode === 'daily' ? `d:${day}:${personKey}` : null;
  const alerts = evaluateAlertRules(definition, values);
  await storePhotos(definition, values, facts.formId, body.id, opts.uploadsDir);
  const answers = JSON.stringify(sealPersonal(definition, values, opts.cipher));

  const row = (replacesSeq: number | null) => ({
    id: body.id,
    form_id: facts.formId,
    version: facts.version!,
    link_id: facts.linkId,
    area_id: area.id,
    area_path: area.path,
    day,
    submitted_at: at,
    reporter_name: values[REPORTER_NAME] as string,
    reporter_phone_enc: opts.cipher.encrypt(phone),
    reporter_phone_hash: phoneHash,
    reporter_phone_last4: phone.slice(-4),
    reporter_id_enc: idNumber ? opts.cipher.encrypt(idNumber) : null,
    reporter_id_hash: idHash,
    answers,
    flagged: alerts.length > 0 ? 1 : 0,
    dedupe_key: dedupeKey,
    replaces_seq: replacesSeq,
    replaced_at: null,
    deleted_at: null,
  });
  const receipt = (seq: number, replacesSeq: number | null): SubmitResult => ({ created: true, id: body.id, receipt: receiptOf({ form_id: facts.formId, day, seq, submitted_at: at, replaces_seq: replacesSeq }) });

  const insert = async (fast: boolean): Promise<SubmitResult> => {
    // The common case is one statement, no transaction: an answer with no alert. A person's second live
    // answer (a survey answered again, today's check-in sent again) is refused by the partial unique
    // index on (form_id, dedupe_key); the careful path below then refuses or replaces it.
    if (fast && alerts.length === 0) {
      const { seq } = await db.insertInto('form_submissions').values(row(null)).returning('seq').executeTakeFirstOrThrow();
      return receipt(seq, null);
    }
    return db.transaction().execute(async (trx) => {
      let replacesSeq: number | null = null;
      if (dedupeKey && facts.mode === 'survey') {
        const live = await trx.selectFrom('form_submissions').select(['seq', 'day']).where('form_id', '=', facts.formId).where('dedupe_key', '=', dedupeKey).where('replaced_at', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
        if (live) throw new AppError('ALREADY_SUBMITTED', `you have already answered this form (reference ${referenceOf({ form_id: facts.formId, day: live.day, seq: live.seq })}); it takes one answer per person`);
      } else if (dedupeKey) {
        // Daily check-in: today's earlier answer of this person, if any, gives way to this one.
        const replaced = await trx
          .updateTable('form_submissions')
          .set({ replaced_at: at })
          .where('form_id', '=', facts.formId)
          .where('dedupe_key', '=', dedupeKey)
          .where('replaced_at', 'is', null)
          .where('deleted_at', 'is', null)
          .returning('seq')
          .executeTakeFirst();
        replacesSeq = replaced?.seq ?? null;
      }
      const { seq } = await trx.insertInto('form_submissions').values(row(replacesSeq)).returning('seq').executeTakeFirstOrThrow();
      if (alerts.length > 0) {
        await trx
          .insertInto('form_alerts')
          .values(alerts.map((a) => ({ form_id: facts.formId, submission_seq: seq, area_id: area.id, area_path: area.path, rule: a.rule, detail: a.detail, status: 'open', assignee_id: null, note: null, created_at: at, updated_at: at, updated_by: null })))
          .execute();
      }
      return receipt(seq, replacesSeq);
    });
  };

  try {
    return await insert(true);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // A retried POST (same id), a second survey answer of the same person, or two answers of one person
    // arriving at once: the careful path tells them apart.
    const raced = await existing(db, body.id, facts.formId);
    if (raced) return raced;
    return insert(false);
  }
}
