import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar, parseIdNumber } from '../../common/id-number.js';
import { createCipher, parseKey } from './personal-data-cipher.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'wangge.js');

function wangge(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', WANGGE_ENCRYPTION_KEY: '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const id = (date: string, seq: number) => {
  const first17 = `110108${date}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

const wrongCheck = (good: string) => good.slice(0, 17) + (good[17] === '0' ? '1' : '0');

describe('wangge import residents [sqlite]', () => {
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const query = <T>(sqlText: string, ...params: unknown[]): T[] => {
    const db = new SQLite(join(dir, 'wangge.sqlite'), { readonly: true });
    try {
      return db.prepare(sqlText).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const count = (table: string) => query<{ n: number }>(`select count(*) as n from ${table}`)[0].n;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wangge-resident-cli-'));
    env = { WANGGE_DATA_DIR: dir };
    const seeded = await wangge(['seed-demo'], env);
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('explains itself with --help', async () => {
    const main = await wangge(['--help'], env);
    expect(main.stdout).toContain('import residents FILE --area CODE');
    const r = await wangge(['import', 'residents', '--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wangge import residents FILE --area CODE');
    expect(r.stdout).toContain('row N: reason');
    expect(r.stdout).toContain('姓名 name');
  });

  it('seeds the demo district with 2,000+ residents whose ID numbers are valid and encrypted', () => {
    const residents = query<{ id_enc: string; birth_date: string; gender: string; relation: string; household_id: number; id: number; name: string; name_initials: string }>('select * from residents order by id');
    expect(residents.length).toBeGreaterThanOrEqual(2000);
    const cipher = createCipher(parseKey(readFileSync(join(dir, 'encryption.key'), 'utf8')));
    for (const r of residents) {
      expect(r.id_enc.startsWith('v1:')).toBe(true);
      const parsed = parseIdNumber(cipher.decrypt(r.id_enc));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.startsWith('370199')).toBe(true);
      expect(parsed.info).toEqual({ birthDate: r.birth_date, gender: r.gender });
      expect(r.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(r.name_initials).toMatch(/^[a-z]{2,3}$/);
    }
    // Every household has its head, who is its first member.
    const households = query<{ id: number; head_resident_id: number }>('select id, head_resident_id from households');
    const first = new Map<number, (typeof residents)[number]>();
    for (const r of residents) if (!first.has(r.household_id)) first.set(r.household_id, r);
    for (const h of households) {
      expect(first.get(h.id)?.id).toBe(h.head_resident_id);
      expect(first.get(h.id)?.relation).toBe('head');
    }
    // Every unit and every village 片 has people.
    const empty = query<{ code: string }>(`select code from areas a where (level = 'unit' or (level = 'building' and not exists (select 1 from areas u where u.parent_id = a.id)))
      and not exists (select 1 from households h where h.area_id = a.id)`);
    expect(empty).toEqual([]);
    const types = query<{ residence_type: string; n: number }>('select residence_type, count(*) as n from residents group by residence_type');
    expect(types.map((t) => t.residence_type).sort()).toEqual(['migrant', 'registered', 'resident']);
    const alone = query<{ n: number }>(`select count(*) as n from residents where tags like '%,独居老人,%'`)[0].n;
    expect(alone).toBeGreaterThan(5);
    expect(alone).toBeLessThan(residents.length * 0.1);
  });

  it('prints every bad row, exits 1 and writes nothing', async () => {
    const before = { residents: count('residents'), households: count('households'), areas: count('areas') };
    const bad = file(
      'bad.csv',
      [
        '姓名,身份证号,手机号,网格,楼栋,单元,房号,与户主关系',
        `好人,${id('19800101', 11)},13800138000,第一网格,99号楼,1单元,101,户主`, // 2: fine
        `,${id('19800101', 13)},,第一网格,99号楼,1单元,102,户主`, // 3: no name
        `错号,${wrongCheck(id('19800101', 15))},,第一网格,99号楼,1单元,103,户主`, // 4: check digit
        `无房,${id('19800101', 17)},,第一网格,99号楼,1单元,,户主`, // 5: no room
        `无网格,${id('19800101', 19)},,第九十九网格,99号楼,1单元,104,户主`, // 6: no such grid
      ].join('\n'),
    );
    const r = await wangge(['import', 'residents', bad, '--area', '370199001001'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('row ')).map((l) => l.match(/^row (\d+): /)?.[1])).toEqual(['3', '4', '5', '6']);
    expect(r.stderr).toContain('row 3: name (姓名) is empty');
    expect(r.stderr).toContain("row 4: the ID number's check digit is wrong");
    expect(r.stderr).toContain('row 5: room (房号) is empty');
    expect(r.stderr).toContain('row 6: no grid named "第九十九网格" in 幸福社区');
    expect(lines.at(-1)).toBe('4 row(s) have problems; nothing was imported');
    expect({ residents: count('residents'), households: count('households'), areas: count('areas') }).toEqual(before);
  });

  it('imports a good file into a community, creating what is missing, and prints the counts', async () => {
    const before = count('residents');
    const good = file(
      'good.csv',
      [
        '\uFEFF姓名,身份证号,手机号,网格,楼栋,单元,房号,与户主关系,人员类型,标签',
        `甲一,${id('19700202', 21)},13800138001,幸福社区第一网格,1号楼,1单元,701,户主,户籍,党员`,
        `甲二,${id('19720303', 22)},,第一网格,1号楼,1单元,701,配偶,户籍,`,
        `乙一,${id('19900404', 23)},13800138003,第二网格,88号楼,3,101,户主,流动,`,
      ].join('\n'),
    );
    const r = await wangge(['import', 'residents', good, '--area', '370199001001'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^imported 3 residents into 2 households \(2 new\) in [\d.]+ s; created 1 building\(s\) and 1 unit\(s\)\n$/);
    expect(count('residents')).toBe(before + 3);
    const jia = query<{ address: string; area_path: string; relation: string }>('select address, area_path, relation from residents where name = ?', '甲二')[0];
    expect(jia).toMatchObject({ address: '1号楼1单元701', relation: 'spouse' });
    const [building] = query<{ code: string; name: string }>("select code, name from areas where name = '88号楼'");
    expect(building.code).toMatch(/^370199001001-G02-B\d+$/);
    const audit = query<{ username: string; after: string }>("select username, after from audit_log where action = 'resident.import'");
    expect(audit).toHaveLength(1);
    expect(audit[0].username).toBe('cli');
    expect(JSON.parse(audit[0].after)).toMatchObject({ residents: 3, file: 'good.csv' });
    // The same file again: every row is now a duplicate.
    const again = await wangge(['import', 'residents', good, '--area', '370199001001'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('row 2: this ID number is already registered: 甲一, 1号楼1单元701');
    expect(count('residents')).toBe(before + 3);
  });

  it('refuses a missing file, a missing or unknown --area with exit 2 and a reason', async () => {
    const f = file('one.csv', `姓名,身份证号,楼栋,房号\n丙,${id('19800505', 31)},1号楼,1\n`);
    const noArea = await wangge(['import', 'residents', f], env);
    expect(noArea.code).toBe(2);
    expect(noArea.stderr).toBe('error: name the grid or community to import into: --area CODE\n');
    const unknown = await wangge(['import', 'residents', f, '--area', 'NOPE'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no area with code NOPE');
    const missing = await wangge(['import', 'residents', join(dir, 'nope.csv'), '--area', '370199001001'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: file not found: /);
    const notAGrid = await wangge(['import', 'residents', f, '--area', '370199001000'], env);
    expect(notAGrid.code).toBe(1);
    expect(notAGrid.stderr).toContain('import residents into a grid or a community, not a subdistrict');
  });
});
