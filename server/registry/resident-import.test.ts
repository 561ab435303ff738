import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { idCheckChar } from '../../common/id-number.js';
import type { AreaRow } from '../db/types.js';
import { describeEachDialect, TEST_CIPHER, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

const HEADER = ['姓名', '身份证号', '手机号', '性别', '出生日期', '网格', '楼栋', '单元', '房号', '与户主关系', '人员类型', '标签', '迁入日期'];

/** Distinct valid ID numbers (area 110105) for a birth date and gender, with a correct check digit. */
function idMaker() {
  let seq = 0;
  return (birthDate = '1980-05-17', gender: 'male' | 'female' = 'male') => {
    seq += 2;
    const first17 = `110105${birthDate.replace(/-/g, '')}${String((seq % 998) + (gender === 'male' ? 1 : 0)).padStart(3, '0')}`;
    if (seq >= 998) throw new Error('ran out of test ID numbers for one date');
    return first17 + idCheckChar(first17);
  };
}

/** Turn a valid ID number into one whose check digit is wrong. */
const breakCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csv = (rows: string[][], bom = true) => Buffer.from((bom ? '\uFEFF' : '') + rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n');

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('居民').addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The multipart form the browser sends: the area first, then the file. */
function form(areaId: number | string, file: Buffer, fileName: string) {
  const boundary = '----wangge-resident-import';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="areaId"\r\n\r\n${areaId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDialect('resident import', (t: TestDb) => {
  let s: Scenario;
  const newId = idMaker();
  let gridSeq = 0;
  const freshGrid = (parent?: AreaRow) => t.area(parent ?? s.east, 'grid', `导入网格${++gridSeq}`);

  const upload = (cookie: string, areaId: number | string, file: Buffer, fileName = 'residents.csv') => {
    const f = form(areaId, file, fileName);
    return t.app.inject({ method: 'POST', url: '/api/imports/residents', payload: f.payload, headers: { ...f.headers, cookie } });
  };
  const preview = async (cookie: string, areaId: number, file: Buffer, fileName = 'residents.csv') => {
    const res = await upload(cookie, areaId, file, fileName);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const confirm = (cookie: string, id: number) => t.app.inject({ method: 'POST', url: `/api/imports/residents/${id}/confirm`, headers: { cookie } });
  const count = async (table: 'residents' | 'households' | 'areas' | 'audit_log') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => ({ residents: await count('residents'), households: await count('households'), areas: await count('areas') });
  const residentByName = (name: string) => t.db.selectFrom('residents').selectAll().where('name', '=', name).executeTakeFirst();

  /** One good row; override any column by its Chinese header. */
  const row = (over: Partial<Record<(typeof HEADER)[number], string>> = {}) => {
    const birth = over['出生日期'] || '1980-05-17';
    const gender = over['性别'] === '女' ? 'female' : 'male';
    const base: Record<string, string> = { 姓名: '张三', 身份证号: newId(birth, gender), 手机号: '13800138000', 性别: '', 出生日期: '', 网格: '', 楼栋: '1号楼', 单元: '1单元', 房号: '101', 与户主关系: '户主', 人员类型: '户籍', 标签: '', 迁入日期: '' };
    return HEADER.map((h) => (h in over ? over[h]! : base[h]));
  };

  beforeAll(async () => {
    s = await buildScenario(t);
  });

  it('previews every bad row with its row number and reason, and writes nothing', async () => {
    const grid = await freshGrid();
    // Someone already on the register, added the ordinary way.
    const building = await t.area(grid, 'building', '9号楼');
    const hh = await t.app.inject({ method: 'POST', url: '/api/households', headers: { cookie: s.cookies.eastLeader }, payload: { areaId: building.id, room: '901' } });
    const registeredId = newId('1975-03-03', 'female');
    const made = await t.app.inject({ method: 'POST', url: '/api/residents', headers: { cookie: s.cookies.eastLeader }, payload: { householdId: hh.json().id, name: '李已登', idNumber: registeredId, relation: 'head' } });
    expect(made.statusCode, made.body).toBe(201);

    const good = row({ 姓名: '王好', 房号: '201' });
    const rows = [
      HEADER,
      good, // 2
      row({ 姓名: '' }), // 3: missing name
      row({ 姓名: '错校验', 身份证号: breakCheckDigit(newId()) }), // 4: bad check digit
      row({ 姓名: '错生日', 出生日期: '1980-05-18', 身份证号: newId('1980-05-17') }), // 5: birth date not the ID's
      row({ 姓名: '错性别', 性别: '女', 身份证号: newId('1980-05-17', 'male') }), // 6: gender not the ID's
      row({ 姓名: '错手机', 手机号: '12345' }), // 7: bad phone
      row({ 姓名: '无楼栋', 楼栋: '' }), // 8: no household
      row({ 姓名: '无房号', 房号: '' }), // 9: no household
      row({ 姓名: '怪关系', 与户主关系: '邻居', 房号: '301' }), // 10
      row({ 姓名: '怪类型', 人员类型: '外星', 房号: '302' }), // 11
      row({ 姓名: '重复', 身份证号: good[1], 房号: '303' }), // 12: same ID as row 2
      row({ 姓名: '已登记', 身份证号: registeredId, 房号: '304' }), // 13
      row({ 姓名: '双户主', 房号: '201' }), // 14: row 2 is this room's head already
    ];
    const before = await counts();
    const auditBefore = await count('audit_log');
    const p = await preview(s.cookies.eastLeader, grid.id, csv(rows));
    expect(p).toMatchObject({ status: 'previewed', areaId: grid.id, total: 13, valid: 1, households: 1, created: 0, fileName: 'residents.csv' });
    expect(p.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const msg = (r: number) => p.errors.find((e: { row: number }) => e.row === r).message as string;
    expect(msg(3)).toContain('name (姓名) is empty');
    expect(msg(4)).toContain('check digit');
    expect(msg(5)).toContain('does not match the ID number (1980-05-17)');
    expect(msg(6)).toContain('gender does not match');
    expect(msg(7)).toContain('"12345" is not an 11-digit mobile number');
    expect(msg(8)).toContain('building (楼栋) is empty: every resident needs a household');
    expect(msg(9)).toContain('room (房号) is empty: every resident needs a household');
    expect(msg(10)).toContain('unknown relation to the head (与户主关系) "邻居"');
    expect(msg(11)).toContain('unknown residence type (人员类型) "外星"');
    expect(msg(12)).toContain('the same ID number is in row 2');
    // The leader may see the existing record, so it is named.
    expect(msg(13)).toContain(`this ID number is already registered: 李已登, 9号楼901 (resident ${made.json().id})`);
    expect(msg(14)).toContain('1号楼1单元201 already has a head (户主) in row 2');

    expect(await counts()).toEqual(before);
    expect(await count('audit_log')).toBe(auditBefore);
    // The preview is kept with the file, which is stored encrypted.
    const job = await t.db.selectFrom('import_jobs').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: 'residents', area_id: grid.id, status: 'previewed', error_count: 12 });
    // A file with bad rows is not kept: it must be fixed and uploaded again.
    expect(await t.db.selectFrom('import_files').select('job_id').where('job_id', '=', p.id).executeTakeFirst()).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: `/api/imports/residents/${p.id}`, headers: { cookie: s.cookies.eastLeader } })).json()).toEqual(p);
  });

  it('refuses to confirm a preview that had bad rows, listing them all, and writes nothing', async () => {
    const grid = await freshGrid();
    const p = await preview(s.cookies.eastLeader, grid.id, csv([HEADER, row({ 姓名: '好人' }), row({ 姓名: '坏号', 身份证号: '123' }), row({ 姓名: '', 房号: '102' })]));
    expect(p.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    const before = await counts();
    const res = await confirm(s.cookies.eastLeader, p.id);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'IMPORT_INVALID', message: '2 row(s) have problems; nothing was imported' });
    expect(res.json().error.rows.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(await counts()).toEqual(before);
    expect(await residentByName('好人')).toBeUndefined();
  });

  it('imports all rows on confirm, creating the buildings and units the preview listed, households and heads', async () => {
    const grid = await freshGrid();
    const b1 = await t.area(grid, 'building', '1号楼');
    const u1 = await t.area(b1, 'unit', '1单元');
    const rows = [
      HEADER,
      row({ 姓名: '张三', 楼栋: '1号楼', 单元: '1单元', 房号: '101', 与户主关系: '户主', 标签: '党员、退役军人', 迁入日期: '2010/5/1', 手机号: '13912345678' }),
      row({ 姓名: '李四', 楼栋: '1号楼', 单元: '1单元', 房号: '101', 与户主关系: '妻子', 性别: '女', 身份证号: newId('1982-02-02', 'female'), 出生日期: '1982-02-02', 手机号: '' }),
      row({ 姓名: '张小明', 楼栋: '1号楼', 单元: '1', 房号: '101', 与户主关系: '子女', 人员类型: '', 身份证号: newId('2012-09-01') }),
      row({ 姓名: '王五', 楼栋: '1号楼', 单元: '2单元', 房号: '101', 人员类型: '流动' }),
      row({ 姓名: '赵六', 楼栋: '2', 单元: '1', 房号: '302', 人员类型: '常住', 标签: '独居老人,慢性病', 身份证号: newId('1940-01-01', 'female'), 性别: '女' }),
      row({ 姓名: '钱七', 楼栋: '东组1片', 单元: '', 房号: '3号', 与户主关系: '' }),
    ];
    const p = await preview(s.cookies.eastLeader, grid.id, csv(rows));
    expect(p).toMatchObject({ status: 'previewed', total: 6, valid: 6, errors: [], households: 4, newBuildings: ['2号楼', '东组1片'], newUnits: ['1号楼2单元', '2号楼1单元'] });
    expect(p.message).toContain('6 residents in 4 households (4 new)');
    // The file waits for the confirm encrypted, like every ID number at rest.
    const file = await t.db.selectFrom('import_files').select('content').where('job_id', '=', p.id).executeTakeFirstOrThrow();
    expect(Buffer.from(file.content).includes(Buffer.from(rows[1][1]))).toBe(false);
    expect(TEST_CIPHER.decryptBytes(Buffer.from(file.content)).includes(Buffer.from(rows[1][1]))).toBe(true);
    const auditBefore = await count('audit_log');

    const res = await confirm(s.cookies.eastLeader, p.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: p.id, status: 'succeeded', created: 6, total: 6, valid: 6, errors: [] });
    expect(res.json().message).toContain('imported 6 residents into 4 households (4 new); created 2 building(s) and 2 unit(s)');

    const under = await t.db.selectFrom('areas').select(['id', 'code', 'name', 'level', 'parent_id', 'path']).where('path', 'like', `${grid.path}%`).orderBy('id').execute();
    const b2 = under.find((a) => a.name === '2号楼')!;
    expect(b2).toMatchObject({ level: 'building', parent_id: grid.id, code: `${grid.code}-B1` });
    expect(under.find((a) => a.name === '东组1片')).toMatchObject({ level: 'building', parent_id: grid.id, code: `${grid.code}-B2` });
    expect(under.find((a) => a.name === '2单元')).toMatchObject({ level: 'unit', parent_id: b1.id, code: `${b1.code}-U1` });
    expect(under.find((a) => a.name === '1单元' && a.parent_id === b2.id)).toMatchObject({ level: 'unit', code: `${b2.code}-U1` });
    expect(under.filter((a) => a.name === '1单元' && a.parent_id === b1.id)).toHaveLength(1); // matched, not duplicated

    const zhang = (await residentByName('张三'))!;
    expect(zhang).toMatchObject({ area_id: u1.id, area_path: u1.path, address: '1号楼1单元101', name_initials: 'zs', name_pinyin: 'zhangsan', gender: 'male', birth_date: '1980-05-17', relation: 'head', residence_type: 'registered', status: 'present', tags: ',党员,退役军人,', move_in_date: '2010-05-01', phone_last4: '5678' });
    expect(TEST_CIPHER.decrypt(zhang.id_enc)).toBe(rows[1][1]);
    expect(zhang.id_enc).not.toContain(rows[1][1]);
    expect(zhang.id_hash).toBe(TEST_CIPHER.hash(rows[1][1]));
    expect(TEST_CIPHER.decrypt(zhang.phone_enc!)).toBe('13912345678');
    const family = await t.db.selectFrom('residents').select(['name', 'relation', 'residence_type', 'household_id', 'phone_enc']).where('household_id', '=', zhang.household_id).orderBy('id').execute();
    expect(family.map((f) => [f.name, f.relation, f.residence_type])).toEqual([
      ['张三', 'head', 'registered'],
      ['李四', 'spouse', 'registered'],
      ['张小明', 'child', 'resident'],
    ]);
    expect(family[1].phone_enc).toBeNull();
    const household = await t.db.selectFrom('households').selectAll().where('id', '=', zhang.household_id).executeTakeFirstOrThrow();
    expect(household).toMatchObject({ head_resident_id: zhang.id, room: '101', address: '1号楼1单元101', area_id: u1.id });
    expect(await residentByName('赵六')).toMatchObject({ address: '2号楼1单元302', tags: ',独居老人,慢性病,', residence_type: 'resident', gender: 'female' });
    const qian = (await residentByName('钱七'))!;
    expect(qian).toMatchObject({ address: '东组1片3号', relation: 'other' });
    expect((await t.db.selectFrom('households').select('head_resident_id').where('id', '=', qian.household_id).executeTakeFirstOrThrow()).head_resident_id).toBeNull();

    // One audit entry for the whole import; the uploaded file is not kept once imported.
    const audit = await t.db.selectFrom('audit_log').selectAll().where('id', '>', 0).orderBy('id', 'desc').limit(5).execute();
    expect((await count('audit_log')) - auditBefore).toBe(1);
    expect(audit[0]).toMatchObject({ action: 'resident.import', area_id: grid.id });
    expect(JSON.parse(audit[0].after!)).toMatchObject({ residents: 6, households: 4, newBuildings: 2, newUnits: 2, file: 'residents.csv' });
    expect(await t.db.selectFrom('import_files').select('job_id').where('job_id', '=', p.id).executeTakeFirst()).toBeUndefined();

    // Found by pinyin initials like anyone else; a second confirm does nothing.
    const found = await t.app.inject({ method: 'GET', url: `/api/residents?q=zxm&area=${grid.id}`, headers: { cookie: s.cookies.eastLeader } });
    expect(found.json().items.map((r: { name: string }) => r.name)).toEqual(['张小明']);
    const again = await confirm(s.cookies.eastLeader, p.id);
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toContain('already been imported');
  });

  it('adds people to households that exist, naming a head only where there is none', async () => {
    const grid = await freshGrid();
    const first = await preview(s.cookies.eastLeader, grid.id, csv([HEADER, row({ 姓名: '户主甲', 房号: '101' }), row({ 姓名: '成员乙', 房号: '102', 与户主关系: '子女' })]));
    expect((await confirm(s.cookies.eastLeader, first.id)).statusCode).toBe(200);
    const p = await preview(s.cookies.eastLeader, grid.id, csv([HEADER, row({ 姓名: '户主丙', 房号: '101' }), row({ 姓名: '户主丁', 房号: '102' }), row({ 姓名: '配偶戊', 房号: '101', 与户主关系: '配偶' })]));
    expect(p).toMatchObject({ valid: 2, households: 2, newBuildings: [], newUnits: [] });
    expect(p.errors).toEqual([{ row: 2, message: '1号楼1单元101 already has a head (户主) on the register; use another relation' }]);
    const fixed = await preview(s.cookies.eastLeader, grid.id, csv([HEADER, row({ 姓名: '户主丁', 房号: '102' }), row({ 姓名: '配偶戊', 房号: '101', 与户主关系: '配偶' })]));
    expect(fixed.message).toContain('2 residents in 2 households (0 new)');
    expect((await confirm(s.cookies.eastLeader, fixed.id)).statusCode).toBe(200);
    const ding = (await residentByName('户主丁'))!;
    const yi = (await residentByName('成员乙'))!;
    expect(ding.household_id).toBe(yi.household_id);
    expect((await t.db.selectFrom('households').select('head_resident_id').where('id', '=', ding.household_id).executeTakeFirstOrThrow()).head_resident_id).toBe(ding.id);
    expect((await residentByName('配偶戊'))!.household_id).toBe((await residentByName('户主甲'))!.household_id);
  });

  it('checks again at confirm: someone registered meanwhile makes the confirm fail, writing nothing', async () => {
    const grid = await freshGrid();
    const late = row({ 姓名: '后来者', 房号: '202' });
    const p = await preview(s.cookies.eastLeader, grid.id, csv([HEADER, row({ 姓名: '先到者', 房号: '201' }), late]));
    expect(p.errors).toEqual([]);
    // The same person is registered through another import before this one is confirmed.
    const other = await preview(s.cookies.eastLeader, (await freshGrid()).id, csv([HEADER, late]));
    expect((await confirm(s.cookies.eastLeader, other.id)).statusCode).toBe(200);
    const before = await counts();
    const res = await confirm(s.cookies.eastLeader, p.id);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.rows).toEqual([{ row: 3, message: expect.stringContaining('this ID number is already registered: 后来者') }]);
    expect(await counts()).toEqual(before);
    expect(await residentByName('先到者')).toBeUndefined();
    // The preview now shows what changed, and the import can be fixed and uploaded again.
    const now = (await t.app.inject({ method: 'GET', url: `/api/imports/residents/${p.id}`, headers: { cookie: s.cookies.eastLeader } })).json();
    expect(now).toMatchObject({ status: 'previewed', valid: 1, errors: [{ row: 3 }] });
  });

  it('reads XLSX, English headers, and CSV without BOM alike', async () => {
    const grid = await freshGrid();
    const id1 = newId('1990-12-01', 'female');
    const book = await xlsx([
      ['序号', ...HEADER], // an extra column the office keeps is ignored
      [1, '孙一', id1, 13800138001, '女', new Date(Date.UTC(1990, 11, 1)), '', '5号楼', 2, 601, '户主', '常住', '孕产妇', '2020-01-01'],
    ]);
    const px = await preview(s.cookies.eastLeader, grid.id, book, '居民.xlsx');
    expect(px).toMatchObject({ total: 1, valid: 1, errors: [], newBuildings: ['5号楼'], newUnits: ['5号楼2单元'] });
    expect((await confirm(s.cookies.eastLeader, px.id)).statusCode).toBe(200);
    expect(await residentByName('孙一')).toMatchObject({ address: '5号楼2单元601', birth_date: '1990-12-01', gender: 'female', phone_last4: '8001', tags: ',孕产妇,', residence_type: 'resident' });

    const english = ['name', 'id_number', 'phone', 'gender', 'birth_date', 'grid', 'building', 'unit', 'room', 'relation', 'residence_type', 'tags', 'move_in_date'];
    const pe = await preview(s.cookies.eastLeader, grid.id, csv([english, ['Li Lei', newId('1985-01-01'), '', 'male', '1985-01-01', grid.name, '6号楼', '', '1', 'head', 'migrant', '', '']], false));
    expect(pe).toMatchObject({ valid: 1, errors: [], newBuildings: ['6号楼'], newUnits: [] });
    expect((await confirm(s.cookies.eastLeader, pe.id)).statusCode).toBe(200);
    expect(await residentByName('Li Lei')).toMatchObject({ address: '6号楼1', residence_type: 'migrant', relation: 'head' });

    const missing = await upload(s.cookies.eastLeader, grid.id, csv([['姓名', '手机号'], ['张', '13800138000']]));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/missing: id_number \(身份证号.*building \(楼栋.*room \(房号/);
  });

  it('matches the 网格 column under a community and reports grids that are not there', async () => {
    const grid = await freshGrid(s.west);
    const p = await preview(s.cookies.westLeader, s.west.id, csv([HEADER, row({ 姓名: '甲', 网格: grid.name }), row({ 姓名: '乙', 网格: '不存在网格', 房号: '102' }), row({ 姓名: '丙', 网格: '', 房号: '103' }), row({ 姓名: '丁', 网格: '西一网格', 房号: '104' })]));
    expect(p.errors).toEqual([
      { row: 3, message: 'no grid named "不存在网格" in 西社区' },
      { row: 4, message: 'grid (网格) is empty: name the grid when importing into 西社区' },
    ]);
    expect(p.newBuildings).toEqual([`${grid.name} 1号楼`, '西一网格 1号楼']);
    // Into a grid, a 网格 naming another grid is a mistake worth stopping for.
    const q = await preview(s.cookies.westLeader, grid.id, csv([HEADER, row({ 网格: '西一网格' })]));
    expect(q.errors).toEqual([{ row: 2, message: `grid (网格) "西一网格" is not the chosen grid "${grid.name}"` }]);
    // A building is not a place to import into.
    const wrong = await upload(s.cookies.eastLeader, s.building.id, csv([HEADER, row()]));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('AREA_LEVEL_INVALID');
  });

  it('keeps imports within scope: a grid worker imports into their grid only, others see nothing of it', async () => {
    const auditBefore = await count('audit_log');
    for (const target of [s.eastGrid2, s.westGrid1, s.east]) {
      const res = await upload(s.cookies.eastWorker, target.id, csv([HEADER, row()]));
      expect([403, 404], res.body).toContain(res.statusCode);
    }
    const observer = await upload(s.cookies.observer, s.eastGrid1.id, csv([HEADER, row()]));
    expect(observer.statusCode).toBe(403);
    const nobody = await upload(s.cookies.nobody, s.eastGrid1.id, csv([HEADER, row()]));
    expect(nobody.statusCode).toBe(403);
    expect(await t.db.selectFrom('import_jobs').select('id').where('kind', '=', 'residents').where('user_id', 'in', [s.users.eastWorker, s.users.observer, s.users.nobody]).execute()).toEqual([]);

    // Their own grid is theirs to keep (grid workers may add residents there).
    const own = await preview(s.cookies.eastWorker, s.eastGrid1.id, csv([HEADER, row({ 姓名: '网格员录入', 楼栋: '7号楼' })]));
    expect(own.valid).toBe(1);
    // Another leader cannot read or confirm it, even one over the same grid.
    for (const who of ['eastLeader', 'westLeader'] as const) {
      expect((await t.app.inject({ method: 'GET', url: `/api/imports/residents/${own.id}`, headers: { cookie: s.cookies[who] } })).statusCode).toBe(404);
      expect((await confirm(s.cookies[who], own.id)).statusCode).toBe(404);
    }
    expect((await confirm(s.cookies.observer, own.id)).statusCode).toBe(403);
    expect(await count('audit_log')).toBe(auditBefore);
    expect((await confirm(s.cookies.eastWorker, own.id)).statusCode).toBe(200);
    expect(await residentByName('网格员录入')).toMatchObject({ address: '7号楼1单元101' });
    // An admin may see anyone's import.
    expect((await t.app.inject({ method: 'GET', url: `/api/imports/residents/${own.id}`, headers: { cookie: s.cookies.admin } })).json().status).toBe('succeeded');
  });

  it('serves a template that imports as it is', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/imports/residents/template.xlsx', headers: { cookie: s.cookies.nobody } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as any);
    const [sheet, help] = wb.worksheets;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    expect(sheet.rowCount).toBe(2);
    const helpText = JSON.stringify(help.getSheetValues());
    for (const word of ['户主', '配偶', '儿媳/女婿', '户籍', '常住', '流动', '独居老人', 'id_number', 'move_in_date']) expect(helpText).toContain(word);
    const p = await preview(s.cookies.eastLeader, (await freshGrid()).id, res.rawPayload, 'template.xlsx');
    expect(p).toMatchObject({ total: 1, valid: 1, errors: [] });
    expect((await t.app.inject({ method: 'GET', url: '/api/imports/residents/template.xlsx' })).statusCode).toBe(401);
  });
});
