import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TImportJob, TRowError } from '../../common/areas.js';
import type { Actor } from '../auth/actor.js';
import type { AreaRow } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { readRows, type SheetFormat } from '../imports/read-rows.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { type AreaImportResult, importAreas } from './area-import.js';

const HEADER = ['code', 'name', 'parent_code', 'level'];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A CSV file as a user would save it: one line per row, fields quoted only when they must be. */
function csv(rows: (string | number)[][], opts: { bom?: boolean } = {}): Buffer {
  const quote = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
  return opts.bom ? Buffer.concat([BOM, Buffer.from(text, 'utf8')]) : Buffer.from(text, 'utf8');
}

/** An XLSX workbook with one sheet holding `rows` from A1 down (a null row stays blank). */
async function xlsx(rows: ((string | number)[] | null)[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('区划');
  rows.forEach((r, i) => {
    if (r) ws.getRow(i + 1).values = r;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A small official tree under province prefix `pp` (two digits, unique per test so tests sharing a
 * database do not meet): province → city → district → subdistrict → two communities.
 */
function officialTree(pp: string, names = '') {
  const province = `${pp}0000000000`;
  const city = `${pp}0100000000`;
  const district = `${pp}0102000000`;
  const street = `${pp}0102003000`;
  const c1 = `${pp}0102003001`;
  const c2 = `${pp}0102003002`;
  return {
    codes: { province, city, district, street, c1, c2 },
    rows: [
      [province, `省${pp}${names}`, '', 'province'],
      [city, `市${pp}${names}`, province, 'city'],
      [district, `区${pp}${names}`, city, 'district'],
      [street, `街道${pp}${names}`, district, 'subdistrict'],
      [c1, `一社区${pp}${names}`, street, 'community'],
      [c2, `二社区${pp}${names}`, street, 'community'],
    ],
  };
}

/** The row errors an import was refused with (fails the test when it was not refused that way). */
async function refusal(p: Promise<unknown>): Promise<TRowError[]> {
  const err = await p.then(
    () => {
      throw new Error('the import was expected to be refused but it succeeded');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('IMPORT_INVALID');
  return (err as AppError).rows ?? [];
}

describeEachDialect('area import', (t: TestDb) => {
  let admin: Actor;
  const countAreas = async () => Number((await t.db.selectFrom('areas').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const byCode = (code: string) => t.db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
  const run = (actor: Actor, file: Buffer, format: SheetFormat = 'csv'): Promise<AreaImportResult> => importAreas(t.db, actor, readRows(file, format));

  beforeAll(async () => {
    admin = await t.actor(await t.user('import_admin', { superAdmin: true }));
  });

  describe('reading files', () => {
    it('imports a UTF-8 CSV without BOM and builds the tree with paths and depths', async () => {
      const { codes, rows } = officialTree('11');
      const result = await run(admin, csv([HEADER, ...rows]));
      expect(result).toEqual({ rows: 6, created: 6, updated: 0, unchanged: 0 });
      const province = (await byCode(codes.province))!;
      const community = (await byCode(codes.c1))!;
      expect(province).toMatchObject({ name: '省11', level: 'province', parent_id: null, depth: 0, path: `/${province.id}/` });
      expect(community).toMatchObject({ name: '一社区11', level: 'community', depth: 4 });
      const chain = await Promise.all([codes.province, codes.city, codes.district, codes.street].map(byCode));
      expect(community.path).toBe(`/${chain.map((a) => a!.id).join('/')}/${community.id}/`);
      expect(community.parent_id).toBe(chain[3]!.id);
    });

    it('imports a UTF-8 CSV with a BOM (as Excel saves it) without mistaking the first header', async () => {
      const { codes, rows } = officialTree('12');
      const result = await run(admin, csv([HEADER, ...rows], { bom: true }));
      expect(result.created).toBe(6);
      expect((await byCode(codes.province))!.name).toBe('省12');
    });

    it('accepts Chinese headers and Chinese level names', async () => {
      const p = '130000000000';
      const rows = [
        ['代码', '名称', '上级代码', '级别'],
        [p, '河北省', '', '省'],
        ['130100000000', '石家庄市', p, '市'],
        ['130102000000', '长安区', '130100000000', '区'],
        ['130103000000', '某县', '130100000000', '县'],
        ['130102001000', '建北街道', '130102000000', '街道'],
        ['130103100000', '某镇', '130103000000', '镇'],
        ['130102001001', '建北社区', '130102001000', '社区'],
        ['130103100201', '某村', '130103100000', '村'],
        ['130102001001-G01', '建北社区第一网格', '130102001001', '网格'],
        ['130102001001-G01-B1', '1号楼', '130102001001-G01', '楼栋'],
        ['130102001001-G01-B1-U1', '1单元', '130102001001-G01-B1', '单元'],
      ];
      const result = await run(admin, csv(rows, { bom: true }));
      expect(result.created).toBe(11);
      expect((await byCode('130103000000'))!.level).toBe('district');
      expect((await byCode('130103100000'))!.level).toBe('township');
      expect((await byCode('130103100201'))!.level).toBe('village');
      expect((await byCode('130102001001-G01-B1-U1'))!).toMatchObject({ level: 'unit', depth: 7 });
    });

    it('imports an XLSX sheet, including codes Excel keeps as numbers', async () => {
      const { codes, rows } = officialTree('14');
      const asNumbers = rows.map(([code, name, parent, level]) => [Number(code), name, parent === '' ? '' : Number(parent), level]);
      const file = await xlsx([['代码', '名称', '上级代码', '级别'], ...asNumbers]);
      const result = await run(admin, file, 'xlsx');
      expect(result.created).toBe(6);
      const community = (await byCode(codes.c2))!;
      expect(community.name).toBe('二社区14');
      expect(community.parent_id).toBe((await byCode(codes.street))!.id);
    });

    it('accepts parent rows after their children', async () => {
      const { codes, rows } = officialTree('15');
      const result = await run(admin, csv([HEADER, ...[...rows].reverse()]));
      expect(result.created).toBe(6);
      const street = (await byCode(codes.street))!;
      expect((await byCode(codes.c1))!.path).toBe(`${street.path}${(await byCode(codes.c1))!.id}/`);
      expect(street.depth).toBe(3);
    });

    it('takes an optional sort_order column and orders children by it', async () => {
      const { codes, rows } = officialTree('16');
      const withSort = [[...HEADER, 'sort_order'], ...rows.map((r) => [...r, r[0] === codes.c1 ? 2 : 1])];
      await run(admin, csv(withSort));
      const street = (await byCode(codes.street))!;
      const children = await t.db.selectFrom('areas').select('code').where('parent_id', '=', street.id).orderBy('sort_order').orderBy('id').execute();
      expect(children.map((c) => c.code)).toEqual([codes.c2, codes.c1]);
    });

    it('refuses a file whose header lacks required columns, naming them', async () => {
      const err = await run(admin, csv([['code', 'name'], ['170000000000', '省']])).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'FILE_INVALID', message: expect.stringMatching(/parent_code.*level/) });
    });
  });

  describe('importing again', () => {
    it('updates names, adds new nodes and duplicates nothing, counting created/updated/unchanged', async () => {
      const { codes, rows } = officialTree('21');
      const file = csv([HEADER, ...rows]);
      expect(await run(admin, file)).toEqual({ rows: 6, created: 6, updated: 0, unchanged: 0 });
      const before = await countAreas();
      const ids = new Map(await Promise.all(Object.values(codes).map(async (c) => [c, (await byCode(c))!.id] as const)));

      expect(await run(admin, file)).toEqual({ rows: 6, created: 0, updated: 0, unchanged: 6 });
      expect(await countAreas()).toBe(before);

      const renamed = rows.map((r) => (r[0] === codes.c1 ? [r[0], '一社区（更名）', r[2], r[3]] : r));
      const c3 = `${codes.street.slice(0, 9)}003`;
      const second = csv([HEADER, [c3, '三社区21', codes.street, 'community'], ...renamed]);
      expect(await run(admin, second)).toEqual({ rows: 7, created: 1, updated: 1, unchanged: 5 });
      expect(await countAreas()).toBe(before + 1);
      expect((await byCode(codes.c1))!).toMatchObject({ name: '一社区（更名）', id: ids.get(codes.c1) });
      expect((await byCode(c3))!.parent_id).toBe(ids.get(codes.street));
      const all = await t.db.selectFrom('areas').select('code').where('code', 'like', '21%').execute();
      expect(new Set(all.map((a) => a.code)).size).toBe(all.length);
      expect(all).toHaveLength(7);
    });

    it('adds children under nodes already in the tree', async () => {
      const { codes, rows } = officialTree('22');
      await run(admin, csv([HEADER, ...rows]));
      const grid = `${codes.c1}-G01`;
      const result = await run(admin, csv([HEADER, [`${grid}-B1`, '1号楼', grid, 'building'], [grid, '第一网格', codes.c1, 'grid']]));
      expect(result).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0 });
      const c1 = (await byCode(codes.c1))!;
      const g = (await byCode(grid))!;
      expect(g.path).toBe(`${c1.path}${g.id}/`);
      expect((await byCode(`${grid}-B1`))!.parent_id).toBe(g.id);
    });

    it('refuses to move an existing code under a different parent or change its level', async () => {
      const { codes, rows } = officialTree('23');
      await run(admin, csv([HEADER, ...rows]));
      const rows2 = await refusal(
        run(
          admin,
          csv([
            HEADER,
            [codes.c1, '一社区23', codes.district, 'community'],
            [codes.c2, '二社区23', codes.street, 'village'],
          ]),
        ),
      );
      expect(rows2).toEqual([
        { row: 2, message: expect.stringContaining('another parent') },
        { row: 3, message: expect.stringContaining('already exists as a community') },
      ]);
    });
  });

  describe('bad rows', () => {
    it('reports every bad row with its spreadsheet row number and writes nothing', async () => {
      const good = officialTree('31');
      const { province, city, district, street } = good.codes;
      const rows: (string | number)[][] = [
        HEADER, // row 1
        ...good.rows.slice(0, 4), // rows 2-5: fine
        ['310102003011', '孤儿社区', '319999999999', 'community'], // 6: unknown parent
        ['310102003012', '甲社区', street, 'community'], // 7: fine
        ['310102003012', '甲社区again', street, 'community'], // 8: duplicate code
        ['310102003021', '环A', '310102003022', 'community'], // 9: cycle A→B→A
        ['310102003022', '环B', '310102003021', 'community'], // 10: cycle
        ['310102003031', '怪级别', street, 'hamlet'], // 11: unknown level
        ['31010200303', '短代码', street, 'community'], // 12: 11 digits
        ['31010200303X', '字母代码', street, 'community'], // 13: not digits
        ['310102003033', '', street, 'community'], // 14: empty name
        [], // 15: blank line, skipped but counted
        ['310102003034', '好社区', street, 'community'], // 16: fine
        ['310102003035', '无名', street, ''], // 17: empty level
      ];
      const before = await countAreas();
      const errors = await refusal(run(admin, csv(rows)));
      expect(errors.map((e) => e.row)).toEqual([6, 8, 9, 10, 11, 12, 13, 14, 17]);
      const msg = (row: number) => errors.find((e) => e.row === row)!.message;
      expect(msg(6)).toMatch(/unknown parent code 319999999999/);
      expect(msg(8)).toMatch(/duplicate code 310102003012 \(first seen in row 7\)/);
      expect(msg(9)).toMatch(/cycle/);
      expect(msg(10)).toMatch(/cycle/);
      expect(msg(11)).toMatch(/unknown level "hamlet"/);
      expect(msg(12)).toMatch(/12-digit/);
      expect(msg(13)).toMatch(/12-digit/);
      expect(msg(14)).toMatch(/name is empty/);
      expect(msg(17)).toMatch(/level is empty/);
      expect(await countAreas()).toBe(before);
      for (const code of [province, city, district, street, '310102003012', '310102003034']) expect(await byCode(code)).toBeUndefined();
    });

    it('reports a row that is its own parent and a level placed above its parent', async () => {
      const before = await countAreas();
      const errors = await refusal(
        run(
          admin,
          csv([
            HEADER,
            ['320000000000', '省32', '', 'province'],
            ['320100000000', '自指', '320100000000', 'city'],
            ['320200000000', '倒挂', '320201000000', 'city'],
            ['320201000000', '区', '320000000000', 'district'],
          ]),
        ),
      );
      // A district straight under a province (row 5) is allowed: levels may be skipped, not inverted.
      expect(errors).toEqual([
        { row: 3, message: expect.stringContaining('its own parent') },
        { row: 4, message: expect.stringContaining('a city cannot be placed under a district') },
      ]);
      expect(await countAreas()).toBe(before);
    });

    it('reports a second row with the same code even when the first one was bad', async () => {
      const errors = await refusal(run(admin, csv([HEADER, ['370000000000', '', '', 'province'], ['370000000000', '省37', '', 'province']])));
      expect(errors.map((e) => e.row)).toEqual([2, 3]);
    });

    it('does not call a parent unknown when it is in the file on a bad row', async () => {
      const errors = await refusal(run(admin, csv([HEADER, ['380000000000', '', '', 'province'], ['380100000000', '市38', '380000000000', 'city']])));
      expect(errors[0]).toMatchObject({ row: 2, message: 'name is empty' });
      expect(errors.find((e) => e.row === 3)?.message ?? '').not.toMatch(/neither in the file nor in the tree/);
    });

    it('refuses new children of an archived area also when that area is listed in the file', async () => {
      await run(admin, csv([HEADER, ['390000000000', '省39', '', 'province'], ['390100000000', '市39', '390000000000', 'city']]));
      await t.db.updateTable('areas').set({ archived_at: new Date().toISOString() }).where('code', '=', '390100000000').execute();
      const alone = await refusal(run(admin, csv([HEADER, ['390102000000', '区39', '390100000000', 'district']])));
      expect(alone[0].message).toMatch(/archived/);
      const before = await countAreas();
      const errors = await refusal(run(admin, csv([HEADER, ['390100000000', '市39', '390000000000', 'city'], ['390102000000', '区39', '390100000000', 'district']])));
      expect(errors).toEqual([{ row: 3, message: expect.stringContaining('archived') }]);
      expect(await countAreas()).toBe(before);
    });

    it('numbers XLSX rows as the sheet does, blank rows included', async () => {
      const file = await xlsx([
        HEADER,
        ['330000000000', '省33', '', 'province'],
        null,
        ['3301', '短', '330000000000', 'city'],
        ['330200000000', '', '330000000000', 'city'],
      ]);
      const before = await countAreas();
      const errors = await refusal(run(admin, file, 'xlsx'));
      expect(errors.map((e) => e.row)).toEqual([4, 5]);
      expect(await countAreas()).toBe(before);
    });

    it('reports every bad row of a large file, not just the first ones', async () => {
      const rows: string[][] = [HEADER, ['340000000000', '省34', '', 'province']];
      for (let i = 1; i <= 150; i++) rows.push([`3401${String(i).padStart(8, '0')}`, i % 50 === 0 ? '' : `市${i}`, '340000000000', 'city']);
      const errors = await refusal(run(admin, csv(rows)));
      expect(errors.map((e) => e.row)).toEqual([52, 102, 152]);
    });
  });

  describe('scope', () => {
    let s: Scenario;
    let eastLeader: Actor;
    beforeAll(async () => {
      s = await buildScenario(t);
      eastLeader = await t.actor(s.users.eastLeader);
    });

    it('lets a community leader import under their own community', async () => {
      const result = await run(
        eastLeader,
        csv([
          HEADER,
          [`${s.east.code}-G81-B1`, '81号楼', `${s.east.code}-G81`, 'building'],
          [`${s.east.code}-G81`, '东八十一网格', s.east.code, 'grid'],
          [s.eastGrid1.code, '东一网格', s.east.code, 'grid'],
        ]),
      );
      expect(result).toEqual({ rows: 3, created: 2, updated: 0, unchanged: 1 });
      const g = (await byCode(`${s.east.code}-G81`))!;
      expect(g.path).toBe(`${s.east.path}${g.id}/`);
    });

    it('reports rows under another community as errors and writes nothing', async () => {
      const before = await countAreas();
      const errors = await refusal(
        run(
          eastLeader,
          csv([
            HEADER,
            [`${s.east.code}-G82`, '东八十二网格', s.east.code, 'grid'],
            [`${s.west.code}-G82`, '西八十二网格', s.west.code, 'grid'],
            [s.westGrid1.code, '西一网格改名', s.west.code, 'grid'],
            [`${s.west.code}-G82-B1`, '楼', `${s.west.code}-G82`, 'building'],
          ]),
        ),
      );
      expect(errors.map((e) => e.row)).toEqual([3, 4]);
      expect(errors[0].message).toMatch(/outside your areas/);
      expect(errors[1].message).toMatch(/outside your areas/);
      expect(await countAreas()).toBe(before);
      expect((await byCode(s.westGrid1.code))!.name).toBe('西一网格');
      expect(await byCode(`${s.east.code}-G82`)).toBeUndefined();
    });

    it('refuses a grid worker, who may read but not change the tree', async () => {
      const worker = await t.actor(s.users.eastWorker);
      const errors = await refusal(run(worker, csv([HEADER, [`${s.eastGrid1.code}-B9`, '9号楼', s.eastGrid1.code, 'building']])));
      expect(errors).toEqual([{ row: 2, message: expect.stringContaining('outside your areas') }]);
    });

    it('needs a super admin for top-level rows', async () => {
      const before = await countAreas();
      const chief = await t.actor(s.users.chief);
      const errors = await refusal(run(chief, csv([HEADER, ['350000000000', '省35', '', 'province'], ['350100000000', '市35', '350000000000', 'city']])));
      expect(errors).toEqual([{ row: 2, message: expect.stringContaining('only a system administrator') }]);
      expect(await countAreas()).toBe(before);
      expect((await run(admin, csv([HEADER, ['350000000000', '省35', '', 'province']]))).created).toBe(1);
    });
  });

  describe('over HTTP', () => {
    let s: Scenario;
    beforeAll(async () => {
      s = await buildScenario(t);
    });

    async function upload(cookie: string, file: Buffer, fileName: string) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), fileName);
      const body = new Response(form);
      const contentType = body.headers.get('content-type')!;
      return t.app.inject({ method: 'POST', url: '/api/imports/areas', headers: { cookie, 'content-type': contentType }, payload: Buffer.from(await body.arrayBuffer()) });
    }

    async function finished(cookie: string, id: number): Promise<TImportJob> {
      for (let i = 0; i < 400; i++) {
        const res = await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie } });
        expect(res.statusCode).toBe(200);
        const job = res.json() as TImportJob;
        if (job.status !== 'running') return job;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`import ${id} did not finish`);
    }

    it('accepts a CSV upload with 202 and a job that succeeds with counts', async () => {
      const { codes, rows } = officialTree('41');
      const res = await upload(s.cookies.admin, csv([HEADER, ...rows], { bom: true }), '区划.csv');
      expect(res.statusCode).toBe(202);
      const started = res.json() as TImportJob;
      expect(started).toMatchObject({ kind: 'areas', fileName: '区划.csv', status: expect.stringMatching(/running|succeeded/) });
      const job = await finished(s.cookies.admin, started.id);
      expect(job).toMatchObject({ status: 'succeeded', created: 6, updated: 0, total: 6, errorCount: 0, errors: [] });
      expect(job.finishedAt).toBeTruthy();
      const found = (await t.app.inject({ method: 'GET', url: `/api/areas?code=${codes.c1}`, headers: { cookie: s.cookies.admin } })).json();
      expect(found.items[0]).toMatchObject({ name: '一社区41', level: 'community', depth: 4 });
      const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?action=area.import', headers: { cookie: s.cookies.admin } })).json();
      expect(audit.items.some((a: any) => a.after?.created === 6)).toBe(true);
    });

    it('accepts an XLSX upload told apart by its content, and counts updates on re-import', async () => {
      const { rows } = officialTree('42');
      await finished(s.cookies.admin, (await upload(s.cookies.admin, csv([HEADER, ...rows]), 'a.csv')).json().id);
      const renamed = rows.map((r, i) => (i === 5 ? [r[0], '改名社区', r[2], r[3]] : r));
      const res = await upload(s.cookies.admin, await xlsx([HEADER, ...renamed]), 'upload');
      expect(res.statusCode).toBe(202);
      const job = await finished(s.cookies.admin, res.json().id);
      expect(job).toMatchObject({ status: 'succeeded', created: 0, updated: 1 });
    });

    it('fails the job listing every bad row, and writes nothing', async () => {
      const before = await countAreas();
      const res = await upload(
        s.cookies.eastLeader,
        csv([
          HEADER,
          [`${s.east.code}-G91`, '东九十一网格', s.east.code, 'grid'],
          [`${s.east.code}-G92`, '', s.east.code, 'grid'],
          [`${s.west.code}-G91`, '西九十一网格', s.west.code, 'grid'],
          [`${s.east.code}-G93`, '东九十三网格', 'NOPE', 'grid'],
          ['360000000000', '省36', '', 'province'],
        ]),
        'grids.csv',
      );
      expect(res.statusCode).toBe(202);
      const job = await finished(s.cookies.eastLeader, res.json().id);
      expect(job.status).toBe('failed');
      expect(job.errorCount).toBe(4);
      expect(job.errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
      expect(job.errors[0].message).toMatch(/name is empty/);
      expect(job.errors[1].message).toMatch(/outside your areas/);
      expect(job.errors[2].message).toMatch(/unknown parent code NOPE/);
      expect(job.errors[3].message).toMatch(/system administrator/);
      expect(job.message).toMatch(/nothing was imported/);
      expect(await countAreas()).toBe(before);
    });

    it('fails the job with a message when the header row is wrong', async () => {
      const res = await upload(s.cookies.admin, csv([['编码', '名字'], ['360100000000', '市']]), 'noheader.csv');
      expect(res.statusCode).toBe(202);
      const job = await finished(s.cookies.admin, res.json().id);
      expect(job).toMatchObject({ status: 'failed', errors: [], message: expect.stringMatching(/missing: parent_code.*level/) });
    });

    it('keeps a job private to the user who started it', async () => {
      const res = await upload(s.cookies.eastLeader, csv([HEADER, [`${s.east.code}-G95`, '东九十五网格', s.east.code, 'grid']]), 'mine.csv');
      const id = res.json().id as number;
      expect((await finished(s.cookies.eastLeader, id)).status).toBe('succeeded');
      const other = await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie: s.cookies.westLeader } });
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toBe('NOT_FOUND');
      expect((await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie: s.cookies.admin } })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: `/api/imports/${id}` })).statusCode).toBe(401);
    });

    it('answers 400 FILE_INVALID to a body that is not multipart, an empty file or an old .xls file', async () => {
      const json = await t.app.inject({ method: 'POST', url: '/api/imports/areas', headers: { cookie: s.cookies.admin }, payload: { file: 'code,name' } });
      expect(json.statusCode).toBe(400);
      expect(json.json().error.code).toBe('FILE_INVALID');
      const empty = await upload(s.cookies.admin, Buffer.alloc(0), 'empty.csv');
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.code).toBe('FILE_INVALID');
      const xls = await upload(s.cookies.admin, Buffer.from('not really'), 'old.xls');
      expect(xls.statusCode).toBe(400);
      expect(xls.json().error).toMatchObject({ code: 'FILE_INVALID', message: expect.stringContaining('.xlsx') });
    });

    it('needs a login, and a role that may change some area', async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(csv([HEADER]))]), 'x.csv');
      const body = new Response(form);
      const res = await t.app.inject({ method: 'POST', url: '/api/imports/areas', headers: { 'content-type': body.headers.get('content-type')! }, payload: Buffer.from(await body.arrayBuffer()) });
      expect(res.statusCode).toBe(401);
      const before = await countAreas();
      const worker = await upload(s.cookies.eastWorker, csv([HEADER, [`${s.eastGrid1.code}-B7`, '7号楼', s.eastGrid1.code, 'building']]), 'w.csv');
      expect(worker.statusCode).toBe(403);
      expect(worker.json().error.code).toBe('FORBIDDEN');
      expect(await countAreas()).toBe(before);
    });
  });
});
