import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultCategories } from '../cases/default-categories.js';
import { describeEachDialect, TEST_CIPHER, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { createApiKey, revokeApiKey } from './api-keys.service.js';

/** A small XML reader for the answers: elements with children or text (enough to check GeoReport's shapes). */
interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}
function parseXml(xml: string): XmlNode {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const tokens = xml.replace(/^<\?xml[^>]*\?>/, '').match(/<[^>]+>|[^<]+/g) ?? [];
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack = [root];
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  for (const tok of tokens) {
    if (tok.startsWith('</')) {
      const done = stack.pop()!;
      expect(tok).toBe(`</${done.name}>`);
    } else if (tok.startsWith('<')) {
      const name = /^<([\w:-]+)/.exec(tok)![1];
      const node = { name, children: [], text: '' };
      stack[stack.length - 1].children.push(node);
      if (!tok.endsWith('/>')) stack.push(node);
    } else if (tok.trim()) stack[stack.length - 1].text += decode(tok);
  }
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0];
}
const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const names = (n: XmlNode) => n.children.map((c) => c.name);

const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'];
const OFFSET_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describeEachDialect('Open311 GeoReport v2', (t: TestDb) => {
  let s: Scenario;
  let eastKey: string;
  let anyAreaKey: string;
  let revokedKey: string;
  let seq = 0;
  const base = '/open311/v2';
  const phone = () => `139${String(Date.now() % 1_000_000 + ++seq).padStart(8, '0').slice(-8)}`;

  beforeAll(async () => {
    s = await buildScenario(t);
    await ensureDefaultCategories(t.db);
    eastKey = (await createApiKey(t.db, { name: `east-${t.dialect}`, areaCode: s.east.code })).key;
    anyAreaKey = (await createApiKey(t.db, { name: `any-${t.dialect}` })).key;
    revokedKey = (await createApiKey(t.db, { name: `old-${t.dialect}`, areaCode: s.east.code })).key;
    await revokeApiKey(t.db, `old-${t.dialect}`);
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const postForm = (format: 'json' | 'xml', fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `${base}/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  const postJson = (fields: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `${base}/requests.json`, payload: fields });
  const caseOf = (reference: string) => t.db.selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  function expectErrors(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, text?: RegExp) {
    expect(res.statusCode, res.body).toBe(status);
    if (String(res.headers['content-type']).startsWith('text/xml')) {
      const doc = parseXml(res.body);
      expect(doc.name).toBe('errors');
      expect(names(doc)).toEqual(['error']);
      expect(names(doc.children[0])).toEqual(['code', 'description']);
      expect(child(doc.children[0], 'code')!.text).toBe(String(status));
      if (text) expect(child(doc.children[0], 'description')!.text).toMatch(text);
      return;
    }
    const body = JSON.parse(res.body);
    expect(body).toEqual([{ code: status, description: expect.any(String) }]);
    if (text) expect(body[0].description).toMatch(text);
  }
  /** A request from a client, answered 201; returns its service_request_id. */
  async function submit(fields: Record<string, string> = {}) {
    const res = await postForm('json', { api_key: eastKey, service_code: 'sanitation', lat: '39.9042', long: '116.4074', description: '垃圾桶满了没人清', first_name: '小明', last_name: '王', phone: phone(), ...fields });
    expect(res.statusCode, res.body).toBe(201);
    return JSON.parse(res.body)[0].service_request_id as string;
  }
  function act(cookie: string, id: number, action: string, extra: Record<string, unknown> = {}) {
    return t.app.inject({ method: 'POST', url: `/api/cases/${id}/transitions`, headers: { cookie }, payload: { action, ...extra } });
  }

  describe('discovery and services', () => {
    it('discovers the GeoReport v2 endpoint with both formats, in JSON and in XML', async () => {
      const res = await get(`${base}/discovery.json`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      // Civic apps on other sites read it from the browser.
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const d = res.json();
      expect(d).toMatchObject({ contact: expect.any(String), key_service: expect.stringContaining('wangge apikey add') });
      expect(d.changeset).toMatch(OFFSET_TIME);
      expect(d.endpoints).toEqual([{ specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/\/open311\/v2$/), changeset: d.changeset, type: 'production', formats: ['text/xml', 'application/json'] }]);

      const xml = await get(`${base}/discovery.xml`);
      expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
      const doc = parseXml(xml.body);
      expect(doc.name).toBe('discovery');
      expect(names(doc)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
      const endpoint = child(doc, 'endpoints')!.children[0];
      expect(endpoint.name).toBe('endpoint');
      expect(names(endpoint)).toEqual(['specification', 'url', 'changeset', 'type', 'formats']);
      expect(child(endpoint, 'formats')!.children.map((f) => [f.name, f.text])).toEqual([
        ['format', 'text/xml'],
        ['format', 'application/json'],
      ]);
    });

    it('offers the active categories residents may report, with every GeoReport service field', async () => {
      const res = await get(`${base}/services.json`);
      expect(res.statusCode).toBe(200);
      const services = res.json();
      const codes = services.map((x: { service_code: string }) => x.service_code);
      expect(codes).toEqual(expect.arrayContaining(['sanitation', 'facilities', 'safety', 'errand', 'suggestion']));
      // Supervision findings are raised by staff only.
      expect(codes).not.toContain('inspection');
      expect(services.find((x: { service_code: string }) => x.service_code === 'sanitation')).toEqual({
        service_code: 'sanitation',
        service_name: '环境卫生',
        description: '垃圾堆放、污水、卫生死角等',
        metadata: false,
        type: 'realtime',
        keywords: 'rectification',
        group: expect.any(String),
      });

      const doc = parseXml((await get(`${base}/services.xml`)).body);
      expect(doc.name).toBe('services');
      expect(new Set(names(doc))).toEqual(new Set(['service']));
      expect(names(doc.children[0])).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
      expect(child(doc.children[0], 'metadata')!.text).toBe('false');
    });

    it('answers a service definition without attributes, and 404 in the error format for an unknown code', async () => {
      expect((await get(`${base}/services/sanitation.json`)).json()).toEqual({ service_code: 'sanitation', attributes: [] });
      const doc = parseXml((await get(`${base}/services/sanitation.xml`)).body);
      expect(doc.name).toBe('service_definition');
      expect(names(doc)).toEqual(['service_code', 'attributes']);
      expectErrors(await get(`${base}/services/no-such.json`), 404, /service_code no-such was not found/);
      expectErrors(await get(`${base}/services/inspection.xml`), 404);
    });
  });

  describe('creating requests', () => {
    it('creates a case at the key’s area from a form post, answers the id and notice, and lists it as open', async () => {
      const reporterPhone = phone();
      const res = await postForm('json', { api_key: eastKey, jurisdiction_id: 'anything', service_code: 'sanitation', lat: '39.9042', long: '116.4074', address_string: '幸福路 12 号', description: '路口垃圾三天没清运', first_name: '小明', last_name: '王', email: 'wang@example.com', phone: `+86 ${reporterPhone.slice(0, 3)} ${reporterPhone.slice(3)}` });
      expect(res.statusCode, res.body).toBe(201);
      const [created] = res.json();
      expect(created).toEqual({ service_request_id: expect.stringMatching(/^C\d{14}$/), service_notice: '4 小时内受理，受理后 48 小时内办结', account_id: null });

      const row = await caseOf(created.service_request_id);
      expect(row).toMatchObject({ area_id: s.east.id, source: 'open311', status: 'reported', description: '路口垃圾三天没清运', address: '幸福路 12 号', reporter_name: '王小明', reporter_phone_last4: reporterPhone.slice(-4) });
      expect(row.lat).toBeCloseTo(39.9042);
      expect(TEST_CIPHER.decrypt(row.reporter_phone_enc!)).toBe(reporterPhone);
      const key = await t.db.selectFrom('api_keys').select(['id', 'last_used_at']).where('name', '=', `east-${t.dialect}`).executeTakeFirstOrThrow();
      expect(row.api_key_id).toBe(key.id);
      expect(key.last_used_at).not.toBeNull();

      const list = await get(`${base}/requests.json?service_request_id=${created.service_request_id}`);
      expect(list.statusCode).toBe(200);
      const [req] = list.json();
      expect(Object.keys(req)).toEqual(REQUEST_FIELDS);
      expect(req).toMatchObject({
        service_request_id: created.service_request_id,
        status: 'open',
        status_notes: null,
        service_name: '环境卫生',
        service_code: 'sanitation',
        description: '路口垃圾三天没清运',
        agency_responsible: '东社区',
        service_notice: created.service_notice,
        address: '幸福路 12 号',
        address_id: s.east.code,
        lat: expect.closeTo(39.9042, 4),
        long: expect.closeTo(116.4074, 4),
        media_url: null,
      });
      expect(req.requested_datetime).toMatch(OFFSET_TIME);
      expect(req.updated_datetime).toMatch(OFFSET_TIME);
      expect(req.expected_datetime).toMatch(OFFSET_TIME);
      // Never who reported it.
      for (const secret of ['王小明', '小明', reporterPhone, `*${reporterPhone.slice(-4)}`, 'wang@example.com']) expect(list.body).not.toContain(secret);
    });

    it('accepts JSON too, and lands the case at the area named by address_id when it lies under the key’s area', async () => {
      const res = await postJson({ api_key: eastKey, service_code: 'facilities', address_id: s.eastGrid1.code, description: '楼道灯坏了', phone: phone(), lat: 39.9, long: 116.4 });
      expect(res.statusCode, res.body).toBe(201);
      const row = await caseOf(res.json()[0].service_request_id);
      expect(row.area_id).toBe(s.eastGrid1.id);
      expect(row.reporter_name).toBe('居民');

      expectErrors(await postJson({ api_key: eastKey, service_code: 'facilities', address_id: s.westGrid1.code, description: '越界', phone: phone() }), 400, /outside the area/);
      expectErrors(await postJson({ api_key: eastKey, service_code: 'facilities', address_id: 'NO-SUCH-AREA', description: '未知', phone: phone() }), 400, /not a known area code/);
    });

    it('needs address_id with a key that has no area', async () => {
      expectErrors(await postJson({ api_key: anyAreaKey, service_code: 'sanitation', lat: 39.9, long: 116.4, description: '没有区域', phone: phone() }), 400, /address_id is required/);
      const res = await postJson({ api_key: anyAreaKey, service_code: 'sanitation', address_id: s.westGrid1.code, description: '西边的问题', phone: phone() });
      expect(res.statusCode, res.body).toBe(201);
      expect((await caseOf(res.json()[0].service_request_id)).area_id).toBe(s.westGrid1.id);
    });

    it('keeps a photo link on the description’s last line and gives it back as media_url', async () => {
      const id = await submit({ media_url: 'https://photos.example.com/p/1.jpg', description: '井盖缺失' });
      expect((await caseOf(id)).description).toBe('井盖缺失\n照片链接：https://photos.example.com/p/1.jpg');
      const [req] = (await get(`${base}/requests/${id}.json`)).json();
      expect(req).toMatchObject({ description: '井盖缺失', media_url: 'https://photos.example.com/p/1.jpg' });
      expectErrors(await postForm('json', { api_key: eastKey, service_code: 'sanitation', lat: '39.9', long: '116.4', phone: phone(), media_url: 'javascript:alert(1)' }), 400, /media_url/);
    });

    it('answers the XML form of the creation receipt', async () => {
      const res = await postForm('xml', { api_key: eastKey, service_code: 'sanitation', address_string: '幸福路 3 号 <后门> & 侧门', phone: phone() });
      expect(res.statusCode, res.body).toBe(201);
      const doc = parseXml(res.body);
      expect(doc.name).toBe('service_requests');
      expect(names(doc)).toEqual(['request']);
      expect(names(doc.children[0])).toEqual(['service_request_id', 'service_notice', 'account_id']);
      const id = child(doc.children[0], 'service_request_id')!.text;
      // No description: the service name stands in; the address keeps its special characters.
      expect(await caseOf(id)).toMatchObject({ description: '环境卫生', address: '幸福路 3 号 <后门> & 侧门' });
      const one = parseXml((await get(`${base}/requests/${id}.xml`)).body);
      expect(child(one.children[0], 'address')!.text).toBe('幸福路 3 号 <后门> & 侧门');
    });

    it('refuses, in the GeoReport error format, a missing, wrong or revoked key (403) and bad fields (400)', async () => {
      const ok = { service_code: 'sanitation', lat: '39.9', long: '116.4', description: '测试', phone: phone() };
      expectErrors(await postForm('json', ok), 403, /api_key is required/);
      expectErrors(await postForm('xml', ok), 403, /api_key is required/);
      expectErrors(await postForm('json', { ...ok, api_key: 'wg_not-a-key' }), 403, /invalid or has been revoked/);
      expectErrors(await postForm('xml', { ...ok, api_key: revokedKey }), 403, /invalid or has been revoked/);
      expectErrors(await postForm('json', { ...ok, api_key: eastKey, service_code: 'potholes' }), 400, /service_code potholes was not found/);
      expectErrors(await postForm('json', { ...ok, api_key: eastKey, service_code: 'inspection' }), 400, /service_code inspection was not found/);
      expectErrors(await postForm('json', { ...ok, api_key: eastKey, service_code: '' }), 400, /service_code is required/);
      expectErrors(await postForm('xml', { api_key: eastKey, service_code: 'sanitation', description: '没有位置', phone: phone() }), 400, /lat\/long, address_string or address_id is required/);
      expectErrors(await postForm('json', { ...ok, api_key: eastKey, lat: '39.9', long: '' }), 400, /lat and long must be given together/);
      expectErrors(await postForm('json', { ...ok, api_key: eastKey, lat: '95', long: '116' }), 400, /lat must be a number/);
      expectErrors(await postForm('json', { ...ok, api_key: eastKey, phone: '' }), 400, /phone is required: an 11-digit mainland mobile number/);
      expectErrors(await postForm('json', { ...ok, api_key: eastKey, phone: '010-12345678' }), 400, /phone is required/);
      expectErrors(await postJson({ ...ok, api_key: eastKey, lat: true }), 400);
      // Nothing was written by any refused request.
      expect(await t.db.selectFrom('cases').select('id').where('description', '=', '没有位置').execute()).toEqual([]);
    });

    it('answers in Chinese when the client asks for it', async () => {
      const res = await t.app.inject({ method: 'POST', url: `${base}/requests.json`, headers: { 'accept-language': 'zh-CN' }, payload: { service_code: 'sanitation' } });
      expect(res.statusCode).toBe(403);
      expect(res.json()[0].description).toMatch(/api_key/);
      expect(res.json()[0].description).toMatch(/[\u4e00-\u9fa5]/);
    });
  });

  describe('following requests', () => {
    it('turns closed once staff verify the work, with the resolution as status_notes', async () => {
      const id = await submit({ description: '绿化带里有建筑垃圾' });
      const row = await caseOf(id);
      for (const [cookie, action, extra] of [
        [s.cookies.eastLeader, 'accept', {}],
        [s.cookies.eastLeader, 'assign', { assignee: s.users.eastWorker }],
        [s.cookies.eastWorker, 'start', {}],
        [s.cookies.eastWorker, 'resolve', { note: '已清运完毕' }],
      ] as const) {
        const res = await act(cookie, row.id, action, extra);
        expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      }
      // Resolved but not yet checked: still open to the resident.
      let [req] = (await get(`${base}/requests/${id}.json`)).json();
      expect(req).toMatchObject({ status: 'open', status_notes: '已清运完毕' });
      expect((await act(s.cookies.eastLeader, row.id, 'verify')).statusCode).toBe(200);
      [req] = (await get(`${base}/requests/${id}.json`)).json();
      expect(req).toMatchObject({ status: 'closed', status_notes: '已清运完毕', expected_datetime: null });
      const closed = (await get(`${base}/requests.json?status=closed`)).json().map((r: { service_request_id: string }) => r.service_request_id);
      expect(closed).toContain(id);
      const open = (await get(`${base}/requests.json?status=open`)).json().map((r: { service_request_id: string }) => r.service_request_id);
      expect(open).not.toContain(id);
    });

    it('shows a rejected request as closed with the reason', async () => {
      const id = await submit({ description: '重复反映的问题' });
      expect((await act(s.cookies.eastLeader, (await caseOf(id)).id, 'reject', { note: '与已有工单重复' })).statusCode).toBe(200);
      const [req] = (await get(`${base}/requests/${id}.json`)).json();
      expect(req).toMatchObject({ status: 'closed', status_notes: '与已有工单重复' });
    });

    it('lists in XML with the specification’s element names', async () => {
      const id = await submit();
      const res = await get(`${base}/requests.xml?service_request_id=${id}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      const doc = parseXml(res.body);
      expect(doc.name).toBe('service_requests');
      expect(names(doc)).toEqual(['request']);
      expect(names(doc.children[0])).toEqual(REQUEST_FIELDS);
      expect(child(doc.children[0], 'status')!.text).toBe('open');
      expect(child(doc.children[0], 'service_request_id')!.text).toBe(id);
    });

    it('filters by ids, service, status and dates, and refuses bad filters in the error format', async () => {
      const a = await submit({ service_code: 'facilities' });
      const b = await submit();
      const byIds = (await get(`${base}/requests.json?service_request_id=${a},${b}&service_code=nothing`)).json();
      expect(byIds.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([a, b].sort());
      const facilities = (await get(`${base}/requests.json?service_code=facilities`)).json();
      expect(facilities.length).toBeGreaterThan(0);
      expect(facilities.every((r: { service_code: string }) => r.service_code === 'facilities')).toBe(true);
      const today = new Date();
      const later = (await get(`${base}/requests.json?start_date=${encodeURIComponent(new Date(today.getTime() + 3_600_000).toISOString())}`)).json();
      expect(later).toEqual([]);
      const window = (await get(`${base}/requests.json?start_date=${encodeURIComponent(new Date(today.getTime() - 3_600_000).toISOString())}&end_date=${encodeURIComponent(new Date(today.getTime() + 3_600_000).toISOString())}`)).json();
      expect(window.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(expect.arrayContaining([a, b]));
      expectErrors(await get(`${base}/requests.json?status=pending`), 400, /status must be open or closed/);
      expectErrors(await get(`${base}/requests.xml?start_date=yesterday`), 400, /start_date must be an ISO 8601/);
      expectErrors(await get(`${base}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`), 400, /at most 90 days apart/);
    });

    it('keeps residents’ own reports and staff cases out of the public list', async () => {
      const categoryId = (await t.db.selectFrom('case_categories').select('id').where('code', '=', 'sanitation').executeTakeFirstOrThrow()).id;
      const resident = await t.app.inject({ method: 'POST', url: '/api/public/cases', payload: { id: randomUUID(), categoryId, areaId: s.eastGrid1.id, description: '居民自己在页面上报的问题', reporterName: '李四', reporterPhone: phone() } });
      expect(resident.statusCode, resident.body).toBe(201);
      const reference = resident.json().reference;
      expectErrors(await get(`${base}/requests/${reference}.json`), 404, /was not found/);
      expect((await get(`${base}/requests.json?service_request_id=${reference}`)).json()).toEqual([]);
      const all = await get(`${base}/requests.json`);
      expect(all.body).not.toContain('居民自己在页面上报的问题');
      expect(all.body).not.toContain('李四');
    });

    it('finds a request by its tracking token', async () => {
      const id = await submit();
      const { tracking_token: token } = await caseOf(id);
      expect((await get(`${base}/tokens/${token}.json`)).json()).toEqual([{ service_request_id: id, token }]);
      const doc = parseXml((await get(`${base}/tokens/${token}.xml`)).body);
      expect(names(doc.children[0])).toEqual(['service_request_id', 'token']);
      expectErrors(await get(`${base}/tokens/not-a-token.json`), 404);
    });

    it('answers 404 in the error format for an unknown format or resource', async () => {
      expectErrors(await get(`${base}/services.csv`), 404, /add \.json or \.xml/);
      expectErrors(await get(`${base}/requests.html`), 404);
      expectErrors(await get(`${base}/requests/C20990101000001.xml`), 404, /was not found/);
      expectErrors(await get(`${base}/requests`), 404, /end in \.json or \.xml/);
      expectErrors(await t.app.inject({ method: 'POST', url: `${base}/requests`, payload: {} }), 404);
      expectErrors(await get(`${base}/nothing.json`), 404);
    });
  });
});

describeEachDialect(
  'Open311 rate limits',
  (t: TestDb) => {
    it('answers 429 in the GeoReport error format once a client asks too often', async () => {
      const statuses: number[] = [];
      let last = { statusCode: 0, body: '' };
      for (let i = 0; i < 3; i++) {
        last = await t.app.inject({ method: 'GET', url: '/open311/v2/services.xml' });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([200, 200, 429]);
      const doc = parseXml(last.body);
      expect(doc.name).toBe('errors');
      expect(child(doc.children[0], 'code')!.text).toBe('429');
    });
  },
  { rateLimits: { publicPerMinute: 2 } },
);
