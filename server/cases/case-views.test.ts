import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AreaRow, CaseRow } from '../db/types.js';
import { dayIn } from '../forms/public-forms.service.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { startOfDayIn } from './case-views.service.js';
import { ensureDefaultCategories } from './default-categories.js';

const HOUR = 3_600_000;

describeEachDialect('case views', (t: TestDb) => {
  let categories: Record<string, number>;
  const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    await ensureDefaultCategories(t.db);
    const rows = await t.db.selectFrom('case_categories').select(['id', 'code']).execute();
    categories = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  });

  /** A case raised through the API by the scenario's chief advisor, then put into the state a test needs. */
  async function caseIn(s: Scenario, area: AreaRow, patch: Partial<CaseRow> = {}, extra: Record<string, unknown> = {}): Promise<number> {
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: s.cookies.chief }, payload: { categoryId: categories.sanitation, areaId: area.id, title: '楼道堆放杂物', ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    const id: number = res.json().id;
    if (Object.keys(patch).length) await t.db.updateTable('cases').set(patch).where('id', '=', id).execute();
    return id;
  }

  async function workbook(body: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as any);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  describe('summary', () => {
    let s: Scenario;
    beforeAll(async () => {
      s = await buildScenario(t);
      const past = new Date(Date.now() - HOUR).toISOString();
      await caseIn(s, s.eastGrid1);
      await caseIn(s, s.eastGrid1, { status: 'closed', closed_at: past, due_at: null, next_escalation_at: null });
      await caseIn(s, s.eastGrid1, { due_at: past, escalation_level: 1, responsible_role: 'grid_leader' });
      await caseIn(s, s.building, { status: 'in_progress', assignee_user_id: s.users.eastWorker });
      await caseIn(s, s.eastGrid2, { status: 'resolved', due_at: null, resolved_by: s.users.eastWorker });
      await caseIn(s, s.east);
      await caseIn(s, s.westGrid1);
      await caseIn(s, s.westGrid1, { status: 'rejected', due_at: null });
    });

    it('is answered at /api/cases/summary, not taken for a case id', async () => {
      const res = await get(s.cookies.chief, '/api/cases/summary');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().rows).toBeDefined();
      for (const path of ['stats', 'map', 'export', 'stats/export']) expect((await get(s.cookies.chief, `/api/cases/${path}`)).statusCode, path).toBe(200);
    });

    it('counts per status, overdue and escalated for each child area, with the area’s own cases in a row of their own', async () => {
      const body = (await get(s.cookies.chief, `/api/cases/summary?area=${s.east.id}`)).json();
      expect(body.area).toEqual({ id: s.east.id, name: '东社区' });
      const row = (name: string) => body.rows.find((r: { areaName: string }) => r.areaName === name);
      expect(body.rows.map((r: { areaName: string }) => r.areaName)).toEqual(['东一网格', '东二网格', '东社区（本级）']);
      expect(row('东一网格')).toMatchObject({ areaId: s.eastGrid1.id, counts: { reported: 2, closed: 1, in_progress: 1, resolved: 0 }, overdue: 1, escalated: 1 });
      expect(row('东二网格')).toMatchObject({ counts: { resolved: 1, reported: 0 }, overdue: 0, escalated: 0 });
      expect(row('东社区（本级）')).toMatchObject({ areaId: s.east.id, counts: { reported: 1 } });
      expect(body.total).toMatchObject({ counts: { reported: 3, closed: 1, in_progress: 1, resolved: 1, rejected: 0 }, overdue: 1, escalated: 1 });
    });

    it('starts at the caller’s own area: the street’s communities for the chief, the grid for its grid worker', async () => {
      const chief = (await get(s.cookies.chief, '/api/cases/summary')).json();
      expect(chief.area.id).toBe(s.street.id);
      expect(chief.rows.map((r: { areaId: number }) => r.areaId)).toEqual([s.east.id, s.west.id]);
      expect(chief.rows[1].counts).toMatchObject({ reported: 1, rejected: 1 });
      expect(chief.total.counts).toMatchObject({ reported: 4, rejected: 1, closed: 1 });

      const worker = (await get(s.cookies.eastWorker, '/api/cases/summary')).json();
      expect(worker.area).toEqual({ id: s.eastGrid1.id, name: '东一网格' });
      expect(worker.rows.map((r: { areaName: string }) => r.areaName)).toEqual(['1号楼', '东一网格（本级）']);
      expect(worker.total.counts).toMatchObject({ reported: 2, closed: 1, in_progress: 1, resolved: 0 });
      // Another grid, or the community above, is not theirs to count.
      expect((await get(s.cookies.eastWorker, `/api/cases/summary?area=${s.eastGrid2.id}`)).statusCode).toBe(404);
      expect((await get(s.cookies.eastWorker, `/api/cases/summary?area=${s.east.id}`)).statusCode).toBe(404);
      expect((await get(s.cookies.westLeader, `/api/cases/summary?area=${s.eastGrid1.id}`)).statusCode).toBe(404);
      expect((await get(s.cookies.nobody, '/api/cases/summary')).statusCode).toBe(403);
    });

    it('counts my work the way the my-work list does', async () => {
      const worker = (await get(s.cookies.eastWorker, '/api/cases/summary')).json();
      const list = (await get(s.cookies.eastWorker, '/api/cases?mine=1&pageSize=200')).json();
      expect(worker.mine.toDo).toBe(list.total);
      expect(worker.mine.toDo).toBeGreaterThanOrEqual(1);
      // The leader verifies what the grid worker resolved in east grid 2.
      const leader = (await get(s.cookies.eastLeader, '/api/cases/summary')).json();
      expect(leader.mine.toVerify).toBe(1);
      expect(leader.mine.overdue).toBe((await get(s.cookies.eastLeader, '/api/cases?mine=1&overdue=1')).json().total);
      const soon = await caseIn(s, s.eastGrid2, { status: 'assigned', assignee_user_id: s.users.eastLeader, due_at: new Date(Date.now() + HOUR).toISOString() });
      const after = (await get(s.cookies.eastLeader, '/api/cases/summary')).json();
      expect(after.mine.dueSoon).toBe(leader.mine.dueSoon + 1);
      expect(after.mine.toDo).toBe(leader.mine.toDo + 1);
      await t.db.updateTable('cases').set({ status: 'closed', due_at: null }).where('id', '=', soon).execute();
    });
  });

  describe('statistics', () => {
    let s: Scenario;
    beforeAll(async () => {
      s = await buildScenario(t);
      const closed = (created: string, closedAt: string, rating: number | null, overdueOnce = 0): Partial<CaseRow> => ({ status: 'closed', created_at: created, closed_at: closedAt, rating, overdue_once: overdueOnce, due_at: null });
      // East grid 1: three opened in March (two overdue at some point), three closed in March (24 h, 12 h, 240 h), rated 5 and 3.
      await caseIn(s, s.eastGrid1, closed('2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z', 5));
      await caseIn(s, s.eastGrid1, closed('2026-03-15T00:00:00.000Z', '2026-03-15T12:00:00.000Z', 3, 1));
      await caseIn(s, s.eastGrid1, { created_at: '2026-03-20T00:00:00.000Z', overdue_once: 1 });
      await caseIn(s, s.eastGrid1, closed('2026-02-20T00:00:00.000Z', '2026-03-02T00:00:00.000Z', null));
      // East grid 2: 00:30 on 1 March in Shanghai is still February in UTC; 00:30 on 1 April is outside.
      await caseIn(s, s.eastGrid2, { created_at: '2026-02-28T16:30:00.000Z' });
      await caseIn(s, s.eastGrid2, { created_at: '2026-03-31T16:30:00.000Z' });
      // Closed after the range, and rejected: neither counts as closed.
      await caseIn(s, s.eastGrid2, closed('2026-03-30T00:00:00.000Z', '2026-04-02T00:00:00.000Z', 1));
      await caseIn(s, s.eastGrid2, { status: 'rejected', created_at: '2026-01-05T00:00:00.000Z', due_at: null });
    });

    it('counts opened, closed, mean hours to close, overdue rate and satisfaction per child area over days in the local time zone', async () => {
      const res = await get(s.cookies.eastLeader, `/api/cases/stats?area=${s.east.id}&from=2026-03-01&to=2026-03-31`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });
      expect(body.rows.map((r: { areaName: string }) => r.areaName)).toEqual(['东一网格', '东二网格']);
      expect(body.rows[0]).toEqual({ areaId: s.eastGrid1.id, areaName: '东一网格', opened: 3, closed: 3, avgHoursToClose: 92, overdueRate: 0.6667, satisfaction: 4, ratings: 2 });
      expect(body.rows[1]).toEqual({ areaId: s.eastGrid2.id, areaName: '东二网格', opened: 2, closed: 0, avgHoursToClose: null, overdueRate: 0, satisfaction: null, ratings: 0 });
      expect(body.total).toEqual({ areaId: s.east.id, areaName: '东社区（合计）', opened: 5, closed: 3, avgHoursToClose: 92, overdueRate: 0.4, satisfaction: 4, ratings: 2 });
    });

    it('defaults to the last 30 days and refuses a range that is backwards, too long or not a date', async () => {
      const body = (await get(s.cookies.eastLeader, '/api/cases/stats')).json();
      const today = dayIn(t.config.timeZone, new Date());
      expect(body.to).toBe(today);
      expect(Date.parse(body.to) - Date.parse(body.from)).toBe(29 * 24 * HOUR);
      const back = await get(s.cookies.eastLeader, '/api/cases/stats?from=2026-03-10&to=2026-03-01');
      expect(back.statusCode).toBe(400);
      expect(back.json().error.fields.to).toBeDefined();
      expect((await get(s.cookies.eastLeader, '/api/cases/stats?from=2024-01-01&to=2026-03-01')).json().error.fields.from).toBeDefined();
      expect((await get(s.cookies.eastLeader, '/api/cases/stats?from=2026-02-30')).statusCode).toBe(400);
      expect((await get(s.cookies.eastLeader, '/api/cases/stats?from=March')).statusCode).toBe(400);
      expect((await get(s.cookies.westLeader, `/api/cases/stats?area=${s.east.id}`)).statusCode).toBe(404);
    });

    it('finds where a local day starts', () => {
      expect(startOfDayIn('Asia/Shanghai', '2026-03-01').toISOString()).toBe('2026-02-28T16:00:00.000Z');
      // Across a daylight-saving change (Berlin goes to summer time on 29 March 2026).
      expect(startOfDayIn('Europe/Berlin', '2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
      expect(startOfDayIn('Europe/Berlin', '2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    });

    it('exports the table as a workbook with Chinese headers, and records the export', async () => {
      const res = await get(s.cookies.eastLeader, `/api/cases/stats/export?area=${s.east.id}&from=2026-03-01&to=2026-03-31`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = await workbook(res.rawPayload);
      expect(rows[1]).toEqual(['区域', '新增工单', '办结工单', '平均办结时长（小时）', '超期率', '满意度（1–5）', '评价数']);
      expect(rows[2]).toEqual(['东一网格', 3, 3, 92, 0.6667, 4, 2]);
      expect(rows[rows.length - 1][0]).toBe('东社区（合计）');
      const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'case.stats_export').execute();
      expect(audit.length).toBeGreaterThan(0);
      expect((await get(s.cookies.westLeader, `/api/cases/stats/export?area=${s.east.id}`)).statusCode).toBe(404);
    });
  });

  describe('map and list export', () => {
    let s: Scenario;
    let located: number;
    beforeAll(async () => {
      s = await buildScenario(t);
      located = await caseIn(s, s.eastGrid1, {}, { location: { lat: 39.9, lng: 116.4 }, reporterName: '李阿姨', reporterPhone: '13912345678' });
      await caseIn(s, s.eastGrid1, { status: 'closed', due_at: null, closed_at: new Date().toISOString(), rating: 4 }, { location: { lat: 39.91, lng: 116.41 } });
      await caseIn(s, s.eastGrid1, { due_at: new Date(Date.now() - HOUR).toISOString() }, { location: { lat: 39.92, lng: 116.42 }, title: '超期的工单' });
      await caseIn(s, s.eastGrid1);
      await caseIn(s, s.westGrid1, {}, { location: { lat: 40, lng: 116 } });
    });

    it('puts located cases on the map, newest first, open ones only when asked', async () => {
      const all = (await get(s.cookies.eastLeader, `/api/cases/map?area=${s.east.id}`)).json();
      expect(all).toHaveLength(3);
      expect(all[0]).toMatchObject({ title: '超期的工单', overdue: true, status: 'reported', lat: 39.92, lng: 116.42 });
      expect(all[2]).toMatchObject({ id: located, overdue: false, lat: 39.9 });
      const open = (await get(s.cookies.eastLeader, `/api/cases/map?area=${s.east.id}&open=1`)).json();
      expect(open.map((p: { status: string }) => p.status)).toEqual(['reported', 'reported']);
      const closed = (await get(s.cookies.eastLeader, `/api/cases/map?area=${s.east.id}&status=closed`)).json();
      expect(closed).toHaveLength(1);
      // The chief sees both communities; the west leader none of the east.
      expect((await get(s.cookies.chief, `/api/cases/map?area=${s.street.id}`)).json()).toHaveLength(4);
      expect((await get(s.cookies.westLeader, `/api/cases/map?area=${s.east.id}`)).statusCode).toBe(404);
      const west = (await get(s.cookies.westLeader, '/api/cases/map')).json();
      expect(west.map((p: { id: number }) => p.id)).not.toContain(located);
    });

    it('exports the filtered list as a workbook, phones masked, and records who exported what', async () => {
      const res = await get(s.cookies.eastLeader, `/api/cases/export?area=${s.east.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="cases-.*\.xlsx"/);
      const rows = await workbook(res.rawPayload);
      expect(rows[0]).toEqual(['编号', '标题', '类别', '区域', '状态', '上报人', '联系电话', '处理人', '办理时限', '是否超期', '上报时间', '办结时间', '评价']);
      expect(rows).toHaveLength(5);
      expect(JSON.stringify(rows)).not.toContain('13912345678');
      const lady = rows.find((r) => r[5] === '李阿姨')!;
      expect(lady.slice(0, 7)).toEqual([expect.stringMatching(/^C\d{14}$/), '楼道堆放杂物', '环境卫生', '东一网格', '待受理', '李阿姨', '*******5678']);
      expect(rows.find((r) => r[1] === '超期的工单')![9]).toBe('是');
      expect(rows.find((r) => r[4] === '已办结')![12]).toBe(4);
      // Filters apply as in the list.
      const closed = await workbook((await get(s.cookies.eastLeader, `/api/cases/export?area=${s.east.id}&status=closed`)).rawPayload);
      expect(closed).toHaveLength(2);
      const audit = await t.db.selectFrom('audit_log').select(['action', 'user_id']).where('action', '=', 'case.export').where('user_id', '=', s.users.eastLeader).execute();
      expect(audit).toHaveLength(2);
    });

    it('keeps exports within the caller’s areas', async () => {
      expect((await get(s.cookies.westLeader, `/api/cases/export?area=${s.east.id}`)).statusCode).toBe(404);
      expect((await get(s.cookies.eastWorker, `/api/cases/export?area=${s.west.id}`)).statusCode).toBe(404);
      expect((await get(s.cookies.nobody, '/api/cases/export')).statusCode).toBe(403);
      const west = await workbook((await get(s.cookies.westLeader, '/api/cases/export')).rawPayload);
      expect(west.slice(1).every((r) => r[3] === '西一网格')).toBe(true);
    });

    it('pages through a list longer than one batch', async () => {
      const grid = await t.area(s.west, 'grid', '西二网格');
      const now = new Date().toISOString();
      const { id: first } = await t.db.selectFrom('cases').select('id').where('area_path', '=', s.westGrid1.path).executeTakeFirstOrThrow();
      const template = await t.db.selectFrom('cases').selectAll().where('id', '=', first).executeTakeFirstOrThrow();
      const { id: _id, ...rest } = template;
      const values = Array.from({ length: 2300 }, (_, i) => ({ ...rest, area_id: grid.id, area_path: grid.path, reference: `X${grid.id}-${i}`, client_id: null, tracking_token: `tok${grid.id}x${i}`, created_at: now, updated_at: now }));
      for (let i = 0; i < values.length; i += 500) await t.db.insertInto('cases').values(values.slice(i, i + 500)).execute();
      const rows = await workbook((await get(s.cookies.westLeader, `/api/cases/export?area=${grid.id}`)).rawPayload);
      expect(rows).toHaveLength(2301);
      expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(2300);
    });
  });
});
