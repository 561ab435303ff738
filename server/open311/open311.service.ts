import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { reportAsResident } from '../cases/public-cases.service.js';
import type { Database } from '../db/types.js';
import type { PhoneWindow } from '../forms/public-forms.service.js';
import { AppError } from '../http/errors.js';
import type { PersonalDataCipher } from '../registry/personal-data-cipher.js';
import { authenticateApiKey } from './api-keys.service.js';
import { type GeoReportRequest, type GeoReportService, presentRequest, presentService, type RequestRow, serviceNotice, STATUSES_OF, withMedia, zonedIso } from './mapping.js';

type Db = Kysely<Database>;
const DAY = 86_400_000;
/** GeoReport: a listing covers at most 90 days and answers at most 1000 requests. */
export const MAX_SPAN_DAYS = 90;
export const MAX_RESULTS = 1000;

const bad = (description: string) => new AppError('OPEN311_ERROR', description);

/** Services are the active categories open to residents. */
function offered(db: Db) {
  return db.selectFrom('case_categories').selectAll().where('active', '=', 1).where('public_reporting', '=', 1);
}

export async function listServices(db: Db): Promise<GeoReportService[]> {
  const rows = await offered(db).orderBy('sort_order').orderBy('id').execute();
  return rows.map(presentService);
}

/** Services carry no extra questions (metadata false): the definition is the code with no attributes. */
export async function serviceDefinition(db: Db, code: string) {
  const row = await offered(db).where('code', '=', code).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `service_code ${code} was not found`);
  return { service_code: row.code, attributes: [] as never[] };
}

/** When the list of services last changed: clients refresh cached services when it moves. */
export async function servicesChangeset(db: Db, timeZone: string): Promise<string | null> {
  const row = await db.selectFrom('case_categories').select((eb) => eb.fn.max('updated_at').as('at')).executeTakeFirst();
  return zonedIso((row?.at as string | null) ?? null, timeZone);
}

/** The fields a POST /requests may carry (form-urlencoded or JSON); everything arrives as text from a form. */
export interface RequestInput {
  api_key?: string;
  service_code?: string;
  lat?: string | number;
  long?: string | number;
  address_string?: string;
  address_id?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
}

const text = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v).trim() || undefined);

function coordinate(value: unknown, name: 'lat' | 'long', limit: number): number {
  const n = Number(text(value));
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw bad(`${name} must be a number between -${limit} and ${limit}`);
  return n;
}

