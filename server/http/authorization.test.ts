import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { AREA_LEVELS } from '../../common/areas.js';
import type { AreaRow } from '../db/types.js';
import { DEFAULT_CATEGORIES, ensureDefaultCategories } from '../cases/default-categories.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { idNumbers } from '../test/fake-residents.js';
import { createApiKey } from '../open311/api-keys.service.js';

/**
 * Every API route, called by people in and out of its scope. The table below is the contract: each
 * route of the OpenAPI document needs an entry saying how to call it in scope and out of scope, so a
 * new route fails this file until someone decides who may use it.
 */

type Who = keyof Scenario['cookies'];

interface Req {
  method: string;
  url: string;
  payload?: string | Buffer | object;
  headers?: Record<string, string>;
}

interface Ctx {
  t: TestDb;
  s: Scenario;
  /** A fresh grid under `parent`, so destructive calls never touch the shared scenario. */
  grid(parent: AreaRow): Promise<AreaRow>;
  /** A fresh user with an active grid_worker assignment at `area`; returns the assignment id. */
  worker(area: AreaRow): Promise<{ userId: number; assignmentId: number }>;
  /** Start an import as `who` and return its job id. */
  importJob(who: Who, parent: AreaRow): Promise<number>;
  username(userId: number): Promise<string>;
}

interface RouteCase {
  /** Answers without a session, with this status. Only /api/public/*, /healthz and login/logout may be public. */
  public?: number;
  /** A user with the right role, inside the target's scope, gets `status` (2xx). */
  inScope?: { as: Who; req: (c: Ctx) => Promise<Req>; status: number };
  /** Users whose assignments do not cover the target get 403 or 404; `none` explains a route without a target. */
  outOfScope?: { as: Who[]; req: (c: Ctx) => Promise<Req> } | { none: string };
  /** Writes: read-only roles (observer, grid worker) get 403 inside their own scope. */
  readOnly?: { as: Who[]; req: (c: Ctx) => Promise<Req> };
}

const json = (method: string, url: string, payload?: object): Req => ({ method, url, payload });

