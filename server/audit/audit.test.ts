import { beforeAll, expect, it } from 'vitest';
import type { AreaRow } from '../db/types.js';
import { describeEachDialect } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The same instant written in Beijing time, as a user in China would type it. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('Z', '+08:00');

describeEachDialect('audit log', (t) => {
  let s: Scenario;
  let areaAdmin: string;
  let areaAdminId: number;
  let eastNote: AreaRow;
  let westNote: AreaRow;

  beforeAll(async () => {
    s = await buildScenario(t);
    areaAdminId = await t.user(`eastadmin${Math.random().toString(36).slice(2, 8)}`);
    const { username } = await t.db.selectFrom('users').select('username').where('id', '=', areaAdminId).executeTakeFirstOrThrow();
    await t.assign(areaAdminId, s.east, 'admin');
    areaAdmin = await t.login(username);
    // Some history on both sides of the street.
    eastNote = await t.area(s.east, 'grid', '东审计网格');
    westNote = await t.area(s.west, 'grid', '西审计网格');
    await patch(`/api/areas/${eastNote.id}`, s.cookies.eastLeader, { name: '东审计网格改' });
    await patch(`/api/areas/${westNote.id}`, s.cookies.westLeader, { name: '西审计网格改' });
    await patch(`/api/areas/${s.east.id}`, s.cookies.eastLeader, { sortOrder: 3 });
  });

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const patch = (url: string, cookie: string, payload: object) => t.app.inject({ method: 'PATCH', url, headers: { cookie }, payload });
  const items = async (query: string, cookie = s.cookies.admin) => {
    const res = await get(`/api/audit?pageSize=200&${query}`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as any[];
  };

  it('is for administrators only', async () => {
    for (const who of ['chief', 'eastLeader', 'westLeader', 'eastWorker', 'observer', 'nobody'] as const) {
      const res = await get('/api/audit', s.cookies[who]);
      expect(res.statusCode, who).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await get('/api/audit', s.cookies.admin)).statusCode).toBe(200);
    expect((await get('/api/audit', areaAdmin)).statusCode).toBe(200);
  });

  it('shows a super admin every entry, newest first, with before and after', async () => {
    const all = await items('');
    const actions = new Set(all.map((e) => e.action));
    for (const a of ['auth.login', 'area.update']) expect(actions).toContain(a);
    const times = all.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    const rename = all.find((e) => e.action === 'area.update' && e.entityId === String(westNote.id));
    expect(rename).toMatchObject({ userId: s.users.westLeader, entityType: 'area', areaId: westNote.id, before: { name: '西审计网格' }, after: { name: '西审计网格改' } });
  });

  it('filters by area, taking in everything below it', async () => {
    const east = await items(`area=${s.east.id}`);
    const ids = east.map((e) => e.areaId);
    expect(ids).toContain(eastNote.id);
    expect(ids).toContain(s.east.id);
    expect(ids).not.toContain(westNote.id);
    const eastPaths = new Set((await t.db.selectFrom('areas').select(['id', 'path']).execute()).filter((a) => a.path.startsWith(s.east.path)).map((a) => a.id));
    expect(east.every((e) => eastPaths.has(e.areaId))).toBe(true);
    // The grid alone does not take in its parent.
    expect((await items(`area=${eastNote.id}`)).map((e) => e.areaId)).toEqual([eastNote.id]);
    expect((await get('/api/audit?area=9999999', s.cookies.admin)).statusCode).toBe(404);
  });

  it('filters by user and by action', async () => {
    const east = await items(`user=${s.users.eastLeader}`);
    expect(east.length).toBeGreaterThan(0);
    expect(east.every((e) => e.userId === s.users.eastLeader)).toBe(true);
    const logins = await items('action=auth.login');
    expect(logins.every((e) => e.action === 'auth.login')).toBe(true);
    expect(logins.map((e) => e.userId)).toEqual(expect.arrayContaining(Object.values(s.users)));
    const both = await items(`user=${s.users.westLeader}&action=area.update`);
    expect(both.map((e) => e.entityId)).toEqual([String(westNote.id)]);
    expect(await items('action=no.such.action')).toEqual([]);
  });

  it('filters by time, from and to, in UTC or with an offset', async () => {
    const grid = await t.area(s.east, 'grid', '计时网格');
    await sleep(5);
    await patch(`/api/areas/${grid.id}`, s.cookies.eastLeader, { name: '第一次' });
    await sleep(5);
    const between = new Date().toISOString();
    await sleep(5);
    await patch(`/api/areas/${grid.id}`, s.cookies.eastLeader, { name: '第二次' });
    const names = async (query: string) => (await items(`area=${grid.id}&${query}`)).map((e) => e.after.name);
    expect(await names('')).toEqual(['第二次', '第一次']);
    expect(await names(`from=${between}`)).toEqual(['第二次']);
    expect(await names(`to=${between}`)).toEqual(['第一次']);
    expect(await names(`from=${encodeURIComponent(beijing(between))}`)).toEqual(['第二次']);
    expect(await names(`to=${encodeURIComponent(beijing(between))}`)).toEqual(['第一次']);
    // A bare date covers that whole day.
    const today = between.slice(0, 10);
    expect(await names(`from=${today}&to=${today}`)).toEqual(['第二次', '第一次']);
    expect(await names('to=2000-01-01')).toEqual([]);
    const bad = await get('/api/audit?from=yesterday', s.cookies.admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.from).toBeTruthy();
  });

  it('pages through the log without gaps or repeats', async () => {
    const all = await items(`user=${s.users.eastLeader}`);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 2); page++) {
      const res = (await get(`/api/audit?user=${s.users.eastLeader}&pageSize=2&page=${page}`, s.cookies.admin)).json();
      expect(res).toMatchObject({ total: all.length, page, pageSize: 2 });
      seen.push(...res.items.map((e: any) => e.id));
    }
    expect(seen).toEqual(all.map((e) => e.id));
    const beyond = (await get(`/api/audit?user=${s.users.eastLeader}&pageSize=2&page=999`, s.cookies.admin)).json();
    expect(beyond).toMatchObject({ items: [], total: all.length });
  });

  it('shows an area admin only the entries for areas in their community', async () => {
    const res = (await get('/api/audit?pageSize=200', areaAdmin)).json();
    const eastIds = new Set((await t.db.selectFrom('areas').select(['id', 'path']).execute()).filter((a) => a.path.startsWith(s.east.path)).map((a) => a.id));
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.total).toBe(res.items.length);
    expect(res.items.every((e: any) => eastIds.has(e.areaId))).toBe(true);
    expect(res.items.map((e: any) => e.areaId)).toContain(eastNote.id);
    // Logins and user changes belong to no area: they stay with the system administrators.
    expect(res.items.some((e: any) => e.action.startsWith('auth.'))).toBe(false);
    // Asking for another community, or narrowing by someone from there, finds nothing.
    expect((await get(`/api/audit?area=${s.west.id}`, areaAdmin)).json().items).toEqual([]);
    expect((await get(`/api/audit?user=${s.users.westLeader}`, areaAdmin)).json().items).toEqual([]);
    // Narrowing inside the community works as for a super admin.
    const grid = (await get(`/api/audit?area=${eastNote.id}`, areaAdmin)).json();
    expect(grid.items.map((e: any) => e.entityId)).toEqual([String(eastNote.id)]);
    // The counts agree with what the super admin sees for the same community.
    expect(res.total).toBe((await get(`/api/audit?area=${s.east.id}&pageSize=1`, s.cookies.admin)).json().total);
  });
});
