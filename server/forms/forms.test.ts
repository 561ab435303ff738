import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../common/form-definition.js';
import { idCheckChar } from '../../common/id-number.js';
import { describeEachDialect } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { dayIn } from './public-forms.service.js';
import { forgetExpectedCounts } from './stats.service.js';
import { tallyPending } from './tally.js';

const HEALTH: FormDefinition = {
  title: '每日健康打卡',
  fields: [
    { name: 'temperature', type: 'temperature', label: '今日体温', required: true },
    { name: 'symptoms', type: 'multiple_choice', label: '症状', options: [{ value: 'fever', label: '发热' }, { value: 'cough', label: '咳嗽' }, { value: 'none', label: '无' }] },
    { name: 'contact', type: 'yes_no', label: '是否接触过确诊病例', required: true },
    { name: 'contact_where', type: 'text', label: '接触地点', required: true, showIf: { field: 'contact', op: 'eq', value: 'yes' } },
    { name: 'trip', type: 'itinerary', label: '近14天行程' },
    { name: 'status', type: 'single_choice', label: '居住状态', options: [{ value: 'home', label: '在家' }, { value: 'away', label: '外出' }] },
  ],
  alertRules: [
    { name: '体温异常', field: 'temperature', op: 'gte', value: 37.3 },
    { name: '接触史', field: 'contact', op: 'eq', value: 'yes' },
    { name: '途经风险地区', field: 'trip', op: 'itinerary_through', value: ['风险镇'] },
  ],
};

function idNumber(seq: number): string {
  const first17 = `370102198${String(seq % 10)}0517${String(seq % 1000).padStart(3, '0')}`.slice(0, 17);
  return first17 + idCheckChar(first17);
}

const phoneOf = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;