/** A CSV area import as a multipart upload, as the browser sends it. */
function csvUpload(rows: string[][]): Req {
  const boundary = '----wangge-test-boundary';
  const csv = rows.map((r) => r.join(',')).join('\n');
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="areas.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return { method: 'POST', url: '/api/imports/areas', payload: Buffer.from(body), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${++seq}`;
const importRows = (parent: AreaRow) => [
  ['code', 'name', 'parent_code', 'level'],
  [`IMP-${uniq()}`, '导入网格', parent.code, 'grid'],
];

const READ_ONLY: Who[] = ['observer', 'eastWorker'];
const OUTSIDERS: Who[] = ['eastLeader', 'nobody'];

/** Registry fixtures, made by the super admin through the API: a household in `area`, a resident in a new household there. */
const fakeIds = idNumbers('110101');
let idSeq = 0;
async function householdIn({ t, s }: Ctx, area: AreaRow): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/api/households', headers: { cookie: s.cookies.admin }, payload: { areaId: area.id, room: `R${uniq()}` } });
  if (res.statusCode !== 201) throw new Error(`household fixture: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
async function residentIn(c: Ctx, area: AreaRow): Promise<number> {
  const idNumber = fakeIds.next({ birthDate: `19${60 + (idSeq++ % 40)}-06-15` });
  const res = await c.t.app.inject({ method: 'POST', url: '/api/residents', headers: { cookie: c.s.cookies.admin }, payload: { householdId: await householdIn(c, area), name: '测试居民', idNumber } });
  if (res.statusCode !== 201) throw new Error(`resident fixture: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
/** Grid workers keep their grid's registry, so for registry writes only observers are read-only. */
const REGISTRY_READ_ONLY: Who[] = ['observer'];

/** A resident import as the browser uploads it: the area, then a CSV with one new resident. */
function residentUpload(area: AreaRow): Req {
  const boundary = '----wangge-resident-boundary';
  const csv = `姓名,身份证号,楼栋,房号\n导入居民,${fakeIds.next({ birthDate: '2001-02-03' })},1号楼,${uniq()}\n`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="areaId"\r\n\r\n${area.id}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="residents.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return { method: 'POST', url: '/api/imports/residents', payload: Buffer.from(body), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
/** A previewed resident import by `who` into a fresh grid under `parent`; returns its id. */
async function residentImport(c: Ctx, who: Who, parent: AreaRow): Promise<number> {
  const req = residentUpload(await c.grid(parent));
  const res = await c.t.app.inject({ method: 'POST', url: req.url, payload: req.payload as Buffer, headers: { ...req.headers, cookie: c.s.cookies[who] } });
  if (res.statusCode !== 200) throw new Error(`resident import fixture: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A notice by the super admin in `area`: a draft, waiting for review, or live (approved by the chief, as review is on by default). */
async function announcementIn({ t, s }: Ctx, area: AreaRow, state: 'draft' | 'pending' | 'live' = 'draft'): Promise<number> {
  const as = (who: Who, method: string, url: string, payload?: object) => t.app.inject({ method: method as any, url, payload, headers: { cookie: s.cookies[who] } });
  const res = await as('admin', 'POST', '/api/announcements', { title: '测试公告', body: '内容', areaId: area.id, category: 'other' });
  if (res.statusCode !== 201) throw new Error(`announcement fixture: ${res.statusCode} ${res.body}`);
  const id: number = res.json().id;
  if (state === 'draft') return id;
  const sent = await as('admin', 'POST', `/api/announcements/${id}/publish`);
  if (sent.json().status === 'pending_review' && state === 'live') await as('chief', 'POST', `/api/announcements/${id}/review`, { approve: true });
  return id;
}
/** Grid workers write notices for their grid (宣传员), so for announcement writes only observers are read-only. */
const PUBLICITY_READ_ONLY: Who[] = ['observer'];
/** A group-chat webhook by the super admin in `area`; it points at a closed local port, so nothing leaves the machine. */
async function webhookIn({ t, s }: Ctx, area: AreaRow): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: `/api/announcement-webhooks?area=${area.id}`, headers: { cookie: s.cookies.admin }, payload: { name: '测试群', kind: 'json', url: 'http://127.0.0.1:9/wangge' } });
  if (res.statusCode !== 201) throw new Error(`webhook fixture: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
const webhook = { name: '居民群', kind: 'json', url: 'http://127.0.0.1:9/wangge' };

/** Self-report forms (自主申报): a temperature question with an alert rule, and a photo question. */
const FORM_DEFINITION = {
  title: '测试表单',
  fields: [
    { name: 'temperature', type: 'number', label: '体温' },
    { name: 'photo', type: 'photo', label: '照片' },
  ],
  alertRules: [{ name: '体温异常', field: 'temperature', op: 'gte', value: 37.3 }],
};
/** A 1×1 PNG, as the resident page sends a shrunk photo. */
const TINY_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** Forms are designed by leaders; the east ones are read by the east grid worker, never by the west leader. */
const FORM_OUTSIDERS: Who[] = ['westLeader', 'nobody'];
const FORM_READ_ONLY: Who[] = ['observer', 'eastWorker'];
/** Grid workers act on alerts (跟进); observers only read them. */
const ALERT_READ_ONLY: Who[] = ['observer'];
/** Grid workers may reveal one person's number (audited); observers may not. */
const REVEAL_READ_ONLY: Who[] = ['observer'];
let phoneSeq = 0;
const formPhone = () => `139${String(Date.now() % 10_000_000 + ++phoneSeq).padStart(8, '0').slice(-8)}`;

/** A form by the super admin for `area` (continuous reports), a draft or published. */
async function formIn({ t, s }: Ctx, area: AreaRow, state: 'draft' | 'published' = 'published', extra: object = {}): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/api/forms', headers: { cookie: s.cookies.admin }, payload: { areaId: area.id, mode: 'continuous', definition: FORM_DEFINITION, ...extra } });
  if (res.statusCode !== 201) throw new Error(`form fixture: ${res.statusCode} ${res.body}`);
  const id: number = res.json().id;
  if (state === 'published') {
    const pub = await t.app.inject({ method: 'POST', url: `/api/forms/${id}/publish`, headers: { cookie: s.cookies.admin } });
    if (pub.statusCode !== 200) throw new Error(`form publish fixture: ${pub.statusCode} ${pub.body}`);
  }
  return id;
}
/** The QR token of form `formId` for `area`, as the admin's poster page asks for it. */
async function formToken({ t, s }: Ctx, formId: number, area: AreaRow): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: `/api/forms/${formId}/links?area=${area.id}`, headers: { cookie: s.cookies.admin } });
  if (res.statusCode !== 200) throw new Error(`form link fixture: ${res.statusCode} ${res.body}`);
  return res.json().token;
}
/** A resident's answers through the QR code of `area` (a temperature that trips the alert, and a photo). */
async function submissionIn(c: Ctx, community: AreaRow, area: AreaRow): Promise<{ formId: number; sid: string }> {
  const formId = await formIn(c, community);
  const sid = randomUUID();
  const res = await c.t.app.inject({ method: 'POST', url: `/api/public/forms/${await formToken(c, formId, area)}/submissions`, payload: { id: sid, answers: { reporter_name: '填报人', reporter_phone: formPhone(), temperature: 38.5, photo: TINY_PNG } } });
  if (res.statusCode !== 201) throw new Error(`submission fixture: ${res.statusCode} ${res.body}`);
  return { formId, sid };
}
/** The stored file name of the photo answer of a fresh submission. */
async function formPhotoIn(c: Ctx, community: AreaRow, area: AreaRow): Promise<{ formId: number; file: string }> {
  const { formId, sid } = await submissionIn(c, community, area);
  const res = await c.t.app.inject({ method: 'GET', url: `/api/forms/${formId}/submissions/${sid}`, headers: { cookie: c.s.cookies.admin } });
  if (res.statusCode !== 200) throw new Error(`photo fixture: ${res.statusCode} ${res.body}`);
  return { formId, file: String(res.json().answers.photo).replace(/^photo:/, '') };
}
/** The alert raised by a fresh submission through `area`'s QR code. */
async function formAlertIn(c: Ctx, community: AreaRow, area: AreaRow): Promise<number> {
  const { formId } = await submissionIn(c, community, area);
  const res = await c.t.app.inject({ method: 'GET', url: `/api/form-alerts?form=${formId}`, headers: { cookie: c.s.cookies.admin } });
  const alert = res.json().items?.[0];
  if (res.statusCode !== 200 || !alert) throw new Error(`alert fixture: ${res.statusCode} ${res.body}`);
  return alert.id;
}
/** An XLSForm upload as the browser sends it: the area, the mode, then a workbook with one text question. */
async function xlsformUpload(area: AreaRow): Promise<Req> {
  const wb = new ExcelJS.Workbook();
  const survey = wb.addWorksheet('survey');
  survey.addRow(['type', 'name', 'label']);
  survey.addRow(['text', 'remark', '备注']);
  const settings = wb.addWorksheet('settings');
  settings.addRow(['form_title']);
  settings.addRow(['导入的表单']);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const boundary = '----wangge-xlsform-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="areaId"\r\n\r\n${area.id}\r\n--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\nsurvey\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { method: 'POST', url: '/api/forms/import/xlsform', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A case raised by the admin in `area` (default category 环境卫生, or `code`), optionally moved to `status`. */
async function caseIn({ t, s }: Ctx, area: AreaRow, status?: string, code = 'sanitation'): Promise<{ id: number; token: string }> {
  await defaultCategories(t);
  const category = await t.db.selectFrom('case_categories').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: s.cookies.admin }, payload: { categoryId: category.id, areaId: area.id, title: '测试工单', reporterName: '居民', reporterPhone: '13900000001' } });
  if (res.statusCode !== 201) throw new Error(`case fixture: ${res.statusCode} ${res.body}`);
  const id: number = res.json().id;
  if (status) await t.db.updateTable('cases').set({ status, closed_at: status === 'closed' ? new Date().toISOString() : null }).where('id', '=', id).execute();
  const row = await t.db.selectFrom('cases').select('tracking_token').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, token: row.tracking_token };
}
async function categoryId({ t }: Ctx, code = 'sanitation'): Promise<number> {
  await defaultCategories(t);
  return (await t.db.selectFrom('case_categories').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}
/** The default categories, even when a test already added one of its own (which stops ensureDefaultCategories). */
async function defaultCategories(t: TestDb) {
  if (await ensureDefaultCategories(t.db)) return;
  const have = new Set((await t.db.selectFrom('case_categories').select('code').execute()).map((r) => r.code));
  const now = new Date().toISOString();
  for (const c of DEFAULT_CATEGORIES) {
    if (!have.has(c.code)) await t.db.insertInto('case_categories').values({ ...c, public_reporting: c.type === 'inspection_finding' ? 0 : 1, active: 1, sort_order: 0, created_at: now, updated_at: now }).execute();
  }
}
const CASE_READ_ONLY: Who[] = ['observer'];
/** An inspection planned by the admin in `area` with two checklist items; returns its id and item ids. */
async function inspectionIn({ t, s }: Ctx, area: AreaRow): Promise<{ id: number; items: number[] }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/inspections', headers: { cookie: s.cookies.admin }, payload: { areaId: area.id, title: '测试督查', kind: 'grid', checklist: [{ item: '消防通道畅通' }, { item: '公示牌更新' }] } });
  if (res.statusCode !== 201) throw new Error(`inspection fixture: ${res.statusCode} ${res.body}`);
  return { id: res.json().id, items: res.json().items.map((i: { id: number }) => i.id) };
}
/** Results for a fresh inspection in `area`: the first item failed (it becomes a case), the second passed. */
async function inspectionRecord(c: Ctx, area: AreaRow): Promise<Req> {
  const insp = await inspectionIn(c, area);
  return json('POST', `/api/inspections/${insp.id}/record`, { items: [{ id: insp.items[0], passed: false, note: '堆放杂物' }, { id: insp.items[1], passed: true }], findingCategoryId: await categoryId(c, 'inspection') });
}
const inspectionPlan = (area: AreaRow) => json('POST', '/api/inspections', { areaId: area.id, title: '测试督查', kind: 'grid', checklist: [{ item: '消防通道畅通' }] });
/** A photo upload as the browser sends it (multipart, field "file"): the 1×1 PNG above. */
function photoUpload(url = '/api/case-attachments'): Req {
  const boundary = '----wangge-photo-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), Buffer.from(TINY_PNG.slice(TINY_PNG.indexOf(',') + 1), 'base64'), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { method: 'POST', url, payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
/** A photo uploaded by the admin and attached to a new case in `area`; returns the attachment id. */
async function attachmentIn(c: Ctx, area: AreaRow): Promise<number> {
  const req = photoUpload();
  const up = await c.t.app.inject({ method: 'POST', url: req.url, payload: req.payload as Buffer, headers: { ...req.headers, cookie: c.s.cookies.admin } });
  if (up.statusCode !== 201) throw new Error(`attachment fixture: ${up.statusCode} ${up.body}`);
  const res = await c.t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: c.s.cookies.admin }, payload: { categoryId: await categoryId(c), areaId: area.id, title: '带照片的工单', attachmentIds: [up.json().id] } });
  if (res.statusCode !== 201) throw new Error(`attachment case fixture: ${res.statusCode} ${res.body}`);
  return up.json().id;
}

