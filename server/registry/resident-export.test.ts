import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { idCheckChar } from '../../common/id-number.js';
import type { AreaRow } from '../db/types.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { RESIDENT_EXPORT_HEADER } from './resident-export.js';

interface Person {
  name: string;
  id: string;
  phone: string;
  type: '户籍' | '常住' | '流动';
  tags: string;
}

/** Read an exported workbook back: one object per data row, keyed by the Chinese headers. */
async function readExport(payload: Buffer): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as any);
  const sheet = wb.worksheets[0];
  const header = (sheet.getRow(1).values as string[]).slice(1);
  const rows: Record<string, string>[] = [];
  sheet.eachRow((r, n) => {
    if (n === 1) return;
    const values = r.values as unknown[];
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] == null ? '' : String(values[i + 1])])));
  });
  return { header, rows };
}

describeEachDialect('resident export', (t: TestDb) => {
  let s: Scenario;
  let seq = 0;
  const person = (name: string, type: Person['type'] = '户籍', tags = ''): Person => {
    seq++;
    const first17 = `220102198${seq % 10}0${1 + (seq % 9)}1${seq % 10}${String(100 + seq).slice(-3)}`;
    return { name, id: first17 + idCheckChar(first17), phone: `1391234${String(seq).padStart(4, '0')}`, type, tags };
  };
  const HEADER = ['姓名', '身份证号', '手机号', '楼栋', '单元', '房号', '与户主关系', '人员类型', '标签'];

  /** Put people on the register through the import, one household each. */
  async function register(area: AreaRow, people: Person[], building = '1号楼') {
    const lines = [HEADER, ...people.map((p, i) => [p.name, p.id, p.phone, building, '1单元', String(101 + i), '户主', p.type, p.tags])];
    const body = '\uFEFF' + lines.map((l) => l.join(',')).join('\n');
    const boundary = '----wangge-export-test';
    const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="areaId"\r\n\r\n${area.id}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n\r\n${body}\r\n--${boundary}--\r\n`);
    const preview = await t.app.inject({ method: 'POST', url: '/api/imports/residents', payload, headers: { cookie: s.cookies.admin, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(preview.json().errors, preview.body).toEqual([]);
    const done = await t.app.inject({ method: 'POST', url: `/api/imports/residents/${preview.json().id}/confirm`, headers: { cookie: s.cookies.admin } });
    expect(done.statusCode, done.body).toBe(200);
  }

  const exportAs = (who: keyof Scenario['cookies'] | null, query: Record<string, string | number> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/residents/export.xlsx?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`, headers: who ? { cookie: s.cookies[who] } : {} });
  const exported = async (who: keyof Scenario['cookies'], query: Record<string, string | number> = {}) => {
    const res = await exportAs(who, query);
    expect(res.statusCode, res.body).toBe(200);
    const book = await readExport(res.rawPayload);
    expect(Number(res.headers['x-row-count'])).toBe(book.rows.length);
    return book;
  };
  const names = (rows: Record<string, string>[]) => rows.map((r) => r['姓名']).sort();
  const lastAudit = async () => {
    const row = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'resident.export').orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { ...row, after: JSON.parse(row.after!) };
  };
  const auditCount = async () => Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const east1 = [person('张三', '户籍', '党员'), person('张丽', '常住'), person('李明', '流动', '独居老人、慢性病'), person('王芳', '户籍', '党员')];
  const east2 = [person('赵强', '流动'), person('钱敏', '户籍', '残疾人')];
  const west = [person('西一', '户籍', '党员'), person('西二', '流动')];
  const eastAll = [...east1, ...east2];

  beforeAll(async () => {
    s = await buildScenario(t);
    await register(s.eastGrid1, east1);
    await register(s.eastGrid2, east2, '3号楼');
    await register(s.westGrid1, west);
  });

  it('exports the caller’s residents with ID numbers and phones masked, and logs the export', async () => {
    const before = await auditCount();
    const res = await exportAs('eastLeader');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="residents.xlsx"; filename\*=UTF-8''/);
    const { header, rows } = await readExport(res.rawPayload);
    expect(header).toEqual(RESIDENT_EXPORT_HEADER);
    expect(names(rows)).toEqual(names(eastAll.map((p) => ({ 姓名: p.name }))));
    for (const r of rows) {
      const p = eastAll.find((x) => x.name === r['姓名'])!;
      expect(r['身份证号']).toBe(`${p.id.slice(0, 4)}**********${p.id.slice(-4)}`);
      expect(r['手机号']).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`);
      expect(JSON.stringify(r)).not.toContain(p.id);
      expect(JSON.stringify(r)).not.toContain(p.phone);
    }
    const zhang = rows.find((r) => r['姓名'] === '张三')!;
    expect(zhang).toMatchObject({ 性别: '男', 网格: '东一网格', 楼栋: '1号楼', 单元: '1单元', 房号: '101', 地址: '1号楼1单元101', 与户主关系: '户主', 人员类型: '户籍', 状态: '在住', 标签: '党员' });
    expect(rows.find((r) => r['姓名'] === '李明')!['标签']).toBe('独居老人、慢性病');

    expect(await auditCount()).toBe(before + 1);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ user_id: s.users.eastLeader, entity_type: 'resident' });
    expect(audit.after).toMatchObject({ rows: eastAll.length, revealed: false, filters: {} });
    expect(audit.after).not.toHaveProperty('reason');
  });

  it('reveals full numbers only with the right and a reason, and logs who, how many and why', async () => {
    const before = await auditCount();
    const noReason = await exportAs('eastLeader', { reveal: 1 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toHaveProperty('reason');
    expect((await exportAs('eastLeader', { reveal: 1, reason: ' x ' })).statusCode).toBe(400);
    expect(await auditCount()).toBe(before);

    const { rows } = await exported('eastLeader', { reveal: 1, reason: '疫情排查需要联系居民', area: s.eastGrid1.id });
    expect(rows.map((r) => [r['姓名'], r['身份证号'], r['手机号']]).sort()).toEqual(east1.map((p) => [p.name, p.id, p.phone]).sort());
    const audit = await lastAudit();
    expect(audit).toMatchObject({ user_id: s.users.eastLeader, area_id: s.eastGrid1.id });
    expect(audit.after).toMatchObject({ rows: east1.length, revealed: true, reason: '疫情排查需要联系居民', filters: { area: s.eastGrid1.id } });
    expect(await auditCount()).toBe(before + 1);
  });

  it('refuses grid workers, observers and people without a role, and anyone not logged in', async () => {
    const before = await auditCount();
    for (const [who, query] of [
      ['eastWorker', {}],
      ['eastWorker', { area: s.eastGrid1.id }],
      ['eastWorker', { reveal: 1, reason: '需要联系' }],
      ['observer', {}],
      ['nobody', {}],
    ] as const) {
      const res = await exportAs(who, query);
      expect(res.statusCode, `${who} ${JSON.stringify(query)}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await exportAs(null)).statusCode).toBe(401);
    expect(await auditCount()).toBe(before);
  });

  it('never puts another community’s residents in a leader’s export', async () => {
    const east = await exported('eastLeader', { status: 'all' });
    expect(east.rows.some((r) => r['姓名'].startsWith('西'))).toBe(false);
    const peek = await exportAs('eastLeader', { area: s.west.id });
    expect(peek.statusCode).toBe(404);
    expect(names((await exported('westLeader')).rows)).toEqual(['西一', '西二'].sort());
    // The street's chief advisor covers both.
    expect(names((await exported('chief')).rows)).toEqual(names([...eastAll, ...west].map((p) => ({ 姓名: p.name }))));
  });

  it('applies the list filters: area, tag, residence type, search text and status', async () => {
    expect(names((await exported('eastLeader', { area: s.eastGrid2.id })).rows)).toEqual(['赵强', '钱敏'].sort());
    expect(names((await exported('eastLeader', { tag: '党员' })).rows)).toEqual(['张三', '王芳'].sort());
    expect(names((await exported('eastLeader', { residenceType: 'migrant' })).rows)).toEqual(['李明', '赵强'].sort());
    expect(names((await exported('eastLeader', { q: 'zs' })).rows)).toEqual(['张三'].sort());
    expect(names((await exported('eastLeader', { q: east2[1].phone.slice(-4) })).rows)).toEqual(['钱敏'].sort());
    expect(names((await exported('chief', { tag: '党员', area: s.street.id })).rows)).toEqual(['张三', '王芳', '西一'].sort());

    const li = await t.db.selectFrom('residents').select('id').where('name', '=', '李明').executeTakeFirstOrThrow();
    const out = await t.app.inject({ method: 'POST', url: `/api/residents/${li.id}/move-out`, headers: { cookie: s.cookies.eastLeader }, payload: { date: '2025-01-31' } });
    expect(out.statusCode, out.body).toBe(200);
    expect(names((await exported('eastLeader', { area: s.eastGrid1.id })).rows)).toEqual(['张三', '张丽', '王芳'].sort());
    const all = await exported('eastLeader', { area: s.eastGrid1.id, status: 'all' });
    expect(all.rows.find((r) => r['姓名'] === '李明')).toMatchObject({ 状态: '已迁出', 迁出日期: '2025-01-31' });
    expect(names((await exported('eastLeader', { status: 'moved_out' })).rows)).toEqual(['李明'].sort());
    // A search for a whole ID number is kept masked in the audit log.
    await exported('eastLeader', { q: east1[0].id });
    expect((await lastAudit()).after.filters.q).toBe(`${east1[0].id.slice(0, 4)}**********${east1[0].id.slice(-4)}`);
  });

  it('walks more rows than fit on one page, each once, a building at a time', async () => {
    const grid = await t.area(s.east, 'grid', '大网格');
    const many: Person[] = [];
    for (let i = 0; i < 2100; i++) {
      const first17 = `4401${String(2000 + (i % 9)).slice(-2)}19${String(50 + Math.floor(i / 300)).padStart(2, '0')}0${1 + (i % 9)}1${(i % 19) % 10}${String(i % 1000).padStart(3, '0')}`.slice(0, 17);
      many.push({ name: `多${i}`, id: first17 + idCheckChar(first17), phone: `1370000${String(i).padStart(4, '0')}`, type: '常住', tags: '' });
    }
    expect(new Set(many.map((p) => p.id)).size).toBe(many.length);
    // Three buildings, so the keyset walks across several area paths.
    await register(grid, many.slice(0, 700), '1号楼');
    await register(grid, many.slice(700, 1400), '2号楼');
    await register(grid, many.slice(1400), '3号楼');
    const { rows } = await exported('admin', { area: grid.id });
    expect(rows).toHaveLength(2100);
    expect(new Set(rows.map((r) => r['姓名'])).size).toBe(2100);
    // In place order: each building's residents come together.
    const changes = rows.filter((r, i) => i > 0 && r['楼栋'] !== rows[i - 1]['楼栋']).length;
    expect(changes).toBe(2);
    const whole = await exported('admin', { status: 'all' });
    const inDb = Number((await t.db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(whole.rows).toHaveLength(inDb);
  });
});
