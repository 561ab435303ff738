import type { Deps } from '../deps.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { AreaLevel } from '../../common/areas.js';
import type { Duty, Role } from '../../common/roles.js';
import { buildApp } from '../app.js';
import { createCipher } from '../registry/personal-data-cipher.js';
import { insertArea } from '../areas/areas.repository.js';
import type { Actor } from '../auth/actor.js';
import { loadActor } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import { loadConfig, type AppConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import type { DialectName } from '../db/dialect.js';
import { nowIso } from '../db/dialect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { AreaRow, Database } from '../db/types.js';

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];
/** One random key per test run: nothing depends on a key kept in the repository. */
export const TEST_CIPHER = createCipher(randomBytes(32));
export const TEST_PASSWORD = 'test-password-1';

let passwordHash: Promise<string> | undefined;
const testHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export interface TestDb {
  dialect: DialectName;
  db: Kysely<Database>;
  app: FastifyInstance;
  config: AppConfig;
  /** Log in through the API and return the Cookie header value for later requests. */
  login(username: string, password?: string): Promise<string>;
  area(parent: AreaRow | null, level: AreaLevel, name: string, code?: string): Promise<AreaRow>;
  user(username: string, opts?: { superAdmin?: boolean; phone?: string; showPhone?: boolean; name?: string }): Promise<number>;
  assign(userId: number, area: AreaRow, role: Role, duties?: Duty[]): Promise<number>;
  actor(userId: number): Promise<Actor>;
}

/** A fresh, migrated database of the given dialect: in-memory SQLite, or a new database on the test PostgreSQL server. */
export async function openTestDatabase(dialect: DialectName): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const handle = openDatabase({ sqliteFile: ':memory:' });
    await migrateToLatest(handle.db);
    return { handle, drop: () => handle.close() };
  }
  const adminUrl = inject('pgAdminUrl');
  const name = `wangge_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    handle,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * Run the same tests on SQLite and PostgreSQL: each dialect gets its own fresh database and app.
 * @example describeEachDialect('areas', (t) => { it('creates', async () => { await t.area(null, 'district', 'X') }) })
 */
export type ConfigOverrides = Omit<Partial<AppConfig>, 'rateLimits'> & { rateLimits?: Partial<AppConfig['rateLimits']> };

export function describeEachDialect(title: string, body: (t: TestDb) => void, configOverrides: ConfigOverrides = {}, depsOverrides: Pick<Partial<Deps>, 'verificationSender' | 'clock'> = {}) {
  for (const dialect of DIALECTS) {
    describe(`${title} [${dialect}]`, () => {
      const t = {} as TestDb;
      let drop: () => Promise<void>;
      let codeSeq = 0;
      beforeAll(async () => {
        const opened = await openTestDatabase(dialect);
        drop = opened.drop;
        const db = opened.handle.db;
        const base = loadConfig({});
        const rateLimits = { ...base.rateLimits, loginPerMinute: 10_000, publicPerMinute: 10_000, apiPerMinute: 100_000, submitPerMinute: 100_000, submitPerPhonePerHour: 100_000, ...configOverrides.rateLimits };
        // Background loops stay off: tests drive the tally and deliveries themselves, deterministically.
        // Uploads (photos, attachments) go to a temporary folder, not the repository's data/.
        const dataDir = mkdtempSync(join(tmpdir(), 'wangge-test-data-'));
        const config: AppConfig = { ...base, dataDir, attachmentsDir: join(dataDir, 'attachments'), webDir: '/nonexistent', tallyPollMs: 0, escalationPollMs: 0, ...configOverrides, rateLimits };
        const app = await buildApp({ db, dialect, config, cipher: TEST_CIPHER, ...depsOverrides });
        Object.assign(t, {
          dialect,
          db,
          app,
          config,
          async login(username: string, password = TEST_PASSWORD) {
            const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
            if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
            const cookie = res.cookies.find((c) => c.name === 'wangge_session');
            return `wangge_session=${cookie!.value}`;
          },
          async area(parent: AreaRow | null, level: AreaLevel, name: string, code?: string) {
            codeSeq++;
            const official = ['province', 'city', 'district', 'subdistrict', 'township', 'community', 'village'].includes(level);
            const c = code ?? (official ? String(100000000000 + codeSeq * 1000 + Math.floor(Math.random() * 1000)) : `T${codeSeq}-${randomBytes(3).toString('hex')}`);
            const now = nowIso();
            return insertArea(db, { code: c, name, level, parent_id: parent?.id ?? null, sort_order: codeSeq, archived_at: null, geo: null, created_at: now, updated_at: now }, parent?.path ?? null);
          },
          async user(username: string, opts: { superAdmin?: boolean; phone?: string; showPhone?: boolean; name?: string } = {}) {
            const { id } = await db
              .insertInto('users')
              .values({ username, password_hash: await testHash(), display_name: opts.name ?? username, phone: opts.phone ?? null, show_phone: opts.showPhone ? 1 : 0, is_super_admin: opts.superAdmin ? 1 : 0, disabled: 0, failed_logins: 0, locked_until: null, created_at: nowIso(), created_by: null, last_login_at: null })
              .returning('id')
              .executeTakeFirstOrThrow();
            return id;
          },
          async assign(userId: number, area: AreaRow, role: Role, duties: Duty[] = []) {
            const { id } = await db
              .insertInto('assignments')
              .values({ user_id: userId, area_id: area.id, role, duties: duties.join(','), started_at: nowIso(), ended_at: null, created_by: null, ended_by: null })
              .returning('id')
              .executeTakeFirstOrThrow();
            return id;
          },
          async actor(userId: number) {
            return (await loadActor(db, userId, '127.0.0.1'))!;
          },
        } satisfies TestDb);
      });
      afterAll(async () => {
        await t.app?.close();
        await drop?.();
      });
      body(t);
    });
  }
}