const ROUTES: Record<string, RouteCase> = {
  'GET /healthz': { public: 200 },
  'POST /api/auth/login': { public: 200 },
  'POST /api/auth/logout': { public: 204 },
  'GET /api/auth/me': {
    inScope: { as: 'nobody', req: async () => json('GET', '/api/auth/me'), status: 200 },
    outOfScope: { none: 'answers about the caller only' },
  },

  'GET /api/areas': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('GET', `/api/areas?parent=${s.east.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/areas?parent=${s.west.id}`) },
  },
  'POST /api/areas': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('POST', '/api/areas', { parentId: s.east.id, name: '新网格', level: 'grid' }), status: 201 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('POST', '/api/areas', { parentId: s.west.id, name: '越权网格', level: 'grid' }) },
    readOnly: { as: READ_ONLY, req: async ({ s }) => json('POST', '/api/areas', { parentId: s.eastGrid1.id, name: '9号楼', level: 'building' }) },
  },
  'GET /api/areas/{id}': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('GET', `/api/areas/${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/areas/${s.westGrid1.id}`) },
  },
  'PATCH /api/areas/{id}': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('PATCH', `/api/areas/${s.eastGrid2.id}`, { sortOrder: 7 }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('PATCH', `/api/areas/${s.westGrid1.id}`, { name: '被改名' }) },
    readOnly: { as: READ_ONLY, req: async ({ s }) => json('PATCH', `/api/areas/${s.eastGrid1.id}`, { name: '被改名' }) },
  },
  'DELETE /api/areas/{id}': {
    inScope: { as: 'eastLeader', req: async ({ s, grid }) => json('DELETE', `/api/areas/${(await grid(s.east)).id}`), status: 204 },
    outOfScope: { as: OUTSIDERS, req: async ({ s, grid }) => json('DELETE', `/api/areas/${(await grid(s.west)).id}`) },
    readOnly: { as: READ_ONLY, req: async ({ s, t }) => json('DELETE', `/api/areas/${(await t.area(s.eastGrid1, 'building', '待删楼')).id}`) },
  },

  'GET /api/settings/area-levels': {
    inScope: { as: 'nobody', req: async () => json('GET', '/api/settings/area-levels'), status: 200 },
    outOfScope: { none: 'the levels in use are the same for everyone who is logged in' },
  },
  'PUT /api/settings/area-levels': {
    inScope: { as: 'admin', req: async () => json('PUT', '/api/settings/area-levels', { levels: [...AREA_LEVELS] }), status: 200 },
    outOfScope: { as: ['chief', 'eastLeader', 'nobody'], req: async () => json('PUT', '/api/settings/area-levels', { levels: ['district', 'grid'] }) },
    readOnly: { as: READ_ONLY, req: async () => json('PUT', '/api/settings/area-levels', { levels: ['district', 'grid'] }) },
  },
  'GET /api/settings/resident-tags': {
    inScope: { as: 'nobody', req: async () => json('GET', '/api/settings/resident-tags'), status: 200 },
    outOfScope: { none: 'the tag list is the same for everyone who is logged in' },
  },
  'PUT /api/settings/resident-tags': {
    inScope: { as: 'admin', req: async () => json('PUT', '/api/settings/resident-tags', { tags: ['独居老人', '残疾人'] }), status: 200 },
    outOfScope: { as: ['chief', 'eastLeader', 'nobody'], req: async () => json('PUT', '/api/settings/resident-tags', { tags: ['x'] }) },
    readOnly: { as: READ_ONLY, req: async () => json('PUT', '/api/settings/resident-tags', { tags: ['x'] }) },
  },
  'POST /api/imports/areas': {
    inScope: { as: 'eastLeader', req: async ({ s }) => csvUpload(importRows(s.east)), status: 202 },
    // Which areas a file touches is only known once it is read; a file reaching into another community is covered below.
    outOfScope: { as: ['nobody'], req: async ({ s }) => csvUpload(importRows(s.east)) },
    readOnly: { as: READ_ONLY, req: async ({ s }) => csvUpload(importRows(s.eastGrid1)) },
  },
  'GET /api/imports/{id}': {
    inScope: { as: 'eastLeader', req: async ({ s, importJob }) => json('GET', `/api/imports/${await importJob('eastLeader', s.east)}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s, importJob }) => json('GET', `/api/imports/${await importJob('westLeader', s.west)}`) },
  },

  'GET /api/users': {
    inScope: { as: 'eastLeader', req: async () => json('GET', '/api/users'), status: 200 },
    outOfScope: { as: ['nobody'], req: async () => json('GET', '/api/users') },
  },
  'POST /api/users': {
    inScope: { as: 'eastLeader', req: async () => json('POST', '/api/users', { username: `u${uniq()}`, password: 'a-good-password', displayName: '新人' }), status: 201 },
    outOfScope: { as: ['nobody'], req: async () => json('POST', '/api/users', { username: `u${uniq()}`, password: 'a-good-password', displayName: '新人' }) },
    readOnly: { as: READ_ONLY, req: async () => json('POST', '/api/users', { username: `u${uniq()}`, password: 'a-good-password', displayName: '新人' }) },
  },
  'GET /api/users/{id}': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('GET', `/api/users/${s.users.eastWorker}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/users/${s.users.westLeader}`) },
  },
  'PATCH /api/users/{id}': {
    inScope: { as: 'eastLeader', req: async ({ s, worker }) => json('PATCH', `/api/users/${(await worker(s.eastGrid2)).userId}`, { displayName: '改名' }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('PATCH', `/api/users/${s.users.westLeader}`, { displayName: '被改名' }) },
    readOnly: { as: READ_ONLY, req: async ({ s, worker }) => json('PATCH', `/api/users/${(await worker(s.eastGrid1)).userId}`, { displayName: '被改名' }) },
  },

  'GET /api/assignments': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('GET', `/api/assignments?area=${s.east.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/assignments?area=${s.west.id}`) },
  },
  'POST /api/assignments': {
    inScope: { as: 'eastLeader', req: async ({ s, t }) => json('POST', '/api/assignments', { userId: await t.user(`a${uniq()}`), areaId: s.eastGrid2.id, role: 'grid_worker' }), status: 201 },
    outOfScope: { as: OUTSIDERS, req: async ({ s, t }) => json('POST', '/api/assignments', { userId: await t.user(`a${uniq()}`), areaId: s.westGrid1.id, role: 'grid_worker' }) },
    readOnly: { as: READ_ONLY, req: async ({ s, t }) => json('POST', '/api/assignments', { userId: await t.user(`a${uniq()}`), areaId: s.eastGrid1.id, role: 'grid_worker' }) },
  },
  'PATCH /api/assignments/{id}': {
    inScope: { as: 'eastLeader', req: async ({ s, worker }) => json('PATCH', `/api/assignments/${(await worker(s.eastGrid2)).assignmentId}`, { duties: ['errands'] }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s, worker }) => json('PATCH', `/api/assignments/${(await worker(s.westGrid1)).assignmentId}`, { duties: ['errands'] }) },
    readOnly: { as: READ_ONLY, req: async ({ s, worker }) => json('PATCH', `/api/assignments/${(await worker(s.eastGrid1)).assignmentId}`, { duties: ['errands'] }) },
  },
  'POST /api/assignments/{id}/end': {
    inScope: { as: 'eastLeader', req: async ({ s, worker }) => json('POST', `/api/assignments/${(await worker(s.eastGrid2)).assignmentId}/end`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s, worker }) => json('POST', `/api/assignments/${(await worker(s.westGrid1)).assignmentId}/end`) },
    readOnly: { as: READ_ONLY, req: async ({ s, worker }) => json('POST', `/api/assignments/${(await worker(s.eastGrid1)).assignmentId}/end`) },
  },
  'GET /api/roster': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('GET', `/api/roster?area=${s.east.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/roster?area=${s.west.id}`) },
  },

  'GET /api/residents': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/residents?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/residents?area=${s.westGrid1.id}`) },
  },
  'POST /api/residents': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', '/api/residents', { householdId: await householdIn(c, c.s.eastGrid1), name: '新居民', idNumber: fakeIds.next({ birthDate: '1999-09-09' }) }), status: 201 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', '/api/residents', { householdId: await householdIn(c, c.s.westGrid1), name: '越界居民', idNumber: fakeIds.next({ birthDate: '1999-09-10' }) }) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async (c) => json('POST', '/api/residents', { householdId: await householdIn(c, c.s.eastGrid1), name: '观察员录入', idNumber: fakeIds.next({ birthDate: '1999-09-11' }) }) },
  },
  'GET /api/residents/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/residents/${await residentIn(c, c.s.eastGrid1)}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/residents/${await residentIn(c, c.s.westGrid1)}`) },
  },
  'PATCH /api/residents/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('PATCH', `/api/residents/${await residentIn(c, c.s.eastGrid1)}`, { name: '改名' }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('PATCH', `/api/residents/${await residentIn(c, c.s.westGrid1)}`, { name: '被改名' }) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async (c) => json('PATCH', `/api/residents/${await residentIn(c, c.s.eastGrid1)}`, { name: '被改名' }) },
  },
  'POST /api/residents/{id}/reveal': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.eastGrid1)}/reveal`, { field: 'idNumber', reason: '核对身份' }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.westGrid1)}/reveal`, { field: 'idNumber', reason: '越权查看' }) },
    // Observers read the registry but may not reveal a number.
    readOnly: { as: REGISTRY_READ_ONLY, req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.eastGrid1)}/reveal`, { field: 'idNumber', reason: '观察员查看' }) },
  },
  'POST /api/residents/{id}/move': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.eastGrid1)}/move`, { householdId: await householdIn(c, c.s.eastGrid1) }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.westGrid1)}/move`, { householdId: await householdIn(c, c.s.westGrid1) }) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.eastGrid1)}/move`, { householdId: await householdIn(c, c.s.eastGrid1) }) },
  },
  'POST /api/residents/{id}/move-out': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.eastGrid1)}/move-out`, { date: '2026-01-01' }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.westGrid1)}/move-out`, { date: '2026-01-01' }) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.eastGrid1)}/move-out`, { date: '2026-01-01' }) },
  },
  'POST /api/residents/{id}/merge': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.eastGrid1)}/merge`, { duplicateId: await residentIn(c, c.s.eastGrid1) }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.westGrid1)}/merge`, { duplicateId: await residentIn(c, c.s.westGrid1) }) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async (c) => json('POST', `/api/residents/${await residentIn(c, c.s.eastGrid1)}/merge`, { duplicateId: await residentIn(c, c.s.eastGrid1) }) },
  },
  'GET /api/households': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/households?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/households?area=${s.westGrid1.id}`) },
  },
  'POST /api/households': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('POST', '/api/households', { areaId: s.eastGrid1.id, room: `R${uniq()}` }), status: 201 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('POST', '/api/households', { areaId: s.westGrid1.id, room: `R${uniq()}` }) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async ({ s }) => json('POST', '/api/households', { areaId: s.eastGrid1.id, room: `R${uniq()}` }) },
  },
  'GET /api/households/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/households/${await householdIn(c, c.s.eastGrid1)}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/households/${await householdIn(c, c.s.westGrid1)}`) },
  },
  'POST /api/households/{id}/move': {
    inScope: { as: 'eastLeader', req: async (c) => json('POST', `/api/households/${await householdIn(c, c.s.eastGrid1)}/move`, { areaId: c.s.eastGrid2.id }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/households/${await householdIn(c, c.s.westGrid1)}/move`, { areaId: c.s.westGrid1.id, room: `R${uniq()}` }) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async (c) => json('POST', `/api/households/${await householdIn(c, c.s.eastGrid1)}/move`, { areaId: c.s.eastGrid1.id, room: `R${uniq()}` }) },
  },
  'GET /api/registry/overview': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/registry/overview?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/registry/overview?area=${s.west.id}`) },
  },

  'GET /api/imports/residents/template.xlsx': {
    inScope: { as: 'nobody', req: async () => json('GET', '/api/imports/residents/template.xlsx'), status: 200 },
    outOfScope: { none: 'the template is the same for everyone who is logged in' },
  },
  'POST /api/imports/residents': {
    inScope: { as: 'eastLeader', req: async ({ s }) => residentUpload(s.eastGrid2), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => residentUpload(s.westGrid1) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async ({ s }) => residentUpload(s.eastGrid1) },
  },
  'GET /api/imports/residents/{id}': {
    inScope: { as: 'eastLeader', req: async (c) => json('GET', `/api/imports/residents/${await residentImport(c, 'eastLeader', c.s.east)}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/imports/residents/${await residentImport(c, 'westLeader', c.s.west)}`) },
  },
  'POST /api/imports/residents/{id}/confirm': {
    inScope: { as: 'eastLeader', req: async (c) => json('POST', `/api/imports/residents/${await residentImport(c, 'eastLeader', c.s.east)}/confirm`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/imports/residents/${await residentImport(c, 'westLeader', c.s.west)}/confirm`) },
    readOnly: { as: REGISTRY_READ_ONLY, req: async (c) => json('POST', `/api/imports/residents/${await residentImport(c, 'eastLeader', c.s.east)}/confirm`) },
  },
  'GET /api/residents/export.xlsx': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('GET', `/api/residents/export.xlsx?area=${s.east.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/residents/export.xlsx?area=${s.west.id}`) },
    // Grid workers and observers read the registry but may not export it.
    readOnly: { as: READ_ONLY, req: async ({ s }) => json('GET', `/api/residents/export.xlsx?area=${s.eastGrid1.id}`) },
  },

  'GET /api/audit': {
    inScope: { as: 'admin', req: async () => json('GET', '/api/audit'), status: 200 },
    outOfScope: { as: ['chief', 'eastLeader', 'observer', 'nobody'], req: async () => json('GET', '/api/audit') },
  },

  'POST /api/announcements': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('POST', '/api/announcements', { title: '通知', body: '内容', areaId: s.eastGrid1.id, category: 'prevention' }), status: 201 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('POST', '/api/announcements', { title: '越权', body: '内容', areaId: s.westGrid1.id, category: 'prevention' }) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async ({ s }) => json('POST', '/api/announcements', { title: '观察员', body: '内容', areaId: s.eastGrid1.id, category: 'prevention' }) },
  },
  'GET /api/announcements': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/announcements?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/announcements?area=${s.westGrid1.id}`) },
  },
  'GET /api/announcements/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.eastGrid1)}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.westGrid1)}`) },
  },
  'PATCH /api/announcements/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('PATCH', `/api/announcements/${await announcementIn(c, c.s.eastGrid1)}`, { title: '改' }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('PATCH', `/api/announcements/${await announcementIn(c, c.s.westGrid1)}`, { title: '改' }) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async (c) => json('PATCH', `/api/announcements/${await announcementIn(c, c.s.eastGrid1)}`, { title: '改' }) },
  },
  'POST /api/announcements/{id}/publish': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.eastGrid1)}/publish`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.westGrid1)}/publish`) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.eastGrid1)}/publish`) },
  },
  'POST /api/announcements/{id}/review': {
    inScope: { as: 'eastLeader', req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.eastGrid1, 'pending')}/review`, { approve: true }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.westGrid1, 'pending')}/review`, { approve: true }) },
    // Grid workers write notices but a grid leader or above reviews them.
    readOnly: { as: READ_ONLY, req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.eastGrid1, 'pending')}/review`, { approve: true }) },
  },
  'POST /api/announcements/{id}/withdraw': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.eastGrid1, 'live')}/withdraw`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.westGrid1, 'live')}/withdraw`) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.eastGrid1, 'live')}/withdraw`) },
  },
  'POST /api/announcements/{id}/reach': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.east, 'live')}/reach`, { householdId: await householdIn(c, c.s.eastGrid1), channel: 'door_visit' }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.west, 'live')}/reach`, { householdId: await householdIn(c, c.s.westGrid1), channel: 'door_visit' }) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async (c) => json('POST', `/api/announcements/${await announcementIn(c, c.s.east, 'live')}/reach`, { householdId: await householdIn(c, c.s.eastGrid1), channel: 'phone' }) },
  },
  'GET /api/announcements/{id}/reach': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.east, 'live')}/reach?area=${c.s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.west, 'live')}/reach?area=${c.s.west.id}`) },
  },
  'GET /api/announcements/{id}/broadcast.txt': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.eastGrid1)}/broadcast.txt`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.westGrid1)}/broadcast.txt`) },
  },
  // CI installs espeak-ng; without it this answers 501 AUDIO_UNAVAILABLE (server/announcements/broadcast-audio.test.ts).
  'GET /api/announcements/{id}/broadcast.wav': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.eastGrid1)}/broadcast.wav`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.westGrid1)}/broadcast.wav`) },
  },
  // CI installs fonts-wqy-zenhei; without a Chinese font this answers 501 POSTER_UNAVAILABLE (server/posters/poster.test.ts).
  'GET /api/announcements/{id}/poster': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.east, 'live')}/poster?format=png`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/announcements/${await announcementIn(c, c.s.west, 'live')}/poster?format=png`) },
  },
  'GET /api/announcement-webhooks': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/announcement-webhooks?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/announcement-webhooks?area=${s.westGrid1.id}`) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async ({ s }) => json('GET', `/api/announcement-webhooks?area=${s.eastGrid1.id}`) },
  },
  'POST /api/announcement-webhooks': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('POST', `/api/announcement-webhooks?area=${s.eastGrid1.id}`, webhook), status: 201 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('POST', `/api/announcement-webhooks?area=${s.westGrid1.id}`, webhook) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async ({ s }) => json('POST', `/api/announcement-webhooks?area=${s.eastGrid1.id}`, webhook) },
  },
  'PATCH /api/announcement-webhooks/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('PATCH', `/api/announcement-webhooks/${await webhookIn(c, c.s.eastGrid1)}`, { enabled: false }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('PATCH', `/api/announcement-webhooks/${await webhookIn(c, c.s.westGrid1)}`, { enabled: false }) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async (c) => json('PATCH', `/api/announcement-webhooks/${await webhookIn(c, c.s.eastGrid1)}`, { enabled: false }) },
  },
  'DELETE /api/announcement-webhooks/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('DELETE', `/api/announcement-webhooks/${await webhookIn(c, c.s.eastGrid1)}`), status: 204 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('DELETE', `/api/announcement-webhooks/${await webhookIn(c, c.s.westGrid1)}`) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async (c) => json('DELETE', `/api/announcement-webhooks/${await webhookIn(c, c.s.eastGrid1)}`) },
  },
  'GET /api/announcement-webhooks/{id}/deliveries': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/announcement-webhooks/${await webhookIn(c, c.s.eastGrid1)}/deliveries`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/announcement-webhooks/${await webhookIn(c, c.s.westGrid1)}/deliveries`) },
    readOnly: { as: PUBLICITY_READ_ONLY, req: async (c) => json('GET', `/api/announcement-webhooks/${await webhookIn(c, c.s.eastGrid1)}/deliveries`) },
  },

  // Self-report forms (自主申报): leaders design them; a form for 东社区 applies to (and is read by) its grid workers.
  'POST /api/forms': {
    inScope: { as: 'eastLeader', req: async ({ s }) => json('POST', '/api/forms', { areaId: s.east.id, mode: 'survey', definition: FORM_DEFINITION }), status: 201 },
    outOfScope: { as: FORM_OUTSIDERS, req: async ({ s }) => json('POST', '/api/forms', { areaId: s.east.id, mode: 'survey', definition: FORM_DEFINITION }) },
    readOnly: { as: FORM_READ_ONLY, req: async ({ s }) => json('POST', '/api/forms', { areaId: s.eastGrid1.id, mode: 'survey', definition: FORM_DEFINITION }) },
  },
  'GET /api/forms': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/forms?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async ({ s }) => json('GET', `/api/forms?area=${s.east.id}`) },
  },
  'GET /api/forms/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}`) },
  },
  'PATCH /api/forms/{id}': {
    inScope: { as: 'eastLeader', req: async (c) => json('PATCH', `/api/forms/${await formIn(c, c.s.east, 'draft')}`, { definition: { ...FORM_DEFINITION, title: '改过的表单' } }), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('PATCH', `/api/forms/${await formIn(c, c.s.east, 'draft')}`, { definition: { ...FORM_DEFINITION, title: '越权' } }) },
    readOnly: { as: FORM_READ_ONLY, req: async (c) => json('PATCH', `/api/forms/${await formIn(c, c.s.east, 'draft')}`, { definition: { ...FORM_DEFINITION, title: '只读' } }) },
  },
  'POST /api/forms/{id}/publish': {
    inScope: { as: 'eastLeader', req: async (c) => json('POST', `/api/forms/${await formIn(c, c.s.east, 'draft')}/publish`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('POST', `/api/forms/${await formIn(c, c.s.east, 'draft')}/publish`) },
    readOnly: { as: FORM_READ_ONLY, req: async (c) => json('POST', `/api/forms/${await formIn(c, c.s.east, 'draft')}/publish`) },
  },
  'POST /api/forms/{id}/close': {
    inScope: { as: 'eastLeader', req: async (c) => json('POST', `/api/forms/${await formIn(c, c.s.east)}/close`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('POST', `/api/forms/${await formIn(c, c.s.east)}/close`) },
    readOnly: { as: FORM_READ_ONLY, req: async (c) => json('POST', `/api/forms/${await formIn(c, c.s.east)}/close`) },
  },
  'POST /api/forms/import/xlsform': {
    inScope: { as: 'eastLeader', req: async ({ s }) => xlsformUpload(s.east), status: 201 },
    outOfScope: { as: FORM_OUTSIDERS, req: async ({ s }) => xlsformUpload(s.east) },
    readOnly: { as: FORM_READ_ONLY, req: async ({ s }) => xlsformUpload(s.eastGrid1) },
  },
  'GET /api/forms/{id}/links': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/links?area=${c.s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/links?area=${c.s.eastGrid1.id}`) },
  },
  // CI installs fonts-wqy-zenhei; without a Chinese font this answers 501 POSTER_UNAVAILABLE (server/posters/poster.test.ts).
  'GET /api/forms/{id}/poster': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/poster?area=${c.s.eastGrid1.id}&format=png`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/poster?area=${c.s.eastGrid1.id}&format=png`) },
  },
  'GET /api/forms/{id}/stats': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/stats`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/stats`) },
  },
  'GET /api/forms/{id}/submissions': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/forms/${(await submissionIn(c, c.s.east, c.s.eastGrid1)).formId}/submissions`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('GET', `/api/forms/${(await submissionIn(c, c.s.east, c.s.eastGrid1)).formId}/submissions`) },
  },
  'GET /api/forms/{id}/submissions/export': {
    inScope: { as: 'eastLeader', req: async (c) => json('GET', `/api/forms/${(await submissionIn(c, c.s.east, c.s.eastGrid1)).formId}/submissions/export?format=csv`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('GET', `/api/forms/${(await submissionIn(c, c.s.east, c.s.eastGrid1)).formId}/submissions/export?format=csv`) },
    // Grid workers and observers read the answers but may not export them.
    readOnly: { as: FORM_READ_ONLY, req: async (c) => json('GET', `/api/forms/${(await submissionIn(c, c.s.east, c.s.eastGrid1)).formId}/submissions/export?format=csv`) },
  },
  'GET /api/forms/{id}/submissions/{sid}': {
    inScope: { as: 'eastWorker', req: async (c) => { const { formId, sid } = await submissionIn(c, c.s.east, c.s.eastGrid1); return json('GET', `/api/forms/${formId}/submissions/${sid}`); }, status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => { const { formId, sid } = await submissionIn(c, c.s.east, c.s.eastGrid1); return json('GET', `/api/forms/${formId}/submissions/${sid}`); } },
  },
  'POST /api/forms/{id}/submissions/{sid}/reveal': {
    inScope: { as: 'eastWorker', req: async (c) => { const { formId, sid } = await submissionIn(c, c.s.east, c.s.eastGrid1); return json('POST', `/api/forms/${formId}/submissions/${sid}/reveal`, { reason: '回访核实' }); }, status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => { const { formId, sid } = await submissionIn(c, c.s.east, c.s.eastGrid1); return json('POST', `/api/forms/${formId}/submissions/${sid}/reveal`, { reason: '越权查看' }); } },
    readOnly: { as: REVEAL_READ_ONLY, req: async (c) => { const { formId, sid } = await submissionIn(c, c.s.east, c.s.eastGrid1); return json('POST', `/api/forms/${formId}/submissions/${sid}/reveal`, { reason: '观察员查看' }); } },
  },
  'DELETE /api/forms/{id}/submissions/{sid}': {
    inScope: { as: 'eastLeader', req: async (c) => { const { formId, sid } = await submissionIn(c, c.s.east, c.s.eastGrid1); return json('DELETE', `/api/forms/${formId}/submissions/${sid}`, { reason: '重复录入' }); }, status: 204 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => { const { formId, sid } = await submissionIn(c, c.s.east, c.s.eastGrid1); return json('DELETE', `/api/forms/${formId}/submissions/${sid}`, { reason: '越权删除' }); } },
    readOnly: { as: FORM_READ_ONLY, req: async (c) => { const { formId, sid } = await submissionIn(c, c.s.east, c.s.eastGrid1); return json('DELETE', `/api/forms/${formId}/submissions/${sid}`, { reason: '只读删除' }); } },
  },
  'GET /api/forms/{id}/photos/{file}': {
    inScope: { as: 'eastWorker', req: async (c) => { const { formId, file } = await formPhotoIn(c, c.s.east, c.s.eastGrid1); return json('GET', `/api/forms/${formId}/photos/${file}`); }, status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => { const { formId, file } = await formPhotoIn(c, c.s.east, c.s.eastGrid1); return json('GET', `/api/forms/${formId}/photos/${file}`); } },
  },
  'GET /api/forms/{id}/not-reported': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/not-reported?area=${c.s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/not-reported?area=${c.s.eastGrid1.id}`) },
  },
  'GET /api/forms/{id}/not-reported/export': {
    inScope: { as: 'eastLeader', req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/not-reported/export?area=${c.s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/not-reported/export?area=${c.s.eastGrid1.id}`) },
    readOnly: { as: FORM_READ_ONLY, req: async (c) => json('GET', `/api/forms/${await formIn(c, c.s.east)}/not-reported/export?area=${c.s.eastGrid1.id}`) },
  },
  'GET /api/form-alerts': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/form-alerts?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async ({ s }) => json('GET', `/api/form-alerts?area=${s.eastGrid1.id}`) },
  },
  'POST /api/form-alerts/{id}/actions': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', `/api/form-alerts/${await formAlertIn(c, c.s.east, c.s.eastGrid1)}/actions`, { action: 'follow_up', note: '已电话联系' }), status: 200 },
    outOfScope: { as: FORM_OUTSIDERS, req: async (c) => json('POST', `/api/form-alerts/${await formAlertIn(c, c.s.east, c.s.eastGrid1)}/actions`, { action: 'follow_up', note: '越权' }) },
    readOnly: { as: ALERT_READ_ONLY, req: async (c) => json('POST', `/api/form-alerts/${await formAlertIn(c, c.s.east, c.s.eastGrid1)}/actions`, { action: 'follow_up', note: '观察员' }) },
  },

  'GET /api/case-categories': {
    inScope: { as: 'eastWorker', req: async () => json('GET', '/api/case-categories'), status: 200 },
    outOfScope: { none: 'categories are deployment-wide; anyone who works with cases reads them' },
  },
  'POST /api/case-categories': {
    inScope: { as: 'admin', req: async () => json('POST', '/api/case-categories', { code: `cat-${uniq()}`, name: '新类别', type: 'rectification', defaultRole: 'grid_worker', acceptHours: 2, resolveHours: 24 }), status: 201 },
    outOfScope: { none: 'deployment-wide setting' },
    readOnly: { as: ['eastLeader', 'eastWorker', 'observer'], req: async () => json('POST', '/api/case-categories', { code: `cat-${uniq()}`, name: '越权', type: 'rectification', defaultRole: 'grid_worker', acceptHours: 2, resolveHours: 24 }) },
  },
  'PATCH /api/case-categories/{id}': {
    inScope: { as: 'admin', req: async (c) => json('PATCH', `/api/case-categories/${await categoryId(c, 'suggestion')}`, { acceptHours: 48 }), status: 200 },
    outOfScope: { none: 'deployment-wide setting' },
    readOnly: { as: ['eastLeader', 'observer'], req: async (c) => json('PATCH', `/api/case-categories/${await categoryId(c, 'suggestion')}`, { acceptHours: 1 }) },
  },
  'POST /api/cases': {
    inScope: { as: 'eastWorker', req: async (c) => json('POST', '/api/cases', { categoryId: await categoryId(c), areaId: c.s.eastGrid1.id, title: '楼道杂物' }), status: 201 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', '/api/cases', { categoryId: await categoryId(c), areaId: c.s.westGrid1.id, title: '越权' }) },
    readOnly: { as: CASE_READ_ONLY, req: async (c) => json('POST', '/api/cases', { categoryId: await categoryId(c), areaId: c.s.eastGrid1.id, title: '观察员' }) },
  },
  'GET /api/cases': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/cases?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/cases?area=${s.westGrid1.id}`) },
  },
  'GET /api/cases/{id}': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/cases/${(await caseIn(c, c.s.eastGrid1)).id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/cases/${(await caseIn(c, c.s.westGrid1)).id}`) },
  },
  'POST /api/cases/{id}/transitions': {
    inScope: { as: 'eastLeader', req: async (c) => json('POST', `/api/cases/${(await caseIn(c, c.s.eastGrid1)).id}/transitions`, { action: 'accept' }), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('POST', `/api/cases/${(await caseIn(c, c.s.westGrid1)).id}/transitions`, { action: 'accept' }) },
    readOnly: { as: ['observer', 'eastWorker'], req: async (c) => json('POST', `/api/cases/${(await caseIn(c, c.s.eastGrid1)).id}/transitions`, { action: 'accept' }) },
  },
  // Views over cases: whoever reads cases in an area may see its counts, statistics and map, and export them (phones masked).
  'GET /api/cases/summary': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/cases/summary?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/cases/summary?area=${s.westGrid1.id}`) },
  },
  'GET /api/cases/stats': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/cases/stats?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/cases/stats?area=${s.westGrid1.id}`) },
  },
  'GET /api/cases/stats/export': {
    inScope: { as: 'observer', req: async ({ s }) => json('GET', `/api/cases/stats/export?area=${s.east.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/cases/stats/export?area=${s.westGrid1.id}`) },
  },
  'GET /api/cases/export': {
    inScope: { as: 'eastWorker', req: async (c) => { await caseIn(c, c.s.eastGrid1); return json('GET', `/api/cases/export?area=${c.s.eastGrid1.id}`); }, status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => { await caseIn(c, c.s.westGrid1); return json('GET', `/api/cases/export?area=${c.s.westGrid1.id}`); } },
  },
  'GET /api/cases/map': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/cases/map?area=${s.eastGrid1.id}&open=1`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/cases/map?area=${s.westGrid1.id}`) },
  },
  // Inspections (督查): planned and recorded from grid leader up; read wherever cases are read.
  'POST /api/inspections': {
    inScope: { as: 'eastLeader', req: async ({ s }) => inspectionPlan(s.eastGrid1), status: 201 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => inspectionPlan(s.westGrid1) },
    readOnly: { as: ['observer', 'eastWorker'], req: async ({ s }) => inspectionPlan(s.eastGrid1) },
  },
  'GET /api/inspections': {
    inScope: { as: 'eastWorker', req: async ({ s }) => json('GET', `/api/inspections?area=${s.eastGrid1.id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async ({ s }) => json('GET', `/api/inspections?area=${s.westGrid1.id}`) },
  },
  'GET /api/inspections/{id}': {
    inScope: { as: 'observer', req: async (c) => json('GET', `/api/inspections/${(await inspectionIn(c, c.s.eastGrid1)).id}`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/inspections/${(await inspectionIn(c, c.s.westGrid1)).id}`) },
  },
  'POST /api/inspections/{id}/record': {
    inScope: { as: 'eastLeader', req: async (c) => inspectionRecord(c, c.s.eastGrid1), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => inspectionRecord(c, c.s.westGrid1) },
    readOnly: { as: ['observer', 'eastWorker'], req: async (c) => inspectionRecord(c, c.s.eastGrid1) },
  },
  'POST /api/case-attachments': {
    inScope: { as: 'eastWorker', req: async () => photoUpload(), status: 201 },
    // An upload belongs to no area until it is attached to a case; someone who may report no case anywhere is refused.
    outOfScope: { as: ['nobody'], req: async () => photoUpload() },
    readOnly: { as: CASE_READ_ONLY, req: async () => photoUpload() },
  },
  'GET /api/case-attachments/{id}/file': {
    inScope: { as: 'eastWorker', req: async (c) => json('GET', `/api/case-attachments/${await attachmentIn(c, c.s.eastGrid1)}/file`), status: 200 },
    outOfScope: { as: ['westLeader', 'nobody'], req: async (c) => json('GET', `/api/case-attachments/${await attachmentIn(c, c.s.eastGrid1)}/file`) },
  },
  'GET /api/case-attachments/{id}/thumb': {
    inScope: { as: 'observer', req: async (c) => json('GET', `/api/case-attachments/${await attachmentIn(c, c.s.eastGrid1)}/thumb`), status: 200 },
    outOfScope: { as: OUTSIDERS, req: async (c) => json('GET', `/api/case-attachments/${await attachmentIn(c, c.s.westGrid1)}/thumb`) },
  },
  'POST /api/public/case-attachments': { public: 201 },
  'GET /api/public/case-categories': { public: 200 },
  'POST /api/public/cases': { public: 201 },
  'GET /api/public/cases/{token}': { public: 200 },
  'POST /api/public/cases/{token}/rate': { public: 200 },
  'POST /api/public/cases/{token}/confirm': { public: 200 },

  'GET /api/public/grids/{id}/card': { public: 200 },
  'GET /api/public/grids/{id}/qr.svg': { public: 200 },
  'GET /api/public/areas/{id}/announcements': { public: 200 },
  'GET /api/public/announcements/{id}': { public: 200 },
  'POST /api/public/announcements/{id}/ack': { public: 200 },
  'GET /api/public/forms/{token}': { public: 200 },
  'GET /api/public/forms/{token}/areas': { public: 200 },
  'POST /api/public/forms/{token}/verification-codes': { public: 202 },
  'POST /api/public/forms/{token}/submissions': { public: 201 },

  'GET /open311/v2/discovery.{format}': { public: 200 },
  'GET /open311/v2/services.{format}': { public: 200 },
  'GET /open311/v2/services/{service_code}.{format}': { public: 200 },
  'GET /open311/v2/requests.{format}': { public: 200 },
  'GET /open311/v2/requests/{service_request_id}.{format}': { public: 200 },
  'GET /open311/v2/tokens/{token}.{format}': { public: 200 },
  'POST /open311/v2/requests.{format}': { public: 201 },
};

