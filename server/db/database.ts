import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';
import type { DialectName } from './dialect.js';

export interface DatabaseConfig {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** SQLite file name inside dataDir, or `:memory:`. */
  sqliteFile?: string;
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** For SQLite, the raw connection (bulk paths use prepared statements directly). */
  sqlite?: SQLite.Database;
  describe: string;
  close(): Promise<void>;
}

// pg hands back int8 and numeric as strings; ids and counts here fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

/** Open the database the config names: PostgreSQL when a postgres URL is given, embedded SQLite otherwise. */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: config.poolSize ?? 10 });
    // When the server drops an idle connection (restart, failover, pg_terminate_backend) the pool emits
    // 'error'; without a listener that crashes the process. The pool opens a new connection on next use.
    pool.on('error', (err) => console.error(`[wangge] PostgreSQL closed an idle connection: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', describe: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'), close: () => db.destroy() };
  }
  if (url) throw new Error(`DATABASE_URL must start with postgres:// (got "${url.slice(0, 20)}…"); leave it unset for embedded SQLite`);
  const file = config.sqliteFile ?? 'wangge.sqlite';
  let filename = file;
  if (file !== ':memory:') {
    const dir = resolve(config.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    filename = join(dir, file);
  }
  const sqlite = new SQLite(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', sqlite, describe: filename, close: () => db.destroy() };
}

/**
 * Kysely prepares every SQLite statement anew; preparing was about a quarter of the time of a public
 * form submission. Reuse prepared statements for repeated SQL (bounded, least recently used first out);
 * a statement still being iterated is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      if (sql.length > 4000) return sqlite.prepare(sql);
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}
