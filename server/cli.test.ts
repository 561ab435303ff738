import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { createCipher } from './registry/personal-data-cipher.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'wangge.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `wangge ARGS` as a user would, in its own process. */
function wangge(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('wangge command line [sqlite]', () => {
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  /** Read the database the CLI wrote, from outside it. */
  const query = <T>(sqlText: string, ...params: unknown[]): T[] => {
    const db = new SQLite(join(dir, 'wangge.sqlite'), { readonly: true });
    try {
      return db.prepare(sqlText).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const countAreas = () => query<{ n: number }>('select count(*) as n from areas')[0].n;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wangge-cli-'));
    env = { WANGGE_DATA_DIR: dir };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists its commands with --help and exits 0', async () => {
    const [r, sub] = await Promise.all([wangge(['--help'], env), wangge(['import', 'areas', '--help'], env)]);
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'seed-demo', 'import areas FILE', 'user add', 'user assign']) expect(r.stdout).toContain(cmd);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('row N: reason');
  });

  it('exits 2 on an unknown command and shows the commands', async () => {
    const [r, sub] = await Promise.all([wangge(['frobnicate'], env), wangge(['user', 'frob'], env)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('seed-demo');
    expect(sub.code).toBe(2);
  });

  it('migrates an empty data folder', async () => {
    const r = await wangge(['migrate'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/database is up to date \(sqlite .*wangge\.sqlite\)/);
    expect(query<{ name: string }>('select name from wangge_migrations').map((m) => m.name)).toContain('20261129_0001_foundation');
    expect((await wangge(['migrate'], env)).code).toBe(0);
  });

  it('seeds the demo district once; the second time says it is already there', async () => {
    const first = await wangge(['seed-demo'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('demo district seeded');
    const areas = countAreas();
    expect(areas).toBeGreaterThan(50);
    const second = await wangge(['seed-demo'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already there');
    expect(countAreas()).toBe(areas);
  });

  it('adds a user who can then log in and see their grid, and assigns them another one', async () => {
    // Usernames need at least 3 characters (common/users.ts), so "u1" is refused with that reason.
    const tooShort = await wangge(['user', 'add', '--username', 'u1', '--password', 'longpassword', '--role', 'grid_worker', '--area', '370199001001-G01'], env);
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toBe('error: --username: username needs at least 3 characters\n');
    const add = await wangge(['user', 'add', '--username', 'u01', '--password', 'longpassword', '--role', 'grid_worker', '--area', '370199001001-G01'], env);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^created user u01 \(id \d+\) as grid_worker at 370199001001-G01\n$/);
    const assign = await wangge(['user', 'assign', '--username', 'u01', '--role', 'grid_leader', '--area', '370199001002-G02', '--duties', 'publicity,errands'], env);
    expect(assign.code).toBe(0);
    expect(assign.stdout).toContain('u01 is now grid_leader of 和平社区第二网格');

    const handle = openDatabase({ dataDir: dir });
    const app = await buildApp({ db: handle.db, dialect: handle.dialect, config: { ...loadConfig({}), dataDir: dir, webDir: '/nonexistent' }, cipher: createCipher(randomBytes(32)) });
    try {
      const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'u01', password: 'wrongpassword' } });
      expect(bad.statusCode).toBe(401);
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'u01', password: 'longpassword' } });
      expect(login.statusCode).toBe(200);
      const cookie = `wangge_session=${login.cookies.find((c) => c.name === 'wangge_session')!.value}`;
      const roots = (await app.inject({ method: 'GET', url: '/api/areas', headers: { cookie } })).json();
      expect(roots.items.map((a: { code: string }) => a.code).sort()).toEqual(['370199001001-G01', '370199001002-G02']);
    } finally {
      await app.close();
      await handle.close();
    }
  });

  it('refuses bad user options with exit 2 and a reason', async () => {
    const [short, taken, noArea] = await Promise.all([
      wangge(['user', 'add', '--username', 'u02', '--password', 'short'], env),
      wangge(['user', 'add', '--username', 'u01', '--password', 'longpassword'], env),
      wangge(['user', 'add', '--username', 'u03', '--password', 'longpassword', '--role', 'grid_worker', '--area', '999'], env),
    ]);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--password: password needs at least 8 characters');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('taken');
    expect(noArea.code).toBe(2);
    expect(noArea.stderr).toContain('no area with code 999');
    expect(query('select id from users where username = ?', 'u03')).toEqual([]);
  });

  it('prints every bad row of an import, exits 1 and writes nothing', async () => {
    const before = countAreas();
    const bad = file(
      'bad.csv',
      [
        'code,name,parent_code,level',
        '370199001001-G21,新网格,370199001001,grid', // 2: fine
        '370199001001-G22,,370199001001,grid', // 3: empty name
        '370199001301,新村,370199999999,village', // 4: unknown parent
        '3701990013,短码村,370199001000,village', // 5: bad code
        '370199001001-G21,重复,370199001001,grid', // 6: duplicate
        '370199001001-G23,网格,370199001001,hamlet', // 7: unknown level
      ].join('\n'),
    );
    const r = await wangge(['import', 'areas', bad], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('row ')).map((l) => l.match(/^row (\d+): /)?.[1])).toEqual(['3', '4', '5', '6', '7']);
    expect(r.stderr).toContain('row 3: name is empty');
    expect(r.stderr).toContain('row 4: unknown parent code 370199999999');
    expect(r.stderr).toContain('row 5: a village needs a 12-digit');
    expect(r.stderr).toContain('row 6: duplicate code 370199001001-G21 (first seen in row 2)');
    expect(r.stderr).toContain('row 7: unknown level "hamlet"');
    expect(lines.at(-1)).toBe('5 row(s) have problems; nothing was imported');
    expect(countAreas()).toBe(before);
    expect(query('select id from areas where code = ?', '370199001001-G21')).toEqual([]);
  });

  it('imports a good file, printing the counts, and a second time updates without duplicating', async () => {
    const before = countAreas();
    const good = file(
      'good.csv',
      '\uFEFF代码,名称,上级代码,级别\n370199001001-G31-B1,31号楼,370199001001-G31,楼栋\n370199001001-G31,幸福社区第三十一网格,370199001001,网格\n370199001001,幸福社区,370199001000,社区\n',
    );
    const r = await wangge(['import', 'areas', good], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^imported 3 rows in [\d.]+ s: 2 created, 0 updated, 1 unchanged\n$/);
    expect(countAreas()).toBe(before + 2);
    const [grid] = query<{ id: number; path: string }>('select id, path from areas where code = ?', '370199001001-G31');
    const [building] = query<{ parent_id: number; path: string }>('select parent_id, path from areas where code = ?', '370199001001-G31-B1');
    expect(building.parent_id).toBe(grid.id);
    expect(building.path.startsWith(grid.path)).toBe(true);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRows([
      ['code', 'name', 'parent_code', 'level'],
      ['370199001001-G31', '幸福社区三十一网格', '370199001001', 'grid'],
      ['370199001001-G31-B1', '31号楼', '370199001001-G31', 'building'],
    ]);
    const again = await wangge(['import', 'areas', file('again.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/imported 2 rows in [\d.]+ s: 0 created, 1 updated, 1 unchanged/);
    expect(countAreas()).toBe(before + 2);
    expect(query<{ name: string }>('select name from areas where code = ?', '370199001001-G31')[0].name).toBe('幸福社区三十一网格');
  });

  it('explains a missing file or a missing header with an error, not a stack trace', async () => {
    const missing = await wangge(['import', 'areas', join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: file not found: /);
    const headless = await wangge(['import', 'areas', file('headless.csv', 'a,b,c\n1,2,3\n')], env);
    expect(headless.code).toBe(1);
    expect(headless.stderr).toMatch(/^error: the first row must name the columns; missing: code/);
    expect(headless.stderr).not.toContain('    at ');
  });
});

describe('wangge command line [postgres]', () => {
  let adminUrl: string;
  let name: string;
  let url: string;
  beforeAll(async () => {
    adminUrl = inject('pgAdminUrl');
    name = `wangge_cli_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('migrates a fresh PostgreSQL database given in DATABASE_URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wangge-cli-pg-'));
    try {
      const r = await wangge(['migrate'], { DATABASE_URL: url, WANGGE_DATA_DIR: dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('database is up to date (postgres postgres://');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const migrations = await client.query('select name from wangge_migrations');
        expect(migrations.rows.map((m) => m.name)).toContain('20261129_0001_foundation');
        const tables = await client.query(`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
        expect(tables.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(['areas', 'assignments', 'audit_log', 'import_jobs', 'sessions', 'settings', 'users']));
      } finally {
        await client.end();
      }
      expect((await wangge(['migrate'], { DATABASE_URL: url, WANGGE_DATA_DIR: dir })).code).toBe(0);
      const seeded = await wangge(['seed-demo'], { DATABASE_URL: url, WANGGE_DATA_DIR: dir });
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toContain('demo district seeded');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps serving when PostgreSQL drops its connections', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wangge-serve-pg-'));
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, WANGGE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', WANGGE_DEMO: '0', LOG_LEVEL: 'warn', WANGGE_WEB_DIR: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const port = await new Promise<number>((ok, fail) => {
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          stdout += d;
          const m = stdout.match(/is running at http:\/\/localhost:(\d+)/);
          if (m) ok(Number(m[1]));
        });
        void exited.then((code) => fail(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      const health = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      expect(await health()).toEqual({ status: 'ok', db: 'postgres' });
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(child.exitCode).toBeNull();
      expect(await health()).toEqual({ status: 'ok', db: 'postgres' });
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says which database it could not reach', async () => {
    const u = new URL(url);
    u.pathname = `/${name}_missing`;
    const r = await wangge(['migrate'], { DATABASE_URL: u.toString(), WANGGE_DATA_DIR: join(tmpdir(), 'wangge-cli-unused') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot prepare the database \(postgres:\/\/.*_missing\)/);
  });
});
