import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

describeEachDialect('area tree', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, payload });

  it('shows each user only the roots of their own scope', async () => {
    const east = (await get('/api/areas', s.cookies.eastLeader)).json();
    expect(east.items.map((a: any) => a.name)).toEqual(['东社区']);
    expect(east.items[0].hasChildren).toBe(true);
    const nobody = (await get('/api/areas', s.cookies.nobody)).json();
    expect(nobody.items).toEqual([]);
  });

  it('lists children in sort order, paged, and hides other communities', async () => {
    const page = (await get(`/api/areas?parent=${s.street.id}&pageSize=1`, s.cookies.chief)).json();
    expect(page.total).toBe(2);
    expect(page.items.map((a: any) => a.name)).toEqual(['东社区']);
    const page2 = (await get(`/api/areas?parent=${s.street.id}&pageSize=1&page=2`, s.cookies.chief)).json();
    expect(page2.items.map((a: any) => a.name)).toEqual(['西社区']);
    expect((await get(`/api/areas?parent=${s.west.id}`, s.cookies.eastLeader)).statusCode).toBe(404);
    expect((await get(`/api/areas/${s.westGrid1.id}`, s.cookies.eastLeader)).statusCode).toBe(404);
  });

  it('finds nodes by code and by name within scope only', async () => {
    const byCode = (await get(`/api/areas?code=${s.eastGrid1.code}`, s.cookies.eastLeader)).json();
    expect(byCode.items).toHaveLength(1);
    expect(byCode.items[0]).toMatchObject({ id: s.eastGrid1.id, code: s.eastGrid1.code, name: '东一网格', level: 'grid', parentId: s.east.id });
    const search = (await get(`/api/areas?q=${encodeURIComponent('一网格')}`, s.cookies.eastLeader)).json();
    expect(search.items.map((a: any) => a.name)).toEqual(['东一网格']);
    const wide = (await get(`/api/areas?q=${encodeURIComponent('一网格')}`, s.cookies.chief)).json();
    expect(wide.items.map((a: any) => a.name).sort()).toEqual(['东一网格', '西一网格']);
    expect((await get(`/api/areas?code=${s.westGrid1.code}`, s.cookies.eastLeader)).json().items).toEqual([]);
  });

  it('returns a node with its ancestors for the breadcrumb', async () => {
    const res = (await get(`/api/areas/${s.building.id}`, s.cookies.eastLeader)).json();
    expect(res.ancestors.map((a: any) => a.name)).toEqual([s.district.name, '测试街道', '东社区', '东一网格']);
  });

  it('creates a grid with a generated code and refuses a bad level or duplicate code, field by field', async () => {
    const res = await send('POST', '/api/areas', s.cookies.eastLeader, { parentId: s.east.id, name: '东三网格', level: 'grid' });
    expect(res.statusCode).toBe(201);
    expect(res.json().code).toBe(`${s.east.code}-G01`);
    const wrongLevel = await send('POST', '/api/areas', s.cookies.eastLeader, { parentId: s.eastGrid1.id, name: '错', level: 'community', code: '123456789012' });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().error).toMatchObject({ code: 'AREA_LEVEL_INVALID', fields: { level: expect.stringContaining('cannot be placed under a grid') } });
    const dup = await send('POST', '/api/areas', s.cookies.eastLeader, { parentId: s.east.id, name: '重复', level: 'grid', code: s.eastGrid2.code });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('AREA_CODE_TAKEN');
    const badCode = await send('POST', '/api/areas', s.cookies.chief, { parentId: s.street.id, name: '新社区', level: 'community', code: '12345' });
    expect(badCode.json().error).toMatchObject({ code: 'AREA_CODE_INVALID', fields: { code: expect.stringContaining('12-digit') } });
    const empty = await send('POST', '/api/areas', s.cookies.chief, { parentId: s.street.id, name: '', level: 'community' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.name).toBeTruthy();
  });

  it('lets a grid worker read but not change the tree, and keeps others out of foreign subtrees', async () => {
    expect((await send('PATCH', `/api/areas/${s.eastGrid1.id}`, s.cookies.eastWorker, { name: 'x' })).statusCode).toBe(403);
    expect((await send('POST', '/api/areas', s.cookies.eastLeader, { parentId: s.west.id, name: 'x', level: 'grid' })).statusCode).toBe(404);
    expect((await send('POST', '/api/areas', s.cookies.eastLeader, { parentId: null, name: 'x', level: 'district', code: '999999999999' })).statusCode).toBe(403);
  });

  it('renames and moves a subtree, rewriting paths below it', async () => {
    const grid = await t.area(s.east, 'grid', '待迁网格');
    const b = await t.area(grid, 'building', '9号楼');
    const u = await t.area(b, 'unit', '1单元');
    const renamed = await send('PATCH', `/api/areas/${grid.id}`, s.cookies.chief, { name: '迁移网格' });
    expect(renamed.json().name).toBe('迁移网格');
    const moved = await send('PATCH', `/api/areas/${grid.id}`, s.cookies.chief, { parentId: s.west.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().path).toBe(`${s.west.path}${grid.id}/`);
    const unit = (await get(`/api/areas/${u.id}`, s.cookies.westLeader)).json();
    expect(unit.path).toBe(`${s.west.path}${grid.id}/${b.id}/${u.id}/`);
    expect(unit.depth).toBe(s.west.depth + 3);
    expect((await get(`/api/areas/${u.id}`, s.cookies.eastLeader)).statusCode).toBe(404);
    const underItself = await send('PATCH', `/api/areas/${grid.id}`, s.cookies.chief, { parentId: b.id });
    expect(underItself.json().error.code).toBe('AREA_MOVE_INVALID');
    // east leader cannot move something into the west community
    expect((await send('PATCH', `/api/areas/${s.eastGrid2.id}`, s.cookies.eastLeader, { parentId: s.west.id })).statusCode).toBe(404);
  });

  it('deletes an unused node, refuses one in use and archives it instead', async () => {
    const spare = await t.area(s.east, 'grid', '空网格');
    expect((await send('DELETE', `/api/areas/${spare.id}`, s.cookies.eastLeader)).statusCode).toBe(204);
    const inUse = await send('DELETE', `/api/areas/${s.eastGrid1.id}`, s.cookies.eastLeader);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatchObject({ code: 'AREA_IN_USE', message: expect.stringContaining('archive') });
    const withPeople = await send('PATCH', `/api/areas/${s.eastGrid1.id}`, s.cookies.eastLeader, { archived: true });
    expect(withPeople.json().error.code).toBe('AREA_HAS_ACTIVE_ASSIGNMENTS');
    const g = await t.area(s.east, 'grid', '撤并网格');
    await t.area(g, 'building', '2号楼');
    const archived = await send('PATCH', `/api/areas/${g.id}`, s.cookies.eastLeader, { archived: true });
    expect(archived.json().archived).toBe(true);
    const children = (await get(`/api/areas?parent=${s.east.id}&pageSize=100`, s.cookies.eastLeader)).json();
    expect(children.items.map((a: any) => a.name)).not.toContain('撤并网格');
    const withArchived = (await get(`/api/areas?parent=${s.east.id}&pageSize=100&includeArchived=1`, s.cookies.eastLeader)).json();
    expect(withArchived.items.find((a: any) => a.id === g.id).archived).toBe(true);
    const restored = await send('PATCH', `/api/areas/${g.id}`, s.cookies.eastLeader, { archived: false });
    expect(restored.json().archived).toBe(false);
  });

  it('records every change in the audit log with before and after', async () => {
    const g = await t.area(s.west, 'grid', '审计网格');
    await send('PATCH', `/api/areas/${g.id}`, s.cookies.westLeader, { name: '审计网格改' });
    const log = (await get(`/api/audit?area=${g.id}&action=area.update`, s.cookies.admin)).json();
    expect(log.items[0]).toMatchObject({ action: 'area.update', before: { name: '审计网格' }, after: { name: '审计网格改' }, ip: '127.0.0.1' });
  });
});
