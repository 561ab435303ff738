import { beforeAll, describe, expect, it } from 'vitest';
import type { AreaRow } from '../db/types.js';
import { nowIso } from '../db/dialect.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { REVIEW_REQUIRED_KEY } from './announcements.service.js';
import { publicAnnouncementsFor } from './public-announcements.service.js';

type Who = keyof Scenario['cookies'];

async function setReview(t: TestDb, required: boolean) {
  const value = JSON.stringify(required);
  const exists = await t.db.selectFrom('settings').select('key').where('key', '=', REVIEW_REQUIRED_KEY).executeTakeFirst();
  if (exists) await t.db.updateTable('settings').set({ value, updated_at: nowIso() }).where('key', '=', REVIEW_REQUIRED_KEY).execute();
  else await t.db.insertInto('settings').values({ key: REVIEW_REQUIRED_KEY, value, updated_at: nowIso() }).execute();
}

describeEachDialect('announcements', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  const call = (sc: Scenario, who: Who | null, method: string, url: string, payload?: object) =>
    t.app.inject({ method: method as any, url, payload, headers: who ? { cookie: sc.cookies[who] } : {} });

  /** Write a notice as `who` and return its id. */
  async function write(sc: Scenario, who: Who, area: AreaRow, extra: Record<string, unknown> = {}): Promise<number> {
    const res = await call(sc, who, 'POST', '/api/announcements', { title: `通知${area.name}`, body: '请大家配合。', areaId: area.id, category: 'prevention', ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  /** Write and publish with review off. */
  async function published(sc: Scenario, who: Who, area: AreaRow, extra: Record<string, unknown> = {}): Promise<number> {
    await setReview(t, false);
    const id = await write(sc, who, area, extra);
    const res = await call(sc, who, 'POST', `/api/announcements/${id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    return id;
  }

  async function household(sc: Scenario, area: AreaRow, room: string, phone?: string): Promise<number> {
    const res = await call(sc, 'admin', 'POST', '/api/households', { areaId: area.id, room, ...(phone ? { phone } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  describe('targeting', () => {
    it("shows a grid's residents the notices of their grid and the areas above it, not siblings' or children's", async () => {
      const sc = await buildScenario(t);
      const at = (area: AreaRow, day: number, pinned = false) => published(sc, 'admin', area, { publishAt: `2026-01-${String(day).padStart(2, '0')}T08:00:00+08:00`, pinned });
      const district = await at(sc.district, 1);
      const street = await at(sc.street, 2);
      const east = await at(sc.east, 3, true);
      const grid = await at(sc.eastGrid1, 4);
      await at(sc.eastGrid2, 5);
      await at(sc.westGrid1, 6);
      await at(sc.west, 7);
      await at(sc.building, 8);
      const res = await call(sc, null, 'GET', `/api/public/areas/${sc.eastGrid1.id}/announcements`);
      expect(res.statusCode, res.body).toBe(200);
      // Pinned first, then newest first.
      expect(res.json().items.map((n: any) => n.id)).toEqual([east, grid, street, district]);
      expect(res.json().items[0]).toMatchObject({ area: { id: sc.east.id, name: '东社区' }, pinned: true, bodyHtml: '<p>请大家配合。</p>\n' });
      expect(res.json().items[0]).not.toHaveProperty('authorName');

      const building = await call(sc, null, 'GET', `/api/public/areas/${sc.building.id}/announcements`);
      expect(building.json().items).toHaveLength(5);
      const community = await call(sc, null, 'GET', `/api/public/areas/${sc.east.id}/announcements`);
      expect(community.json().items.map((n: any) => n.id)).toEqual([east, street, district]);
    });

    it('shows one live notice by its link, and nothing that is not live', async () => {
      const live = await published(s, 'eastLeader', s.east);
      expect((await call(s, null, 'GET', `/api/public/announcements/${live}`)).json()).toMatchObject({ id: live, title: '通知东社区' });
      const draft = await write(s, 'eastLeader', s.east);
      expect((await call(s, null, 'GET', `/api/public/announcements/${draft}`)).statusCode).toBe(404);
      expect((await call(s, null, 'GET', '/api/public/areas/99999999/announcements')).statusCode).toBe(404);
    });
  });

  describe('scheduling and expiry', () => {
    it('keeps a notice out of sight before its publish time and after its expiry', async () => {
      const id = await published(s, 'eastLeader', s.eastGrid2, { publishAt: '2099-03-01T08:00:00+08:00', expiresAt: '2099-03-10T00:00:00Z' });
      const detail = (await call(s, 'eastLeader', 'GET', `/api/announcements/${id}`)).json();
      expect(detail).toMatchObject({ status: 'scheduled', visible: false, publishAt: '2099-03-01T00:00:00.000Z', expiresAt: '2099-03-10T00:00:00.000Z' });
      expect((await call(s, null, 'GET', `/api/public/areas/${s.eastGrid2.id}/announcements`)).json().items.map((n: any) => n.id)).not.toContain(id);
      expect((await call(s, null, 'GET', `/api/public/announcements/${id}`)).statusCode).toBe(404);

      const ids = async (now: string) => (await publicAnnouncementsFor(t.db, s.eastGrid2.id, new Date(now))).items.map((n) => n.id);
      expect(await ids('2099-02-28T23:59:59Z')).not.toContain(id);
      expect(await ids('2099-03-01T00:00:00Z')).toContain(id);
      expect(await ids('2099-03-09T23:59:59Z')).toContain(id);
      expect(await ids('2099-03-10T00:00:00Z')).not.toContain(id);
    });

    it('refuses to publish a notice that has already expired, and an expiry before the publish time', async () => {
      const id = await write(s, 'eastLeader', s.east, { publishAt: '2020-01-01T00:00:00Z', expiresAt: '2020-02-01T00:00:00Z' });
      await setReview(t, false);
      const res = await call(s, 'eastLeader', 'POST', `/api/announcements/${id}/publish`);
      expect(res.statusCode).toBe(400);
      const bad = await call(s, 'eastLeader', 'POST', '/api/announcements', { title: 'x', body: 'y', areaId: s.east.id, category: 'other', publishAt: '2030-01-02T00:00:00Z', expiresAt: '2030-01-01T00:00:00Z' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields).toHaveProperty('expiresAt');
    });

    it('stops showing a withdrawn notice', async () => {
      const id = await published(s, 'eastWorker', s.eastGrid1);
      expect((await call(s, null, 'GET', `/api/public/announcements/${id}`)).statusCode).toBe(200);
      const res = await call(s, 'eastWorker', 'POST', `/api/announcements/${id}/withdraw`);
      expect(res.json().status).toBe('withdrawn');
      expect((await call(s, null, 'GET', `/api/public/announcements/${id}`)).statusCode).toBe(404);
      expect((await call(s, 'eastWorker', 'PATCH', `/api/announcements/${id}`, { title: '复活' })).statusCode).toBe(409);
    });
  });

  describe('review', () => {
    it('sends a draft for review, refuses the author as reviewer and lets a second person approve', async () => {
      await setReview(t, true);
      const id = await write(s, 'eastLeader', s.east);
      const sent = await call(s, 'eastLeader', 'POST', `/api/announcements/${id}/publish`);
      expect(sent.json()).toMatchObject({ status: 'pending_review', visible: false });
      expect((await call(s, null, 'GET', `/api/public/announcements/${id}`)).statusCode).toBe(404);

      const own = await call(s, 'eastLeader', 'POST', `/api/announcements/${id}/review`, { approve: true });
      expect(own.statusCode).toBe(403);
      expect(own.json().error.code).toBe('ANNOUNCEMENT_SELF_REVIEW');
      const zh = await t.app.inject({ method: 'POST', url: `/api/announcements/${id}/review`, payload: { approve: true }, headers: { cookie: s.cookies.eastLeader, 'accept-language': 'zh-CN' } });
      expect(zh.json().error.message).toBe('公告须由另一人审核，不能审核自己撰写的公告');
      // Observers only read; a grid worker does not even see a community's notice before it is live.
      expect((await call(s, 'observer', 'POST', `/api/announcements/${id}/review`, { approve: true })).statusCode).toBe(403);
      expect((await call(s, 'eastWorker', 'POST', `/api/announcements/${id}/review`, { approve: true })).statusCode).toBe(404);
      expect((await call(s, 'westLeader', 'POST', `/api/announcements/${id}/review`, { approve: true })).statusCode).toBe(404);

      const ok = await call(s, 'chief', 'POST', `/api/announcements/${id}/review`, { approve: true, note: '同意' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'published', visible: true, reviewerId: s.users.chief, reviewNote: '同意' });
      expect((await call(s, null, 'GET', `/api/public/announcements/${id}`)).statusCode).toBe(200);
      expect((await call(s, 'chief', 'POST', `/api/announcements/${id}/review`, { approve: true })).statusCode).toBe(409);
    });

    it("lets a grid worker's notice be approved by their leader, or sent back to draft", async () => {
      await setReview(t, true);
      const a = await write(s, 'eastWorker', s.eastGrid1);
      await call(s, 'eastWorker', 'POST', `/api/announcements/${a}/publish`);
      // Grid workers write but do not review, not even a colleague's notice in their own grid.
      expect((await call(s, 'eastWorker', 'POST', `/api/announcements/${a}/review`, { approve: true })).statusCode).toBe(403);
      expect((await call(s, 'eastLeader', 'POST', `/api/announcements/${a}/review`, { approve: true })).json().status).toBe('published');
      const b = await write(s, 'eastWorker', s.eastGrid1, { publishAt: '2099-01-01T00:00:00Z' });
      await call(s, 'eastWorker', 'POST', `/api/announcements/${b}/publish`);
      const back = await call(s, 'eastLeader', 'POST', `/api/announcements/${b}/review`, { approve: false, note: '时间写错了' });
      expect(back.json()).toMatchObject({ status: 'draft', reviewNote: '时间写错了' });
      await call(s, 'eastWorker', 'POST', `/api/announcements/${b}/publish`);
      // Approved with a publish time ahead: scheduled, not yet visible.
      expect((await call(s, 'eastLeader', 'POST', `/api/announcements/${b}/review`, { approve: true })).json()).toMatchObject({ status: 'scheduled', visible: false });
    });

    it('publishes directly where the deployment does not require review', async () => {
      await setReview(t, false);
      const id = await write(s, 'eastWorker', s.eastGrid1);
      const res = await call(s, 'eastWorker', 'POST', `/api/announcements/${id}/publish`);
      expect(res.json()).toMatchObject({ status: 'published', visible: true, reviewerId: null });
      expect((await call(s, 'eastWorker', 'POST', `/api/announcements/${id}/publish`)).statusCode).toBe(409);
    });
  });

  describe('versions', () => {
    it('edits a draft in place but keeps every earlier version once published', async () => {
      const id = await write(s, 'eastWorker', s.eastGrid1, { title: '初稿', body: '第一版' });
      const edited = await call(s, 'eastWorker', 'PATCH', `/api/announcements/${id}`, { title: '草稿改', body: '第一版改' });
      expect(edited.json()).toMatchObject({ version: 1, versions: [] });
      await setReview(t, false);
      await call(s, 'eastWorker', 'POST', `/api/announcements/${id}/publish`);
      await call(s, 'eastWorker', 'PATCH', `/api/announcements/${id}`, { body: '第二版' });
      const third = await call(s, 'eastWorker', 'PATCH', `/api/announcements/${id}`, { title: '更正', body: '第三版' });
      expect(third.statusCode, third.body).toBe(200);
      expect(third.json()).toMatchObject({ version: 3, title: '更正', body: '第三版', status: 'published' });
      expect(third.json().versions.map((v: any) => [v.version, v.title, v.body])).toEqual([
        [2, '草稿改', '第二版'],
        [1, '草稿改', '第一版改'],
      ]);
      // Only pinning changes: no new version.
      expect((await call(s, 'eastWorker', 'PATCH', `/api/announcements/${id}`, { pinned: true })).json().version).toBe(3);
      expect((await call(s, null, 'GET', `/api/public/announcements/${id}`)).json()).toMatchObject({ title: '更正', version: 3, pinned: true });
    });
  });

  describe('reach', () => {
    it('counts households reached per grid and lists whose door to knock on', async () => {
      const sc = await buildScenario(t);
      const h1 = await household(sc, sc.eastGrid1, '101', '13912345678');
      const h2 = await household(sc, sc.building, '201');
      const h3 = await household(sc, sc.eastGrid1, '102', '13700001111');
      await household(sc, sc.eastGrid2, '301');
      await household(sc, sc.eastGrid2, '302');
      const west = await household(sc, sc.westGrid1, '401');
      const id = await published(sc, 'eastLeader', sc.east);

      const visit = await call(sc, 'eastWorker', 'POST', `/api/announcements/${id}/reach`, { householdId: h1, channel: 'door_visit' });
      expect(visit.statusCode, visit.body).toBe(200);
      expect(visit.json()).toMatchObject({ householdId: h1, channel: 'door_visit', alreadyReached: false });
      const again = await call(sc, 'eastWorker', 'POST', `/api/announcements/${id}/reach`, { householdId: h1, channel: 'phone' });
      expect(again.json()).toMatchObject({ channel: 'door_visit', alreadyReached: true });
      // A grid worker reaches only the households of their own grid.
      expect((await call(sc, 'eastWorker', 'POST', `/api/announcements/${id}/reach`, { householdId: west, channel: 'phone' })).statusCode).toBe(404);

      // A resident acknowledges on the notice page: once per household however often they tap.
      const ack = await call(sc, null, 'POST', `/api/public/announcements/${id}/ack`, { householdId: h2 });
      expect(ack.json()).toMatchObject({ recorded: true });
      const twice = await call(sc, null, 'POST', `/api/public/announcements/${id}/ack`, { householdId: h2 });
      expect(twice.json()).toEqual({ recorded: false, at: ack.json().at });
      expect((await call(sc, null, 'POST', `/api/public/announcements/${id}/ack`, { householdId: west })).statusCode).toBe(404);
      expect((await call(sc, null, 'POST', `/api/public/announcements/${id}/ack`, {})).json().recorded).toBe(true);
      const acks = await t.db.selectFrom('announcement_acks').select(['household_id', 'channel']).where('announcement_id', '=', id).execute();
      expect(acks).toHaveLength(3);

      const report = await call(sc, 'eastLeader', 'GET', `/api/announcements/${id}/reach?area=${sc.east.id}`);
      expect(report.statusCode, report.body).toBe(200);
      const body = report.json();
      expect(body.total).toEqual({ households: 5, reached: 2 });
      expect(body.anonymousReads).toBe(1);
      expect(body.grids.map((g: any) => [g.name, g.households, g.reached])).toEqual([
        ['东一网格', 3, 2],
        ['东二网格', 2, 0],
      ]);
      expect(body.grids[0].byChannel).toEqual({ self: 1, door_visit: 1, phone: 0 });
      expect(body.grids[0].notReached).toEqual([{ householdId: h3, address: '东一网格102', phone: '*******1111' }]);
      expect(report.body).not.toContain('13700001111');

      const mine = await call(sc, 'eastWorker', 'GET', `/api/announcements/${id}/reach?area=${sc.eastGrid1.id}`);
      expect(mine.json().grids.map((g: any) => g.areaId)).toEqual([sc.eastGrid1.id]);
      expect((await call(sc, 'eastWorker', 'GET', `/api/announcements/${id}/reach?area=${sc.east.id}`)).statusCode).toBe(404);
    });

    it('refuses reach and acknowledgements for a notice that is not live', async () => {
      const draft = await write(s, 'eastWorker', s.eastGrid1);
      const h = await household(s, s.eastGrid1, `D${Date.now() % 100000}`);
      expect((await call(s, 'eastWorker', 'POST', `/api/announcements/${draft}/reach`, { householdId: h, channel: 'phone' })).statusCode).toBe(409);
      expect((await call(s, null, 'POST', `/api/public/announcements/${draft}/ack`, { householdId: h })).statusCode).toBe(404);
    });
  });

  describe('scope', () => {
    it('lets a grid worker write for their grid only', async () => {
      const other = await call(s, 'eastWorker', 'POST', '/api/announcements', { title: 'x', body: 'y', areaId: s.eastGrid2.id, category: 'other' });
      expect(other.statusCode).toBe(404);
      const west = await call(s, 'eastWorker', 'POST', '/api/announcements', { title: 'x', body: 'y', areaId: s.westGrid1.id, category: 'other' });
      expect(west.statusCode).toBe(404);
      const community = await call(s, 'eastWorker', 'POST', '/api/announcements', { title: 'x', body: 'y', areaId: s.east.id, category: 'other' });
      expect([403, 404]).toContain(community.statusCode);
      const observer = await call(s, 'observer', 'POST', '/api/announcements', { title: 'x', body: 'y', areaId: s.eastGrid1.id, category: 'other' });
      expect(observer.statusCode).toBe(403);
    });

    it("hides another community's drafts, and shows live notices from above to those who spread them", async () => {
      const westDraft = await write(s, 'westLeader', s.west);
      expect((await call(s, 'eastLeader', 'GET', `/api/announcements/${westDraft}`)).statusCode).toBe(404);
      expect((await call(s, 'eastWorker', 'GET', `/api/announcements/${westDraft}`)).statusCode).toBe(404);
      expect((await call(s, 'eastLeader', 'GET', `/api/announcements?area=${s.west.id}`)).statusCode).toBe(404);
      const listed = (await call(s, 'eastLeader', 'GET', '/api/announcements?pageSize=200')).json().items.map((n: any) => n.id);
      expect(listed).not.toContain(westDraft);
      expect((await call(s, 'observer', 'GET', `/api/announcements/${westDraft}`)).statusCode).toBe(200);

      const eastDraft = await write(s, 'eastLeader', s.east);
      expect((await call(s, 'eastWorker', 'GET', `/api/announcements/${eastDraft}`)).statusCode).toBe(404);
      await setReview(t, false);
      await call(s, 'eastLeader', 'POST', `/api/announcements/${eastDraft}/publish`);
      expect((await call(s, 'eastWorker', 'GET', `/api/announcements/${eastDraft}`)).statusCode).toBe(200);
      const mine = (await call(s, 'eastWorker', 'GET', `/api/announcements?area=${s.eastGrid1.id}&status=published&pageSize=200`)).json().items.map((n: any) => n.id);
      expect(mine).toContain(eastDraft);
      // Seen from below, but not theirs to change.
      expect((await call(s, 'eastWorker', 'PATCH', `/api/announcements/${eastDraft}`, { title: '改' })).statusCode).toBe(403);
    });
  });

  describe('Markdown and the loudspeaker script', () => {
    it('never lets a hostile body out as markup on the public page', async () => {
      const body = '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1)) ![x](data:image/svg+xml;base64,AAAA) &lt;b&gt;';
      const id = await published(s, 'eastWorker', s.eastGrid1, { body });
      const html: string = (await call(s, null, 'GET', `/api/public/announcements/${id}`)).json().bodyHtml;
      expect(html).not.toMatch(/<script|<img|<[^>]*onerror=|href="javascript|src="data/i);
      expect(html).toContain('&lt;script&gt;');
    });

    it('reads a notice aloud with Markdown stripped and numbers spelled out', async () => {
      const id = await write(s, 'eastWorker', s.eastGrid1, { title: '核酸检测通知', body: '**2026年3月5日** 14:30起，在*3号楼*前检测。\n\n体温超过37.3℃请告知，共12个点位。', category: 'epidemic_update' });
      const res = await call(s, 'eastWorker', 'GET', `/api/announcements/${id}/broadcast.txt`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toBe('核酸检测通知\n\n二〇二六年三月五日 十四点三十分起，在三号楼前检测。\n体温超过三十七点三摄氏度请告知，共十二个点位。\n\n以上是东一网格发布的通知。\n');
    });

    it('marks a rumour refutation with the claim it refutes', async () => {
      const missing = await call(s, 'eastWorker', 'POST', '/api/announcements', { title: '辟谣', body: '不实', areaId: s.eastGrid1.id, category: 'rumour_refuted' });
      expect(missing.statusCode).toBe(400);
      const id = await published(s, 'eastWorker', s.eastGrid1, { category: 'rumour_refuted', refutes: '小区明天封闭', urgency: 'urgent' });
      expect((await call(s, null, 'GET', `/api/public/announcements/${id}`)).json()).toMatchObject({ category: 'rumour_refuted', refutes: '小区明天封闭', urgency: 'urgent' });
      expect((await call(s, 'eastWorker', 'GET', `/api/announcements/${id}/broadcast.txt`)).body).toContain('辟谣：有传言称“小区明天封闭”，这是不实信息。');
    });
  });
});