describeEachDialect('self-report forms', (t) => {
  let s: Scenario;
  const json = (cookie: string) => ({ cookie });

  async function makeForm(cookie: string, areaId: number, mode: 'survey' | 'daily' | 'continuous', definition: FormDefinition = HEALTH) {
    const res = await t.app.inject({ method: 'POST', url: '/api/forms', headers: json(cookie), payload: { areaId, mode, definition } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  }
  async function publish(cookie: string, id: number) {
    const res = await t.app.inject({ method: 'POST', url: `/api/forms/${id}/publish`, headers: json(cookie) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  async function linkFor(cookie: string, id: number, areaId: number): Promise<string> {
    const res = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/links?area=${areaId}`, headers: json(cookie) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().token;
  }
  function post(token: string, answers: Record<string, unknown>, id = randomUUID(), lang = 'zh-CN') {
    return t.app.inject({ method: 'POST', url: `/api/public/forms/${token}/submissions`, headers: { 'accept-language': lang }, payload: { id, answers } });
  }
  const healthy = (i: number, extra: Record<string, unknown> = {}) => ({ reporter_name: `居民${i}`, reporter_phone: phoneOf(i), temperature: 36.5, contact: 'no', ...extra });

  beforeAll(async () => {
    s = await buildScenario(t);
  });

  describe('designing', () => {
    it('refuses a definition with bad field names and reserved names, field by field', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/forms',
        headers: json(s.cookies.eastLeader),
        payload: { areaId: s.east.id, mode: 'survey', definition: { title: 'x', fields: [{ name: '1bad', type: 'text', label: 'a' }, { name: 'reporter_phone', type: 'text', label: 'b' }] } },
      });
      expect(res.statusCode).toBe(400);
      const fields = res.json().error.fields;
      expect(Object.keys(fields).some((k) => k.includes('fields.0.name'))).toBe(true);
      expect(Object.keys(fields).some((k) => k.includes('fields.1.name'))).toBe(true);
    });

    it('will not publish a form whose show-if points at a later question or whose choices lack options', async () => {
      const id = await makeForm(s.cookies.eastLeader, s.east.id, 'survey', {
        title: '有问题的表',
        fields: [
          { name: 'a', type: 'text', label: 'A', showIf: { field: 'b', op: 'eq', value: 'x' } },
          { name: 'b', type: 'single_choice', label: 'B', options: [{ value: 'x', label: 'X' }] },
        ],
      });
      const res = await t.app.inject({ method: 'POST', url: `/api/forms/${id}/publish`, headers: json(s.cookies.eastLeader) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toMatchObject({ 'definition.fields.0.showIf': expect.stringContaining('"b"'), 'definition.fields.1.options': expect.any(String) });
    });

    it('lets only people who may design forms in that area make one; grid workers and observers may not', async () => {
      for (const cookie of [s.cookies.eastWorker, s.cookies.observer]) {
        const res = await t.app.inject({ method: 'POST', url: '/api/forms', headers: json(cookie), payload: { areaId: s.eastGrid1.id, mode: 'survey', definition: HEALTH } });
        expect(res.statusCode).toBe(403);
      }
      const west = await t.app.inject({ method: 'POST', url: '/api/forms', headers: json(s.cookies.westLeader), payload: { areaId: s.east.id, mode: 'survey', definition: HEALTH } });
      expect(west.statusCode).toBe(404);
    });

    it('keeps answers tied to the version they answered when a change is published', async () => {
      const id = await makeForm(s.cookies.eastLeader, s.east.id, 'continuous');
      await publish(s.cookies.eastLeader, id);
      const token = await linkFor(s.cookies.eastLeader, id, s.eastGrid1.id);
      expect((await post(token, healthy(1, { status: 'home' }))).statusCode).toBe(201);

      const changed: FormDefinition = { ...HEALTH, fields: HEALTH.fields.filter((f) => f.name !== 'status').concat({ name: 'note', type: 'text', label: '备注' }) };
      await t.app.inject({ method: 'PATCH', url: `/api/forms/${id}`, headers: json(s.cookies.eastLeader), payload: { definition: changed } });
      // Until published, residents still answer version 1 (the old question is still accepted).
      expect((await post(token, healthy(2, { status: 'away' }))).statusCode).toBe(201);
      const v2 = await publish(s.cookies.eastLeader, id);
      expect(v2.version).toBe(2);
      expect(v2.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      // Later answers follow version 2: the removed question is now unknown.
      const bad = await post(token, healthy(3, { status: 'home' }), randomUUID(), 'en');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.fields.status).toMatch(/no such question/);
      expect((await post(token, healthy(3, { note: '无' }))).statusCode).toBe(201);

      const list = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/submissions`, headers: json(s.cookies.eastLeader) });
      const versions = list.json().items.map((i: { version: number }) => i.version).sort();
      expect(versions).toEqual([1, 1, 2]);
      const stats = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/stats`, headers: json(s.cookies.eastLeader) });
      expect(stats.json().total.submissions).toBe(3);
      // The old version's answers are still counted under the question they answered.
      expect(stats.json().total.options.status).toEqual({ home: 1, away: 1 });
    });
  });

  describe('answering', () => {
    let daily: number;
    let token: string;
    beforeAll(async () => {
      daily = await makeForm(s.cookies.eastLeader, s.east.id, 'daily');
      await publish(s.cookies.eastLeader, daily);
      token = await linkFor(s.cookies.eastLeader, daily, s.eastGrid1.id);
    });

    it('shows the form behind a QR code without login', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/public/forms/${token}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ mode: 'daily', areaId: s.eastGrid1.id, open: true, definition: { title: '每日健康打卡' } });
      expect((await t.app.inject({ method: 'GET', url: '/api/public/forms/doesnotexist123' })).statusCode).toBe(404);
    });

    it('answers bad answers with Chinese messages keyed by question, and stores nothing', async () => {
      const res = await post(token, { reporter_name: '张三', reporter_phone: '12345', temperature: 45, contact: 'yes', extra: 1 });
      expect(res.statusCode).toBe(422);
      const fields = res.json().error.fields;
      expect(fields.reporter_phone).toBe('请填写 11 位手机号码');
      expect(fields.temperature).toMatch(/体温应在/);
      expect(fields.contact_where).toBe('请填写此项');
      expect(fields.extra).toBe('表单中没有这一项');
      const n = await t.db.selectFrom('form_submissions').select((eb) => eb.fn.countAll().as('n')).where('form_id', '=', daily).executeTakeFirst();
      expect(Number(n?.n)).toBe(0);
    });

    it('rejects an answer to a question hidden by show-if', async () => {
      const res = await post(token, healthy(5, { contact_where: '超市' }), randomUUID(), 'en');
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields.contact_where).toMatch(/does not apply/);
    });

    it('is idempotent on the page-made id: a retried POST gets the same receipt and no second row', async () => {
      const id = randomUUID();
      const first = await post(token, healthy(10), id);
      expect(first.statusCode).toBe(201);
      const again = await post(token, healthy(10), id);
      expect(again.statusCode).toBe(200);
      expect(again.json().receipt).toEqual(first.json().receipt);
      expect(first.json().receipt.reference).toMatch(/^F\d+-\d{8}-\d{7}$/);
      const rows = await t.db.selectFrom('form_submissions').select('seq').where('id', '=', id).execute();
      expect(rows).toHaveLength(1);
    });

    it('daily check-in: a second answer the same day replaces the first', async () => {
      const first = await post(token, healthy(20, { status: 'home' }));
      const second = await post(token, healthy(20, { status: 'away' }));
      expect(second.statusCode).toBe(201);
      expect(second.json().receipt.replaced).toBe(true);
      const stats = await t.app.inject({ method: 'GET', url: `/api/forms/${daily}/stats?area=${s.east.id}`, headers: json(s.cookies.eastLeader) });
      const grid = stats.json().rows.find((r: { areaId: number }) => r.areaId === s.eastGrid1.id);
      // Person 10 and person 20 (once): two check-ins today.
      expect(grid.submissions).toBe(2);
      expect(grid.options.status).toEqual({ away: 1 });
      expect(first.json().receipt.reference).not.toBe(second.json().receipt.reference);
    });

    it('survey: one answer per person; continuous: every report stands', async () => {
      const survey = await makeForm(s.cookies.eastLeader, s.east.id, 'survey');
      await publish(s.cookies.eastLeader, survey);
      const st = await linkFor(s.cookies.eastLeader, survey, s.east.id);
      expect((await post(st, healthy(30))).statusCode).toBe(201);
      const dup = await post(st, healthy(30), randomUUID(), 'en');
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('ALREADY_SUBMITTED');
      expect(dup.json().error.message).toMatch(/reference F\d+-/);

      const cont = await makeForm(s.cookies.eastLeader, s.east.id, 'continuous');
      await publish(s.cookies.eastLeader, cont);
      const ct = await linkFor(s.cookies.eastLeader, cont, s.east.id);
      expect((await post(ct, healthy(31))).statusCode).toBe(201);
      expect((await post(ct, healthy(31))).statusCode).toBe(201);
      const stats = await t.app.inject({ method: 'GET', url: `/api/forms/${cont}/stats`, headers: json(s.cookies.eastLeader) });
      expect(stats.json().total.submissions).toBe(2);
    });

    it('refuses answers to a closed form and takes them again after republishing', async () => {
      const id = await makeForm(s.cookies.eastLeader, s.east.id, 'continuous');
      await publish(s.cookies.eastLeader, id);
      const tk = await linkFor(s.cookies.eastLeader, id, s.east.id);
      await t.app.inject({ method: 'POST', url: `/api/forms/${id}/close`, headers: json(s.cookies.eastLeader) });
      const res = await post(tk, healthy(40));
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('FORM_CLOSED');
      expect((await t.app.inject({ method: 'GET', url: `/api/public/forms/${tk}` })).json()).toMatchObject({ open: false, closedReason: '此表单已停止填报' });
      await publish(s.cookies.eastLeader, id);
      expect((await post(tk, healthy(40))).statusCode).toBe(201);
    });
  });

  describe('attribution and statistics', () => {
    it('attributes each answer to its QR code’s area (or the building chosen below it) and matches a brute-force recount', async () => {
      const id = await makeForm(s.cookies.chief, s.street.id, 'daily');
      await publish(s.cookies.chief, id);
      const def: FormDefinition = { ...HEALTH, fields: [...HEALTH.fields, { name: 'home', type: 'address', label: '住址' }] };
      await t.app.inject({ method: 'PATCH', url: `/api/forms/${id}`, headers: json(s.cookies.chief), payload: { definition: def } });
      await publish(s.cookies.chief, id);
      const tokens = {
        street: await linkFor(s.cookies.chief, id, s.street.id),
        east: await linkFor(s.cookies.chief, id, s.east.id),
        eastGrid1: await linkFor(s.cookies.chief, id, s.eastGrid1.id),
        eastGrid2: await linkFor(s.cookies.chief, id, s.eastGrid2.id),
        westGrid1: await linkFor(s.cookies.chief, id, s.westGrid1.id),
        building: await linkFor(s.cookies.chief, id, s.building.id),
      };
      const plan: [keyof typeof tokens, number][] = [
        ['eastGrid1', 7],
        ['eastGrid2', 3],
        ['westGrid1', 5],
        ['building', 4],
        ['east', 2],
        ['street', 1],
      ];
      let i = 100;
      for (const [where, count] of plan) {
        for (let k = 0; k < count; k++) {
          i++;
          const answers = healthy(i, { status: i % 3 === 0 ? 'away' : 'home', symptoms: i % 4 === 0 ? ['fever', 'cough'] : ['none'], temperature: i % 5 === 0 ? 38.1 : 36.6 });
          const res = await post(tokens[where], answers);
          expect(res.statusCode, res.body).toBe(201);
        }
      }
      // Through the community's code, the resident picks the building: counted there, not at the community.
      const picked = await post(tokens.east, healthy(200, { home: { areaId: s.building.id, room: '301' } }));
      expect(picked.statusCode, picked.body).toBe(201);
      // A building outside the code's area is refused.
      const outside = await post(tokens.eastGrid2, healthy(201, { home: { areaId: s.building.id } }));
      expect(outside.statusCode).toBe(422);
      // Replace one and delete one: the tallies must follow.
      const replaced = await post(tokens.eastGrid1, healthy(101, { status: 'away' }));
      expect(replaced.json().receipt.replaced).toBe(true);
      const victim = await t.db.selectFrom('form_submissions').select('id').where('form_id', '=', id).where('area_id', '=', s.westGrid1.id).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
      // Count what exists so far, then delete: the deletion must come out of the counted tallies.
      await tallyPending(t.db);
      const del = await t.app.inject({ method: 'DELETE', url: `/api/forms/${id}/submissions/${victim.id}`, headers: { ...json(s.cookies.chief), 'content-type': 'application/json' }, payload: { reason: '重复录入' } });
      expect(del.statusCode, del.body).toBe(204);

      const res = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/stats?area=${s.street.id}`, headers: json(s.cookies.chief) });
      expect(res.statusCode, res.body).toBe(200);
      const stats = res.json();

      const live = await t.db.selectFrom('form_submissions').select(['area_path', 'answers', 'flagged']).where('form_id', '=', id).where('deleted_at', 'is', null).where('replaced_at', 'is', null).execute();
      const recount = (prefix: string) => {
        const rows = live.filter((r) => r.area_path.startsWith(prefix));
        const options: Record<string, Record<string, number>> = {};
        for (const r of rows) {
          const a = JSON.parse(r.answers);
          for (const f of ['status', 'contact', 'symptoms']) {
            for (const v of [a[f]].flat().filter((x) => x !== undefined)) {
              options[f] ??= {};
              options[f][v] = (options[f][v] ?? 0) + 1;
            }
          }
        }
        return { submissions: rows.length, alerts: rows.filter((r) => r.flagged === 1).length, options };
      };
      for (const area of [s.east, s.west]) {
        const row = stats.rows.find((r: { areaId: number }) => r.areaId === area.id);
        expect({ submissions: row.submissions, alerts: row.alerts, options: row.options }).toEqual(recount(area.path));
      }
      expect({ submissions: stats.total.submissions, alerts: stats.total.alerts, options: stats.total.options }).toEqual(recount(s.street.path));
      const direct = stats.rows.find((r: { areaName: string }) => r.areaName.endsWith('（本级）'));
      expect(direct.submissions).toBe(1);
      expect(stats.total.submissions).toBe(7 + 3 + 4 + 4 + 2 + 1 + 1);
      expect(stats.trend.at(-1).submissions).toBe(stats.total.submissions);

      // Drill down: the east community's table has a row per grid; the building's answers sit under grid 1.
      const east = (await t.app.inject({ method: 'GET', url: `/api/forms/${id}/stats?area=${s.east.id}`, headers: json(s.cookies.chief) })).json();
      const g1 = east.rows.find((r: { areaId: number }) => r.areaId === s.eastGrid1.id);
      expect(g1.submissions).toEqual(recount(s.eastGrid1.path).submissions);
      expect(g1.submissions).toBe(7 + 4 + 1);
      const b = (await t.app.inject({ method: 'GET', url: `/api/forms/${id}/stats?area=${s.eastGrid1.id}`, headers: json(s.cookies.chief) })).json();
      expect(b.rows.find((r: { areaId: number }) => r.areaId === s.building.id).submissions).toBe(5);
    });

    it('counts expected reporters from the registry and lists who has not reported today', async () => {
      const hh = await t.app.inject({ method: 'POST', url: '/api/households', headers: json(s.cookies.eastLeader), payload: { areaId: s.building.id, room: '502' } });
      expect(hh.statusCode, hh.body).toBe(201);
      const people: { id: number; phone: string }[] = [];
      for (let k = 0; k < 3; k++) {
        const phone = phoneOf(500 + k);
        const res = await t.app.inject({ method: 'POST', url: '/api/residents', headers: json(s.cookies.eastLeader), payload: { householdId: hh.json().id, name: `住户${k}`, idNumber: idNumber(700 + k), phone } });
        expect(res.statusCode, res.body).toBe(201);
        people.push({ id: res.json().id, phone });
      }
      forgetExpectedCounts(t.db);
      const id = await makeForm(s.cookies.eastLeader, s.east.id, 'daily');
      await publish(s.cookies.eastLeader, id);
      const tk = await linkFor(s.cookies.eastLeader, id, s.building.id);
      // Resident 0 reports by phone; resident 1 reports with a different phone but gives the ID number… which this form does not ask, so only the phone matches.
      expect((await post(tk, { reporter_name: '住户0', reporter_phone: people[0].phone, temperature: 36.5, contact: 'no' })).statusCode).toBe(201);

      const res = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/not-reported?area=${s.eastGrid1.id}`, headers: json(s.cookies.eastWorker) });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.day).toBe(dayIn('Asia/Shanghai', new Date()));
      expect(body.expected).toBe(3);
      expect(body.reported).toBe(1);
      expect(body.items.map((p: { name: string }) => p.name).sort()).toEqual(['住户1', '住户2']);
      expect(body.items[0].phone).toMatch(/^139\*{4}\d{4}$/);
      expect(body.items[0].gridName).toBe('东一网格');

      const stats = (await t.app.inject({ method: 'GET', url: `/api/forms/${id}/stats?area=${s.eastGrid1.id}`, headers: json(s.cookies.eastWorker) })).json();
      const building = stats.rows.find((r: { areaId: number }) => r.areaId === s.building.id);
      expect(building).toMatchObject({ submissions: 1, expected: 3 });
      expect(building.coverage).toBeCloseTo(1 / 3, 3);

      // A grid worker of the east cannot see the west's list, nor another community's stats.
      expect((await t.app.inject({ method: 'GET', url: `/api/forms/${id}/not-reported?area=${s.westGrid1.id}`, headers: json(s.cookies.eastWorker) })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/forms/${id}/stats?area=${s.west.id}`, headers: json(s.cookies.eastWorker) })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/forms/${id}/stats?area=${s.west.id}`, headers: json(s.cookies.westLeader) })).statusCode).toBe(404);
    });
  });

  describe('alerts', () => {
    it('flags matching answers, shows them to the grid worker at once, and follows them up', async () => {
      const id = await makeForm(s.cookies.eastLeader, s.east.id, 'continuous');
      await publish(s.cookies.eastLeader, id);
      const tk = await linkFor(s.cookies.eastLeader, id, s.eastGrid1.id);
      const hot = await post(tk, healthy(900, { temperature: 38.2 }));
      const contact = await post(tk, healthy(901, { contact: 'yes', contact_where: '菜市场', trip: [{ place: '风险镇东街', date: '2026-11-20' }] }));
      const fine = await post(tk, healthy(902, { temperature: 37.2 }));
      for (const r of [hot, contact, fine]) expect(r.statusCode, r.body).toBe(201);

      const list = await t.app.inject({ method: 'GET', url: `/api/form-alerts?form=${id}`, headers: json(s.cookies.eastWorker) });
      expect(list.statusCode).toBe(200);
      const alerts = list.json().items;
      expect(alerts.map((a: { rule: string }) => a.rule).sort()).toEqual(['体温异常', '接触史', '途经风险地区']);
      expect(alerts.find((a: { rule: string }) => a.rule === '体温异常').detail).toBe('今日体温：38.2');
      expect(alerts.find((a: { rule: string }) => a.rule === '途经风险地区').detail).toContain('风险镇东街');
      expect(alerts[0].reporterPhone).toMatch(/^\*{7}\d{4}$/);

      // The west leader sees none of them.
      const west = await t.app.inject({ method: 'GET', url: `/api/form-alerts?form=${id}`, headers: json(s.cookies.westLeader) });
      expect(west.json().total).toBe(0);

      const alert = alerts[0];
      const follow = await t.app.inject({ method: 'POST', url: `/api/form-alerts/${alert.id}/actions`, headers: json(s.cookies.eastWorker), payload: { action: 'follow_up', note: '已电话联系，上门复测', assigneeId: s.users.eastWorker } });
      expect(follow.statusCode, follow.body).toBe(200);
      expect(follow.json()).toMatchObject({ status: 'following', assigneeName: '东网格员' });
      const noNote = await t.app.inject({ method: 'POST', url: `/api/form-alerts/${alerts[1].id}/actions`, headers: json(s.cookies.eastWorker), payload: { action: 'close' } });
      expect(noNote.statusCode).toBe(400);
      const close = await t.app.inject({ method: 'POST', url: `/api/form-alerts/${alert.id}/actions`, headers: json(s.cookies.eastWorker), payload: { action: 'close', note: '复测正常' } });
      expect(close.json().status).toBe('closed');
      const again = await t.app.inject({ method: 'POST', url: `/api/form-alerts/${alert.id}/actions`, headers: json(s.cookies.eastWorker), payload: { action: 'close', note: 'x' } });
      expect(again.statusCode).toBe(409);
      // Observers read but do not act.
      const obs = await t.app.inject({ method: 'POST', url: `/api/form-alerts/${alerts[1].id}/actions`, headers: json(s.cookies.observer), payload: { action: 'follow_up' } });
      expect(obs.statusCode).toBe(403);
    });
  });

  describe('personal data', () => {
    it('masks phones in lists and exports, and reveals one submission with a reason, audited', async () => {
      const id = await makeForm(s.cookies.eastLeader, s.east.id, 'continuous', { ...HEALTH, askIdNumber: true, fields: [...HEALTH.fields, { name: 'emergency_phone', type: 'phone', label: '紧急联系人电话' }] });
      await publish(s.cookies.eastLeader, id);
      const tk = await linkFor(s.cookies.eastLeader, id, s.eastGrid1.id);
      const sid = randomUUID();
      expect((await post(tk, healthy(950, { reporter_id_number: idNumber(950), emergency_phone: '13700001111' }), sid)).statusCode).toBe(201);
      const stored = await t.db.selectFrom('form_submissions').select(['answers', 'reporter_phone_enc']).where('id', '=', sid).executeTakeFirstOrThrow();
      expect(stored.answers).not.toContain('13700001111');
      expect(stored.reporter_phone_enc).not.toContain(phoneOf(950));

      const list = (await t.app.inject({ method: 'GET', url: `/api/forms/${id}/submissions`, headers: json(s.cookies.eastLeader) })).json();
      expect(list.items[0].reporterPhone).toBe(`*******${phoneOf(950).slice(-4)}`);
      expect(list.items[0].answers.emergency_phone).toBe('137****1111');
      expect(list.items[0].reporterIdNumber).toMatch(/^3701\*+\d{3}[\dX]$/);

      const noReason = await t.app.inject({ method: 'POST', url: `/api/forms/${id}/submissions/${sid}/reveal`, headers: json(s.cookies.eastLeader), payload: { reason: '' } });
      expect(noReason.statusCode).toBe(400);
      const shown = await t.app.inject({ method: 'POST', url: `/api/forms/${id}/submissions/${sid}/reveal`, headers: json(s.cookies.eastLeader), payload: { reason: '回访核实' } });
      expect(shown.json()).toMatchObject({ reporterPhone: phoneOf(950), answers: { emergency_phone: '13700001111' } });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', sid).where('action', '=', 'form_submission.reveal').executeTakeFirst();
      expect(audit?.after).toContain('回访核实');
      expect((await t.app.inject({ method: 'POST', url: `/api/forms/${id}/submissions/${sid}/reveal`, headers: json(s.cookies.observer), payload: { reason: '看看' } })).statusCode).toBe(403);

      const csv = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/submissions/export?format=csv`, headers: json(s.cookies.eastLeader) });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('今日体温');
      expect(csv.body).not.toContain(phoneOf(950));
      expect(csv.body).toContain('137****1111');
      const full = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/submissions/export?format=csv&reveal=1&reason=${encodeURIComponent('上报疾控')}`, headers: json(s.cookies.eastLeader) });
      expect(full.body).toContain(phoneOf(950));
      const xlsx = await t.app.inject({ method: 'GET', url: `/api/forms/${id}/submissions/export?format=xlsx`, headers: json(s.cookies.eastLeader) });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      // Exports are scoped: the west leader cannot export the east's form.
      expect((await t.app.inject({ method: 'GET', url: `/api/forms/${id}/submissions/export?format=csv`, headers: json(s.cookies.westLeader) })).statusCode).toBe(404);
      // A grid worker has no export right.
      expect((await t.app.inject({ method: 'GET', url: `/api/forms/${id}/submissions/export?format=csv`, headers: json(s.cookies.eastWorker) })).statusCode).toBe(403);
    });
  });
});