/** An Open311 request made by a client holding an API key for the east community; returns its service_request_id. */
async function open311Request({ t, s }: Ctx): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: await open311Key({ t, s } as Ctx), service_code: OPEN311_SERVICE, address_id: s.eastGrid1.code, description: '路灯不亮', phone: formPhone() } });
  if (res.statusCode !== 201) throw new Error(`open311 fixture: ${res.statusCode} ${res.body}`);
  return res.json()[0].service_request_id;
}
const OPEN311_SERVICE = 'facilities';
async function open311Key({ t, s }: Ctx): Promise<string> {
  await ensureDefaultCategories(t.db);
  return (await createApiKey(t.db, { name: `client-${uniq()}`, areaCode: s.east.code })).key;
}

/** Anonymous calls to public routes; they are checked for answering without a session. */
const PUBLIC_CALLS: Record<string, (c: Ctx) => Promise<Req>> = {
  'GET /healthz': async () => json('GET', '/healthz'),
  'POST /api/auth/login': async ({ s, username }) => json('POST', '/api/auth/login', { username: await username(s.users.nobody), password: 'test-password-1' }),
  'POST /api/auth/logout': async () => json('POST', '/api/auth/logout'),
  'GET /api/public/grids/{id}/card': async ({ s }) => json('GET', `/api/public/grids/${s.eastGrid1.id}/card`),
  'GET /api/public/grids/{id}/qr.svg': async ({ s }) => json('GET', `/api/public/grids/${s.eastGrid1.id}/qr.svg`),
  'GET /api/public/areas/{id}/announcements': async ({ s }) => json('GET', `/api/public/areas/${s.eastGrid1.id}/announcements`),
  'GET /api/public/announcements/{id}': async (c) => json('GET', `/api/public/announcements/${await announcementIn(c, c.s.east, 'live')}`),
  'POST /api/public/announcements/{id}/ack': async (c) => json('POST', `/api/public/announcements/${await announcementIn(c, c.s.east, 'live')}/ack`, { householdId: await householdIn(c, c.s.eastGrid1) }),
  'GET /api/public/forms/{token}': async (c) => json('GET', `/api/public/forms/${await formToken(c, await formIn(c, c.s.east), c.s.eastGrid1)}`),
  'GET /api/public/forms/{token}/areas': async (c) => json('GET', `/api/public/forms/${await formToken(c, await formIn(c, c.s.east), c.s.eastGrid1)}/areas`),
  'POST /api/public/forms/{token}/verification-codes': async (c) => json('POST', `/api/public/forms/${await formToken(c, await formIn(c, c.s.east, 'published', { verification: true }), c.s.eastGrid1)}/verification-codes`, { phone: formPhone() }),
  'POST /api/public/case-attachments': async () => photoUpload('/api/public/case-attachments'),
  'GET /api/public/case-categories': async ({ s }) => json('GET', `/api/public/case-categories?area=${s.eastGrid1.id}`),
  'POST /api/public/cases': async (c) => json('POST', '/api/public/cases', { id: randomUUID(), categoryId: await categoryId(c), areaId: c.s.eastGrid1.id, description: '路灯坏了三天了', reporterName: '居民', reporterPhone: '13900000002' }),
  'GET /api/public/cases/{token}': async (c) => json('GET', `/api/public/cases/${(await caseIn(c, c.s.eastGrid1)).token}`),
  'POST /api/public/cases/{token}/rate': async (c) => json('POST', `/api/public/cases/${(await caseIn(c, c.s.eastGrid1, 'closed')).token}/rate`, { rating: 5 }),
  'POST /api/public/cases/{token}/confirm': async (c) => json('POST', `/api/public/cases/${(await caseIn(c, c.s.eastGrid1, 'resolved', 'errand')).token}/confirm`),
  'POST /api/public/forms/{token}/submissions': async (c) =>
    json('POST', `/api/public/forms/${await formToken(c, await formIn(c, c.s.east), c.s.eastGrid1)}/submissions`, { id: randomUUID(), answers: { reporter_name: '居民', reporter_phone: formPhone(), temperature: 36.5 } }),
  // Open311 GeoReport v2 is public by the specification; creating a request takes an API key instead of a session.
  'GET /open311/v2/discovery.{format}': async () => json('GET', '/open311/v2/discovery.json'),
  'GET /open311/v2/services.{format}': async () => json('GET', '/open311/v2/services.xml'),
  'GET /open311/v2/services/{service_code}.{format}': async ({ t }) => (await ensureDefaultCategories(t.db), json('GET', `/open311/v2/services/${OPEN311_SERVICE}.json`)),
  'GET /open311/v2/requests.{format}': async () => json('GET', '/open311/v2/requests.json'),
  'GET /open311/v2/requests/{service_request_id}.{format}': async (c) => json('GET', `/open311/v2/requests/${await open311Request(c)}.xml`),
  'GET /open311/v2/tokens/{token}.{format}': async (c) => {
    const row = await c.t.db.selectFrom('cases').select('tracking_token').where('reference', '=', await open311Request(c)).executeTakeFirstOrThrow();
    return json('GET', `/open311/v2/tokens/${row.tracking_token}.json`);
  },
  'POST /open311/v2/requests.{format}': async (c) => ({
    method: 'POST',
    url: '/open311/v2/requests.json',
    payload: new URLSearchParams({ api_key: await open311Key(c), service_code: OPEN311_SERVICE, address_id: c.s.eastGrid1.code, description: '井盖松动', phone: formPhone() }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
};

/** Routes that may answer without a session. Anything else marked public in the table is a mistake. */
/** A resident's 已读 is the one public write: it records an acknowledgement and changes nothing else. */
/** Residents answering a form (a code to their phone, then their answers) are the other public writes: they add a report and change nothing else. */
/** Residents reporting a case, rating it or confirming an errand act on their own case only (by its tracking token). */
/** A resident's photo for a report is stored unattached; only a report made within the hour can use it. */
/** Open311 GeoReport v2 is public by the specification: anyone reads services and requests; creating one takes an API key (403 without). */
const MAY_BE_PUBLIC = (route: string) =>
  /^GET \/api\/public\//.test(route) ||
  /^(GET|POST) \/open311\/v2\/[a-z]+(\/\{\w+\})?\.\{format\}$/.test(route) ||
  ['GET /healthz', 'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/public/announcements/{id}/ack', 'POST /api/public/forms/{token}/verification-codes', 'POST /api/public/forms/{token}/submissions', 'POST /api/public/cases', 'POST /api/public/cases/{token}/rate', 'POST /api/public/cases/{token}/confirm', 'POST /api/public/case-attachments'].includes(route);

/** Registered routes that are not part of the API document: the document itself and Swagger UI. */
/** The Open311 fallbacks only answer 404 in the GeoReport error format (a resource without .json/.xml). */
const NOT_IN_DOCUMENT = (route: string) => route === 'GET /api/openapi.json' || /^GET \/api\/docs(\/|$)/.test(route) || /^(GET|POST) \/open311\/v2\/\{resource\}(\/\{id\})?$/.test(route);

/** Parse `printRoutes({ commonPrefix: false })` into "METHOD /path/{param}" strings. */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) if (method !== 'HEAD' && method !== 'OPTIONS') out.push(`${method} ${path}`);
  }
  return out;
}

