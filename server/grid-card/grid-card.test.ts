import QRCode from 'qrcode';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

let n = 0;
const fresh = (prefix = 'c') => `${prefix}${++n}${Math.random().toString(36).slice(2, 6)}`;

const card = (t: TestDb, id: number, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/api/public/grids/${id}/card`, headers });
const qr = (t: TestDb, id: number, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/api/public/grids/${id}/qr.svg`, headers });

/** The dark modules an SVG from the server draws, as "row,col" relative to the quiet zone. */
function svgModules(svg: string, size: number): Set<string> {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  expect(box, 'the SVG has a square viewBox').toBeTruthy();
  const margin = (Number(box![1]) - size) / 2;
  const d = /<path[^>]*stroke="[^"]+"[^>]*\sd="([^"]+)"/.exec(svg);
  expect(d, 'the SVG draws its modules as a stroked path').toBeTruthy();
  const cells = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d![1].matchAll(/([MmHhVv])(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    const p = Number(a);
    if (op === 'M') [x, y] = [p, Number(b)];
    else if (op === 'm') [x, y] = [x + p, y + Number(b ?? 0)];
    else if (op === 'h') {
      for (let i = 0; i < p; i++) cells.add(`${Math.floor(y) - margin},${x + i - margin}`);
      x += p;
    } else throw new Error(`unexpected path command ${op}`);
  }
  return cells;
}

/**
 * Whether the SVG is a QR code of `text`: re-encode the text at each error-correction level and compare
 * module by module. There is no decoder among our dependencies; this is the same test run backwards.
 */
function svgEncodes(svg: string, text: string): boolean {
  return (['L', 'M', 'Q', 'H'] as const).some((level) => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: level });
    const expected = new Set<string>();
    for (let r = 0; r < modules.size; r++) for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) expected.add(`${r},${c}`);
    const drawn = svgModules(svg, modules.size);
    return drawn.size === expected.size && [...expected].every((cell) => drawn.has(cell));
  });
}

