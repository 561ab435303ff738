import { beforeAll, expect, it } from 'vitest';
import { DUTIES } from '../../common/roles.js';
import { describeEachDialect } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

let n = 0;
const fresh = (prefix = 'r') => `${prefix}${++n}${Math.random().toString(36).slice(2, 6)}`;

describeEachDialect('roster and assignments', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PATCH', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, payload });
  const assign = (cookie: string, payload: object) => send('POST', '/api/assignments', cookie, payload);
  const end = (id: number, cookie: string) => send('POST', `/api/assignments/${id}/end`, cookie);

  it('assigns a grid worker with the duties given, and all five duties when none are given', async () => {
    const a = await t.user(fresh(), { name: '甲' });
    const res = await assign(s.cookies.eastLeader, { userId: a, areaId: s.eastGrid2.id, role: 'grid_worker', duties: ['errands', 'publicity'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ userId: a, displayName: '甲', areaId: s.eastGrid2.id, areaName: '东二网格', areaLevel: 'grid', role: 'grid_worker', endedAt: null, active: true });
    expect([...res.json().duties].sort()).toEqual(['errands', 'publicity']);
    expect(Date.parse(res.json().startedAt)).toBeGreaterThan(Date.now() - 60_000);

    const b = await t.user(fresh());
    const all = await assign(s.cookies.eastLeader, { userId: b, areaId: s.eastGrid2.id, role: 'grid_worker' });
    expect(all.statusCode).toBe(201);
    expect([...all.json().duties].sort()).toEqual([...DUTIES].sort());

    // Duties are the grid worker's; a grid leader gets none by default.
    const c = await t.user(fresh());
    expect((await assign(s.cookies.eastLeader, { userId: c, areaId: s.eastGrid2.id, role: 'grid_leader' })).json().duties).toEqual([]);
  });

  it("changes a worker's duties, once each", async () => {
    const u = await t.user(fresh());
    const id = (await assign(s.cookies.eastLeader, { userId: u, areaId: s.eastGrid2.id, role: 'grid_worker' })).json().id;
    const res = await send('PATCH', `/api/assignments/${id}`, s.cookies.eastLeader, { duties: ['screening', 'screening', 'rectification'] });
    expect(res.statusCode).toBe(200);
    expect([...res.json().duties].sort()).toEqual(['rectification', 'screening']);
    const listed = (await get(`/api/assignments?area=${s.eastGrid2.id}&user=${u}`, s.cookies.eastLeader)).json().items;
    expect([...listed[0].duties].sort()).toEqual(['rectification', 'screening']);
    const bad = await send('PATCH', `/api/assignments/${id}`, s.cookies.eastLeader, { duties: ['cooking'] });
    expect(bad.statusCode).toBe(400);
  });

  it('lets a leader grant only roles below their own', async () => {
    for (const role of ['admin', 'chief_advisor', 'chief_grid_leader']) {
      const res = await assign(s.cookies.eastLeader, { userId: await t.user(fresh()), areaId: s.eastGrid1.id, role });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'ROLE_NOT_ALLOWED', fields: { role: expect.any(String) } });
    }
    for (const role of ['grid_advisor', 'grid_leader', 'grid_worker', 'observer']) {
      expect((await assign(s.cookies.eastLeader, { userId: await t.user(fresh()), areaId: s.eastGrid1.id, role })).statusCode, role).toBe(201);
    }
    // The street's chief advisor ranks above a community leader and may appoint one.
    expect((await assign(s.cookies.chief, { userId: await t.user(fresh()), areaId: s.east.id, role: 'chief_grid_leader' })).statusCode).toBe(201);
    expect((await assign(s.cookies.chief, { userId: await t.user(fresh()), areaId: s.east.id, role: 'chief_advisor' })).json().error.code).toBe('ROLE_NOT_ALLOWED');
    // Only an administrator may make an administrator.
    expect((await assign(s.cookies.admin, { userId: await t.user(fresh()), areaId: s.east.id, role: 'admin' })).statusCode).toBe(201);
  });

  it('keeps a leader from ending or changing an assignment at or above their own rank', async () => {
    const peer = await t.assign(await t.user(fresh()), s.east, 'chief_grid_leader');
    expect((await end(peer, s.cookies.eastLeader)).json().error.code).toBe('ROLE_NOT_ALLOWED');
    const mine = (await get(`/api/assignments?user=${s.users.eastLeader}`, s.cookies.eastLeader)).json().items[0];
    expect((await end(mine.id, s.cookies.eastLeader)).statusCode).toBe(403);
    expect((await get(`/api/assignments?user=${s.users.eastLeader}`, s.cookies.eastLeader)).json().items[0].active).toBe(true);
  });

  it('refuses a second active assignment of the same role with 409, and allows it again after the first ends', async () => {
    const u = await t.user(fresh());
    const first = await assign(s.cookies.eastLeader, { userId: u, areaId: s.eastGrid1.id, role: 'grid_worker' });
    expect(first.statusCode).toBe(201);
    const dup = await assign(s.cookies.eastLeader, { userId: u, areaId: s.eastGrid1.id, role: 'grid_worker' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ASSIGNMENT_EXISTS');
    // A different role at the same grid is a different assignment.
    expect((await assign(s.cookies.eastLeader, { userId: u, areaId: s.eastGrid1.id, role: 'grid_leader' })).statusCode).toBe(201);
    expect((await end(first.json().id, s.cookies.eastLeader)).statusCode).toBe(200);
    expect((await assign(s.cookies.eastLeader, { userId: u, areaId: s.eastGrid1.id, role: 'grid_worker' })).statusCode).toBe(201);
  });

  it('ends an assignment but keeps it as history of who held the grid when', async () => {
    const grid = await t.area(s.east, 'grid', '历史网格');
    const first = await t.user(fresh(), { name: '前任' });
    const second = await t.user(fresh(), { name: '现任' });
    const a1 = (await assign(s.cookies.eastLeader, { userId: first, areaId: grid.id, role: 'grid_worker' })).json();
    const ended = await end(a1.id, s.cookies.eastLeader);
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ id: a1.id, active: false, startedAt: a1.startedAt });
    expect(Date.parse(ended.json().endedAt)).toBeGreaterThanOrEqual(Date.parse(a1.startedAt));
    await new Promise((r) => setTimeout(r, 5));
    const a2 = (await assign(s.cookies.eastLeader, { userId: second, areaId: grid.id, role: 'grid_worker' })).json();

    const current = (await get(`/api/assignments?area=${grid.id}`, s.cookies.eastLeader)).json();
    expect(current.items.map((a: any) => a.displayName)).toEqual(['现任']);
    expect(current.total).toBe(1);
    const history = (await get(`/api/assignments?area=${grid.id}&history=1`, s.cookies.eastLeader)).json();
    expect(history.total).toBe(2);
    expect(history.items.map((a: any) => [a.displayName, a.active])).toEqual([
      ['现任', true],
      ['前任', false],
    ]);
    expect(history.items[0]).toMatchObject({ id: a2.id, endedAt: null });
    expect(history.items[1]).toMatchObject({ id: a1.id, startedAt: a1.startedAt, endedAt: ended.json().endedAt });
    // The person's own history shows it too, and the record was not deleted.
    expect((await get(`/api/assignments?user=${first}&history=1`, s.cookies.eastLeader)).json().items.map((a: any) => a.id)).toEqual([a1.id]);
    expect((await get(`/api/assignments?user=${first}`, s.cookies.eastLeader)).json().items).toEqual([]);
  });

  it('refuses to end an assignment twice or to change an ended one (409 ASSIGNMENT_ENDED)', async () => {
    const id = await t.assign(await t.user(fresh()), s.eastGrid2, 'grid_worker');
    const firstEnd = await end(id, s.cookies.eastLeader);
    expect(firstEnd.statusCode).toBe(200);
    const again = await end(id, s.cookies.eastLeader);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ASSIGNMENT_ENDED');
    const change = await send('PATCH', `/api/assignments/${id}`, s.cookies.eastLeader, { duties: ['errands'] });
    expect(change.statusCode).toBe(409);
    expect(change.json().error.code).toBe('ASSIGNMENT_ENDED');
    // The first end time stands.
    const row = (await get(`/api/assignments?user=${(firstEnd.json() as any).userId}&history=1`, s.cookies.eastLeader)).json().items[0];
    expect(row.endedAt).toBe(firstEnd.json().endedAt);
  });

  it('refuses to assign anyone to an archived area', async () => {
    const grid = await t.area(s.east, 'grid', '撤销网格');
    expect((await send('PATCH', `/api/areas/${grid.id}`, s.cookies.eastLeader, { archived: true })).statusCode).toBe(200);
    const res = await assign(s.cookies.eastLeader, { userId: await t.user(fresh()), areaId: grid.id, role: 'grid_worker' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('AREA_ARCHIVED');
    expect((await get(`/api/assignments?area=${grid.id}&history=1`, s.cookies.eastLeader)).json().total).toBe(0);
  });

  it('refuses an unknown or disabled user, field by field', async () => {
    const unknown = await assign(s.cookies.eastLeader, { userId: 9_999_999, areaId: s.eastGrid1.id, role: 'grid_worker' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.userId).toBeTruthy();
    const off = await t.user(fresh());
    await t.db.updateTable('users').set({ disabled: 1 }).where('id', '=', off).execute();
    const disabled = await assign(s.cookies.eastLeader, { userId: off, areaId: s.eastGrid1.id, role: 'grid_worker' });
    expect(disabled.statusCode).toBe(400);
    expect(disabled.json().error.fields.userId).toContain('disabled');
  });

  it('records assignments and their end in the audit log under the area', async () => {
    const id = (await assign(s.cookies.eastLeader, { userId: await t.user(fresh()), areaId: s.eastGrid2.id, role: 'grid_worker' })).json().id;
    await end(id, s.cookies.eastLeader);
    const log = (await get(`/api/audit?area=${s.eastGrid2.id}&user=${s.users.eastLeader}&pageSize=200`, s.cookies.admin)).json().items.filter((e: any) => e.entityId === String(id));
    expect(log.map((e: any) => e.action)).toEqual(['assignment.end', 'assignment.create']);
    expect(log[0]).toMatchObject({ areaId: s.eastGrid2.id, before: { active: true }, after: { active: false } });
  });

  it('lists the grids under an area with their people and flags the ones nobody holds', async () => {
    const community = await t.area(s.street, 'community', '花园社区');
    const g1 = await t.area(community, 'grid', '花园一网格');
    const g2 = await t.area(community, 'grid', '花园二网格');
    const g3 = await t.area(community, 'grid', '花园三网格');
    const building = await t.area(g1, 'building', '花园1号楼');
    const leader = await t.user(fresh(), { name: '花园网格长' });
    const worker = await t.user(fresh(), { name: '花园网格员' });
    const watcher = await t.user(fresh(), { name: '花园观察员' });
    const builder = await t.user(fresh(), { name: '楼长' });
    await t.assign(leader, g1, 'grid_leader');
    const workerAssignment = await t.assign(worker, g1, 'grid_worker', ['publicity']);
    await t.assign(worker, g2, 'grid_worker');
    // An observer is not responsible for a grid, and someone assigned to a building does not staff the grid.
    await t.assign(watcher, g3, 'observer');
    await t.assign(builder, building, 'grid_worker');

    const roster = (await get(`/api/roster?area=${community.id}`, s.cookies.chief)).json();
    expect(roster.total).toBe(3);
    expect(roster.gaps).toBe(1);
    const byName = (items: any[]) => Object.fromEntries(items.map((g: any) => [g.name, g]));
    const grids = byName(roster.items);
    expect(Object.keys(grids).sort()).toEqual(['花园一网格', '花园三网格', '花园二网格'].sort());
    expect([grids['花园一网格'].gap, grids['花园二网格'].gap, grids['花园三网格'].gap]).toEqual([false, false, true]);
    expect(grids['花园一网格']).toMatchObject({ areaId: g1.id, code: g1.code, parentName: '花园社区' });
    expect(grids['花园一网格'].people).toEqual([
      expect.objectContaining({ userId: leader, displayName: '花园网格长', role: 'grid_leader' }),
      expect.objectContaining({ assignmentId: workerAssignment, userId: worker, displayName: '花园网格员', role: 'grid_worker', duties: ['publicity'] }),
    ]);
    expect(grids['花园三网格'].people.map((p: any) => p.role)).toEqual(['observer']);

    const gaps = (await get(`/api/roster?area=${community.id}&gapsOnly=1`, s.cookies.chief)).json();
    expect(gaps.items.map((g: any) => g.name)).toEqual(['花园三网格']);
    expect(gaps).toMatchObject({ total: 1, gaps: 1 });

    // The roster of one grid is that grid alone.
    const single = (await get(`/api/roster?area=${g2.id}`, s.cookies.chief)).json();
    expect(single.items.map((g: any) => g.name)).toEqual(['花园二网格']);

    // Ending the only person on a grid makes it a gap again.
    const g2Assignment = (await get(`/api/assignments?area=${g2.id}`, s.cookies.chief)).json().items[0].id;
    expect((await end(g2Assignment, s.cookies.chief)).statusCode).toBe(200);
    const after = (await get(`/api/roster?area=${community.id}`, s.cookies.chief)).json();
    expect(after.gaps).toBe(2);
    expect(after.items.find((g: any) => g.areaId === g2.id)).toMatchObject({ gap: true, people: [] });
    expect((await get(`/api/roster?area=${community.id}&gapsOnly=1`, s.cookies.chief)).json().items.map((g: any) => g.name).sort()).toEqual(['花园三网格', '花园二网格'].sort());

    // An archived grid is no longer on the roster at all.
    expect((await send('PATCH', `/api/areas/${g3.id}`, s.cookies.chief, { archived: true })).json().error.code).toBe('AREA_HAS_ACTIVE_ASSIGNMENTS');
    const g4 = await t.area(community, 'grid', '花园四网格');
    expect((await get(`/api/roster?area=${community.id}`, s.cookies.chief)).json().gaps).toBe(3);
    expect((await send('PATCH', `/api/areas/${g4.id}`, s.cookies.chief, { archived: true })).statusCode).toBe(200);
    const archived = (await get(`/api/roster?area=${community.id}`, s.cookies.chief)).json();
    expect(archived).toMatchObject({ total: 3, gaps: 2 });
    expect(archived.items.map((g: any) => g.areaId)).not.toContain(g4.id);
  });

  it('pages the roster over grids, counting gaps across all pages', async () => {
    const community = await t.area(s.street, 'community', '分页社区');
    const grids = [];
    for (let i = 1; i <= 5; i++) grids.push(await t.area(community, 'grid', `分页${i}网格`));
    await t.assign(await t.user(fresh()), grids[0], 'grid_worker');
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push((await get(`/api/roster?area=${community.id}&pageSize=2&page=${page}`, s.cookies.chief)).json());
    expect(pages[0]).toMatchObject({ total: 5, gaps: 4, page: 1, pageSize: 2 });
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.gaps)).toEqual([4, 4, 4]);
    const seen = pages.flatMap((p) => p.items.map((g: any) => g.areaId));
    expect([...seen].sort()).toEqual(grids.map((g) => g.id).sort());
  });

  it('shows the roster of the whole district to the chief, and only the own community to a community leader', async () => {
    const street = (await get(`/api/roster?area=${s.street.id}&pageSize=200`, s.cookies.chief)).json();
    const ids = street.items.map((g: any) => g.areaId);
    expect(ids).toEqual(expect.arrayContaining([s.eastGrid1.id, s.eastGrid2.id, s.westGrid1.id]));
    expect(street.items.find((g: any) => g.areaId === s.eastGrid1.id).people.map((p: any) => p.userId)).toContain(s.users.eastWorker);
    expect((await get(`/api/roster?area=${s.street.id}`, s.cookies.eastLeader)).statusCode).toBe(404);
    const east = (await get(`/api/roster?area=${s.east.id}&pageSize=200`, s.cookies.eastLeader)).json();
    expect(east.items.every((g: any) => g.parentName === '东社区')).toBe(true);
    // A grid worker reads the roster of their own grid.
    expect((await get(`/api/roster?area=${s.eastGrid1.id}`, s.cookies.eastWorker)).json().items.map((g: any) => g.areaId)).toEqual([s.eastGrid1.id]);
  });
});