describeEachDialect('authorization of every route', (t) => {
  let s: Scenario;
  let documented: string[];
  let ctx: Ctx;

  beforeAll(async () => {
    s = await buildScenario(t);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    documented = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const username = async (id: number) => (await t.db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirstOrThrow()).username;
    ctx = {
      t,
      s,
      username,
      grid: (parent) => t.area(parent, 'grid', `临时网格${uniq()}`),
      async worker(area) {
        const userId = await t.user(`w${uniq()}`);
        return { userId, assignmentId: await t.assign(userId, area, 'grid_worker', ['publicity']) };
      },
      async importJob(who, parent) {
        const res = await call(csvUpload(importRows(parent)), who);
        expect(res.statusCode, res.body).toBe(202);
        await waitForJob(res.json().id, who);
        return res.json().id;
      },
    };
  });

  const call = (req: Req, who?: Who | 'forged') => {
    const cookie = who === 'forged' ? 'wangge_session=not-a-real-session' : who ? s.cookies[who] : undefined;
    return t.app.inject({ method: req.method as any, url: req.url, payload: req.payload as any, headers: { ...req.headers, ...(cookie ? { cookie } : {}) } });
  };
  const waitForJob = async (id: number, who: Who) => {
    for (let i = 0; i < 400; i++) {
      const job = (await call(json('GET', `/api/imports/${id}`), who)).json();
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`import ${id} did not finish`);
  };
  const auditCount = async () => Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('has a case for every route in the OpenAPI document, and no case for a route that is gone', () => {
    expect(documented.length).toBeGreaterThan(10);
    const missing = documented.filter((r) => !(r in ROUTES));
    expect(missing, `routes without an authorization case; add them to ROUTES in ${import.meta.url}`).toEqual([]);
    const stale = Object.keys(ROUTES).filter((r) => !documented.includes(r));
    expect(stale, 'cases for routes the API no longer has').toEqual([]);
  });

  it('documents every route the server answers, so none escapes the table', () => {
    const registered = registeredRoutes(t.app.printRoutes({ commonPrefix: false }));
    expect(registered).toContain('GET /api/areas/{id}');
    const undocumented = registered.filter((r) => !NOT_IN_DOCUMENT(r) && !documented.includes(r));
    expect(undocumented, 'routes hidden from the OpenAPI document').toEqual([]);
  });

  it('keeps each case complete: public only where allowed, in and out of scope otherwise, and a read-only check for every write', () => {
    for (const [route, c] of Object.entries(ROUTES)) {
      if (c.public !== undefined) {
        expect(MAY_BE_PUBLIC(route), `${route} is marked public`).toBe(true);
        expect(PUBLIC_CALLS[route], `${route} needs an anonymous call in PUBLIC_CALLS`).toBeDefined();
        continue;
      }
      expect(c.inScope, `${route} needs an in-scope call`).toBeDefined();
      expect(c.outOfScope, `${route} needs an out-of-scope call or a reason it has none`).toBeDefined();
      if (!route.startsWith('GET ')) expect(c.readOnly, `${route} is a write and needs a read-only check`).toBeDefined();
    }
  });

  for (const [route, c] of Object.entries(ROUTES)) {
    if (c.public !== undefined) {
      it(`${route}: answers without logging in`, async () => {
        const res = await call(await PUBLIC_CALLS[route](ctx));
        expect(res.statusCode, res.body).toBe(c.public);
      });
      continue;
    }

    it(`${route}: asks an anonymous caller to log in`, async () => {
      const req = await c.inScope!.req(ctx);
      for (const who of [undefined, 'forged'] as const) {
        const before = await auditCount();
        const res = await call(req, who);
        expect(res.statusCode, `${who ?? 'anonymous'}: ${res.body}`).toBe(401);
        expect(res.json().error.code).toBe('AUTH_REQUIRED');
        expect(await auditCount()).toBe(before);
      }
    });

    it(`${route}: refuses users whose areas do not cover the target`, async () => {
      const out = c.outOfScope!;
      if ('none' in out) return;
      for (const who of out.as) {
        const req = await out.req(ctx);
        const before = await auditCount();
        const res = await call(req, who);
        expect([403, 404], `${who}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
        expect(['FORBIDDEN', 'NOT_FOUND', 'ROLE_NOT_ALLOWED']).toContain(res.json().error.code);
        // A refused write leaves no trace of a change.
        expect(await auditCount(), `${who} changed something`).toBe(before);
      }
    });

    if (c.readOnly) {
      it(`${route}: refuses a read-only role inside its own scope`, async () => {
        for (const who of c.readOnly!.as) {
          const req = await c.readOnly!.req(ctx);
          const before = await auditCount();
          const res = await call(req, who);
          expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
          expect(await auditCount(), `${who} changed something`).toBe(before);
        }
      });
    }

    it(`${route}: lets an in-scope user with the right role through`, async () => {
      const res = await call(await c.inScope!.req(ctx), c.inScope!.as);
      expect(res.statusCode, res.body).toBe(c.inScope!.status);
      // An accepted background job must finish before the next case counts audit entries.
      if (res.statusCode === 202) await waitForJob(res.json().id, c.inScope!.as);
    });
  }

  it('answers for the API document itself without a login', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
  });

  it('refuses an area import that reaches into another community, row by row, and writes nothing', async () => {
    const code = `IMP-${uniq()}`;
    const res = await call(csvUpload([['code', 'name', 'parent_code', 'level'], [code, '越权导入', s.west.code, 'grid']]), 'eastLeader');
    expect(res.statusCode).toBe(202);
    const job = await waitForJob(res.json().id, 'eastLeader');
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([expect.objectContaining({ row: 2 })]);
    expect(await t.db.selectFrom('areas').select('id').where('code', '=', code).executeTakeFirst()).toBeUndefined();
  });

  it('keeps a session from reaching into other communities even with ids guessed one by one', async () => {
    // The east leader walks every area id: the west ones must all look like they do not exist.
    const ids = (await t.db.selectFrom('areas').select(['id', 'path']).execute()).filter((a) => a.path.startsWith(s.west.path));
    expect(ids.length).toBeGreaterThan(1);
    for (const { id } of ids) {
      expect((await call(json('GET', `/api/areas/${id}`), 'eastLeader')).statusCode).toBe(404);
      expect((await call(json('GET', `/api/roster?area=${id}`), 'eastLeader')).statusCode).toBe(404);
    }
  });
  // KNOWN SCOPE GAP (reported to the lead): GET /api/forms/{id}/photos/{file} checks only that the form is readable, not
  // that the photo's submission lies in the caller's areas, so on a subdistrict-wide form the west leader gets a photo
  // answered in the east. This documents the expectation; drop `.fails` once submissionPhoto checks the submission's area.
  it('keeps photo answers of a subdistrict-wide form to the people whose areas they were given in', async () => {
    const { formId, file } = await formPhotoIn(ctx, s.street, s.eastGrid1);
    expect((await call(json('GET', `/api/forms/${formId}/photos/${file}`), 'eastWorker')).statusCode).toBe(200);
    expect((await call(json('GET', `/api/forms/${formId}/photos/${file}`), 'westLeader')).statusCode).toBe(404);
  });
  // The webhook fixtures point at a closed port on 127.0.0.1, which a deployment must allow explicitly.
}, { webhookAllowPrivate: true });