/** A mainland mobile number, from the usual ways people write it (+86, spaces, dashes). */
export function mainlandMobile(value: string | undefined): string | null {
  if (!value) return null;
  const digits = value.replace(/[\s\-().]/g, '').replace(/^(?:\+86|0086|86(?=1\d{10}$))/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

function reporterName(first: string | undefined, last: string | undefined): string {
  const latin = (s: string | undefined) => !s || /^[\p{Script=Latin}\s'.-]+$/u.test(s);
  // Chinese names are written family name first, without a space; Latin names given name first.
  const name = latin(first) && latin(last) ? [first, last].filter(Boolean).join(' ') : `${last ?? ''}${first ?? ''}`;
  return name.slice(0, 50) || '居民';
}

export interface CreatedRequest {
  service_request_id: string;
  service_notice: string;
  account_id: null;
}

/** POST requests: a case from an Open311 client holding an API key. */
export async function createRequest(db: Db, cipher: PersonalDataCipher, input: RequestInput, opts: { baseUrl: string; phoneLimit: PhoneWindow | null; now: Date }): Promise<CreatedRequest> {
  const key = await authenticateApiKey(db, text(input.api_key));
  if (!key) throw new AppError('FORBIDDEN', input.api_key ? 'api_key is invalid or has been revoked' : 'api_key is required to create a request; ask the administrator for one');
  const code = text(input.service_code);
  if (!code) throw bad('service_code is required');
  const category = await offered(db).where('code', '=', code).executeTakeFirst();
  if (!category) throw bad(`service_code ${code} was not found`);

  const hasLat = text(input.lat) !== undefined;
  const hasLong = text(input.long) !== undefined;
  if (hasLat !== hasLong) throw bad('lat and long must be given together');
  const location = hasLat ? { lat: coordinate(input.lat, 'lat', 90), lng: coordinate(input.long, 'long', 180) } : undefined;
  const address = text(input.address_string);
  const addressId = text(input.address_id);
  if (!location && !address && !addressId) throw bad('lat/long, address_string or address_id is required');
  if (address && address.length > 200) throw bad('address_string may be at most 200 characters');

  // Where the case lands: the area named by address_id (inside the key's area), else the key's area.
  const keyArea = key.areaId ? await db.selectFrom('areas').select(['id', 'path']).where('id', '=', key.areaId).where('archived_at', 'is', null).executeTakeFirst() : undefined;
  let areaId: number;
  if (addressId) {
    const area = await db.selectFrom('areas').select(['id', 'path']).where('code', '=', addressId).where('archived_at', 'is', null).executeTakeFirst();
    if (!area) throw bad(`address_id ${addressId} is not a known area code`);
    if (keyArea && !area.path.startsWith(keyArea.path)) throw bad(`address_id ${addressId} is outside the area this api_key may report in`);
    if (!keyArea && key.areaId) throw bad('the area of this api_key has been archived; ask the administrator for a new key');
    areaId = area.id;
  } else {
    if (!keyArea) throw bad(key.areaId ? 'the area of this api_key has been archived; ask the administrator for a new key' : 'address_id is required with this api_key: give the code of the area (grid or community) the problem is in');
    areaId = keyArea.id;
  }

  const phone = mainlandMobile(text(input.phone));
  if (!phone) throw bad('phone is required: an 11-digit mainland mobile number, so that staff can call the resident back');
  const mediaUrl = text(input.media_url);
  if (mediaUrl && (!/^https?:\/\/\S+$/i.test(mediaUrl) || mediaUrl.length > 500)) throw bad('media_url must be an http(s) address of at most 500 characters');
  const description = text(input.description) ?? category.name;
  if (description.length > 4000) throw bad('description may be at most 4000 characters');

  const result = await reportAsResident(
    db,
    cipher,
    {
      id: randomUUID(),
      categoryId: category.id,
      areaId,
      description: withMedia(description, mediaUrl),
      location,
      address,
      reporterName: reporterName(text(input.first_name), text(input.last_name)),
      reporterPhone: phone,
    },
    { baseUrl: opts.baseUrl, phoneLimit: opts.phoneLimit, source: 'open311', apiKeyId: key.id, now: opts.now },
  );
  return { service_request_id: result.reference, service_notice: serviceNotice(category), account_id: null };
}

function requests(db: Db) {
  return (
    db
      .selectFrom('cases')
      .innerJoin('case_categories', 'case_categories.id', 'cases.category_id')
      .innerJoin('areas', 'areas.id', 'cases.area_id')
      .select([
        'cases.id',
        'cases.reference',
        'cases.status',
        'cases.description',
        'cases.address',
        'cases.lat',
        'cases.lng',
        'cases.created_at',
        'cases.updated_at',
        'cases.due_at',
        'case_categories.code as category_code',
        'case_categories.name as category_name',
        'case_categories.accept_hours',
        'case_categories.resolve_hours',
        'areas.name as area_name',
        'areas.code as area_code',
      ])
      // Only what came in through Open311 is public: residents' own reports and staff cases stay inside.
      .where('cases.source', '=', 'open311')
  );
}

/** The note residents may read: why it was rejected, or what was done (once resolved). */
async function statusNotes(db: Db, rows: { id: number; status: string }[]): Promise<Map<number, string | null>> {
  const notes = new Map<number, string | null>();
  const ids = rows.filter((r) => ['resolved', 'closed', 'rejected'].includes(r.status)).map((r) => r.id);
  if (!ids.length) return notes;
  const events = await db.selectFrom('case_events').select(['case_id', 'note']).where('case_id', 'in', ids).where('action', 'in', ['resolve', 'reject']).orderBy('id').execute();
  for (const e of events) notes.set(e.case_id, e.note);
  return notes;
}

async function present(db: Db, rows: (RequestRow & { id: number })[], timeZone: string): Promise<GeoReportRequest[]> {
  const notes = await statusNotes(db, rows);
  return rows.map((r) => presentRequest(r, notes.get(r.id) ?? null, timeZone));
}

export interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function date(value: string, name: string): Date {
  // ISO 8601 (w3c subset): a date, or a date and time with Z or an offset.
  if (!/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.test(value)) throw bad(`${name} must be an ISO 8601 date and time, e.g. 2026-11-29T08:00:00+08:00`);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw bad(`${name} is not a real date`);
  return d;
}

/** GET requests: by ids (other filters ignored), or by service, status and time window (default the last 90 days). */
export async function listRequests(db: Db, query: RequestQuery, timeZone: string, now: Date): Promise<GeoReportRequest[]> {
  const ids = list(query.service_request_id);
  if (ids.length) {
    if (ids.length > MAX_RESULTS) throw bad(`service_request_id may list at most ${MAX_RESULTS} ids`);
    const rows = await requests(db).where('cases.reference', 'in', ids).orderBy('cases.created_at', 'desc').execute();
    return present(db, rows, timeZone);
  }
  const statuses = list(query.status);
  const unknown = statuses.filter((s) => s !== 'open' && s !== 'closed');
  if (unknown.length) throw bad(`status must be open or closed (comma separated), not ${unknown.join(', ')}`);
  const start = query.start_date ? date(query.start_date, 'start_date') : undefined;
  let end = query.end_date ? date(query.end_date, 'end_date') : undefined;
  if (start && !end) end = new Date(start.getTime() + MAX_SPAN_DAYS * DAY);
  end ??= now;
  const from = start ?? new Date(end.getTime() - MAX_SPAN_DAYS * DAY);
  if (from > end) throw bad('start_date must be before end_date');
  if (end.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY) throw bad(`start_date and end_date may be at most ${MAX_SPAN_DAYS} days apart`);
  let q = requests(db).where('cases.created_at', '>=', from.toISOString()).where('cases.created_at', '<=', end.toISOString());
  const codes = list(query.service_code);
  if (codes.length) q = q.where('case_categories.code', 'in', codes);
  if (statuses.length) q = q.where('cases.status', 'in', [...new Set(statuses)].flatMap((s) => STATUSES_OF[s as 'open' | 'closed']));
  const rows = await q.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(MAX_RESULTS).execute();
  return present(db, rows, timeZone);
}

/** GET requests/{id}: one request, in a list of one as the specification shows it. */
export async function getRequest(db: Db, reference: string, timeZone: string): Promise<GeoReportRequest[]> {
  const row = await requests(db).where('cases.reference', '=', reference).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `service_request_id ${reference} was not found`);
  return present(db, [row], timeZone);
}

/** GET tokens/{token}: the request behind a tracking token. */
export async function requestOfToken(db: Db, token: string): Promise<{ service_request_id: string; token: string }[]> {
  const row = await db.selectFrom('cases').select('reference').where('tracking_token', '=', token).where('source', '=', 'open311').executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `token ${token} was not found`);
  return [{ service_request_id: row.reference, token }];
}
