import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'wangge.js');

/** Run `wangge ARGS` as an administrator would, in its own process, on a SQLite folder. */
function wangge(args: string[], dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', WANGGE_DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('wangge apikey [sqlite]', () => {
  let dir: string;
  const query = <T>(sqlText: string, ...params: unknown[]): T[] => {
    const db = new SQLite(join(dir, 'wangge.sqlite'), { readonly: true });
    try {
      return db.prepare(sqlText).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wangge-apikey-'));
    writeFileSync(join(dir, 'areas.csv'), 'code,name,parent_code,level\n110101001000,幸福街道,,subdistrict\n110101001001,幸福社区,110101001000,community\n');
    const r = await wangge(['import', 'areas', join(dir, 'areas.csv')], dir);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is listed in the help', async () => {
    const [main, add] = await Promise.all([wangge(['--help'], dir), wangge(['apikey', 'add', '--help'], dir)]);
    expect(main.stdout).toContain('apikey add --name NAME [--area CODE]');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('printed once');
  });

  it('makes a key for an area, prints it once, keeps only its hash, lists and revokes it', async () => {
    const made = await wangge(['apikey', 'add', '--name', 'fixmystreet', '--area', '110101001001'], dir);
    expect(made.code, made.stderr).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(/^wg_[\w-]{32}$/);
    expect(made.stderr).toContain('shown only this once');
    const [row] = query<{ key_hash: string; key_prefix: string; area_code: string; revoked_at: string | null }>(
      "select k.key_hash, k.key_prefix, a.code as area_code, k.revoked_at from api_keys k join areas a on a.id = k.area_id where k.name = 'fixmystreet'",
    );
    expect(row).toEqual({ key_hash: createHash('sha256').update(key).digest('hex'), key_prefix: key.slice(0, 10), area_code: '110101001001', revoked_at: null });
    expect(query<{ n: number }>("select count(*) as n from audit_log where action = 'apikey.create'")[0].n).toBe(1);

    const again = await wangge(['apikey', 'add', '--name', 'fixmystreet'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const list = await wangge(['apikey', 'list'], dir);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('fixmystreet');
    expect(list.stdout).toContain(key.slice(0, 10));
    expect(list.stdout).toContain('110101001001 幸福社区');
    expect(list.stdout).not.toContain(key);

    const revoked = await wangge(['apikey', 'revoke', '--name', 'fixmystreet'], dir);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(query<{ revoked_at: string | null }>("select revoked_at from api_keys where name = 'fixmystreet'")[0].revoked_at).not.toBeNull();
    expect((await wangge(['apikey', 'list'], dir)).stdout).toMatch(/fixmystreet.*revoked/);
    // Revoked: the name is free for a new key.
    expect((await wangge(['apikey', 'add', '--name', 'fixmystreet'], dir)).code).toBe(0);
  }, 60_000);

  it('says what is wrong with a bad command', async () => {
    const [noName, badArea, noKey] = await Promise.all([wangge(['apikey', 'add'], dir), wangge(['apikey', 'add', '--name', 'x', '--area', 'NOPE'], dir), wangge(['apikey', 'revoke', '--name', 'nobody'], dir)]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name needs a value');
    expect(badArea.code).toBe(1);
    expect(badArea.stderr).toContain('no current area with code NOPE');
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('no active key named nobody');
  }, 60_000);
});