describeEachDialect('public grid card', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  it('shows the grid, where it is, and its people without a login', async () => {
    const res = await card(t, s.eastGrid1.id);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.area).toEqual({ id: s.eastGrid1.id, code: s.eastGrid1.code, name: '东一网格', level: 'grid' });
    expect(body.ancestors).toEqual([
      { name: s.district.name, level: 'district' },
      { name: '测试街道', level: 'subdistrict' },
      { name: '东社区', level: 'community' },
    ]);
    expect(body.people).toEqual([{ name: '东网格员', role: 'grid_worker', duties: ['publicity', 'screening'], phone: '138****8002', phoneMasked: true }]);
    expect(res.body).not.toContain('13800138002');
    expect(res.body).not.toContain('eastwork');
  });

  it('lists people by role, highest first, with phones masked unless the person chose to show theirs', async () => {
    const grid = await t.area(s.east, 'grid', '公示网格');
    const worker = await t.user(fresh(), { name: '网格员小王', phone: '13911112222' });
    const leader = await t.user(fresh(), { name: '网格长老李', phone: '13933334444', showPhone: true });
    const advisor = await t.user(fresh(), { name: '指导员' });
    const chief = await t.user(fresh(), { name: '总网格长', phone: '13955556666' });
    await t.assign(worker, grid, 'grid_worker', ['publicity', 'errands']);
    await t.assign(leader, grid, 'grid_leader');
    await t.assign(advisor, grid, 'grid_advisor');
    await t.assign(chief, grid, 'chief_grid_leader');
    const people = (await card(t, grid.id)).json().people;
    expect(people.map((p: any) => [p.role, p.name])).toEqual([
      ['chief_grid_leader', '总网格长'],
      ['grid_advisor', '指导员'],
      ['grid_leader', '网格长老李'],
      ['grid_worker', '网格员小王'],
    ]);
    const byName = Object.fromEntries(people.map((p: any) => [p.name, p]));
    expect(byName['网格长老李']).toMatchObject({ phone: '13933334444', phoneMasked: false });
    expect(byName['网格员小王']).toMatchObject({ phone: '139****2222', phoneMasked: true, duties: ['publicity', 'errands'] });
    expect(byName['总网格长']).toMatchObject({ phone: '139****6666', phoneMasked: true });
    expect(byName['指导员']).toMatchObject({ phone: null, phoneMasked: false });

    // Choosing to show the number takes effect on the card at once.
    const cookie = await t.login((await t.db.selectFrom('users').select('username').where('id', '=', worker).executeTakeFirstOrThrow()).username);
    await t.app.inject({ method: 'PATCH', url: `/api/users/${worker}`, headers: { cookie }, payload: { showPhone: true } });
    const after = (await card(t, grid.id)).json().people.find((p: any) => p.name === '网格员小王');
    expect(after).toMatchObject({ phone: '13911112222', phoneMasked: false });
  });

  it('leaves out ended assignments, disabled people and roles that are not on the roster', async () => {
    const grid = await t.area(s.east, 'grid', '变动网格');
    const gone = await t.user(fresh(), { name: '已调走' });
    const off = await t.user(fresh(), { name: '已停用' });
    const watcher = await t.user(fresh(), { name: '观察员' });
    const stays = await t.user(fresh(), { name: '在岗' });
    const goneAssignment = await t.assign(gone, grid, 'grid_worker');
    await t.assign(off, grid, 'grid_worker');
    await t.assign(watcher, grid, 'observer');
    await t.assign(stays, grid, 'grid_worker');
    expect((await card(t, grid.id)).json().people.map((p: any) => p.name).sort()).toEqual(['在岗', '已停用', '已调走'].sort());
    expect((await t.app.inject({ method: 'POST', url: `/api/assignments/${goneAssignment}/end`, headers: { cookie: s.cookies.eastLeader } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${off}`, headers: { cookie: s.cookies.eastLeader }, payload: { disabled: true } })).statusCode).toBe(200);
    expect((await card(t, grid.id)).json().people.map((p: any) => p.name)).toEqual(['在岗']);
  });

  it('answers 404 for an unknown or archived grid and for a building or unit', async () => {
    const archived = await t.area(s.east, 'grid', '已撤销网格');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/areas/${archived.id}`, headers: { cookie: s.cookies.eastLeader }, payload: { archived: true } })).statusCode).toBe(200);
    const unit = await t.area(s.building, 'unit', '1单元');
    for (const id of [9_999_999, archived.id, s.building.id, unit.id]) {
      const res = await card(t, id);
      expect(res.statusCode, String(id)).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
      expect((await qr(t, id)).statusCode, String(id)).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/public/grids/abc/card' })).statusCode).toBe(400);
  });

  it('gives a QR code as SVG that encodes the card page address', async () => {
    const res = await qr(t, s.eastGrid1.id, { host: 'wangge.example.org' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.body;
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const cardUrl = (await card(t, s.eastGrid1.id, { host: 'wangge.example.org' })).json().cardUrl;
    expect(cardUrl).toBe(`http://wangge.example.org/card/${s.eastGrid1.id}`);
    expect(svgEncodes(svg, cardUrl)).toBe(true);
    // A different grid is a different code.
    expect(svgEncodes(svg, `http://wangge.example.org/card/${s.eastGrid2.id}`)).toBe(false);
  });
});

describeEachDialect(
  'public grid card with a configured public address',
  (t) => {
    it('prints the configured address into the card link and the QR code, whatever host was asked', async () => {
      const grid = await t.area(await t.area(await t.area(null, 'district', '配置区'), 'subdistrict', '配置街道'), 'grid', '配置网格');
      const body = (await card(t, grid.id, { host: 'internal-node-3:3000' })).json();
      expect(t.config.publicUrl).toBe('https://grid.example.gov.cn/');
      expect(body.cardUrl).toBe(`https://grid.example.gov.cn/card/${grid.id}`);
      const svg = (await qr(t, grid.id, { host: 'internal-node-3:3000' })).body;
      expect(svgEncodes(svg, `https://grid.example.gov.cn/card/${grid.id}`)).toBe(true);
      expect(svgEncodes(svg, `http://internal-node-3:3000/card/${grid.id}`)).toBe(false);
    });
  },
  { publicUrl: 'https://grid.example.gov.cn/' },
);

describeEachDialect(
  'public grid card rate limit',
  (t) => {
    it('answers 429 RATE_LIMITED when one address asks too often, and keeps serving others', async () => {
      const grid = await t.area(await t.area(null, 'district', '限流区'), 'grid', '限流网格');
      for (let i = 0; i < 3; i++) expect((await t.app.inject({ method: 'GET', url: `/api/public/grids/${grid.id}/card`, remoteAddress: '10.7.0.1' })).statusCode).toBe(200);
      const limited = await t.app.inject({ method: 'GET', url: `/api/public/grids/${grid.id}/card`, remoteAddress: '10.7.0.1' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect((await t.app.inject({ method: 'GET', url: `/api/public/grids/${grid.id}/card`, remoteAddress: '10.7.0.2' })).statusCode).toBe(200);

      for (let i = 0; i < 3; i++) await t.app.inject({ method: 'GET', url: `/api/public/grids/${grid.id}/qr.svg`, remoteAddress: '10.7.0.3' });
      const qrLimited = await t.app.inject({ method: 'GET', url: `/api/public/grids/${grid.id}/qr.svg`, remoteAddress: '10.7.0.3' });
      expect(qrLimited.statusCode).toBe(429);
      expect(qrLimited.json().error.code).toBe('RATE_LIMITED');
    });

    it('does not hold the public limit against logged-in work', async () => {
      const name = fresh('admin');
      await t.user(name, { superAdmin: true });
      const cookie = await t.login(name);
      for (let i = 0; i < 6; i++) expect((await t.app.inject({ method: 'GET', url: '/api/areas', headers: { cookie }, remoteAddress: '10.7.1.1' })).statusCode).toBe(200);
    });
  },
  { rateLimits: { loginPerMinute: 10000, publicPerMinute: 3, apiPerMinute: 100000 } },
);
