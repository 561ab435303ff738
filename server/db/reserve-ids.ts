import { type Kysely, sql } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * Reserve `n` consecutive ids of `table` for rows the caller inserts with explicit ids, so a bulk insert
 * knows every row's id up front (households can name their head before the residents exist) and needs
 * no RETURNING whose order the databases do not promise. Call it inside the writing transaction: on
 * PostgreSQL the table stays locked against other inserts until it ends; SQLite has one writer anyway.
 * @example const start = await reserveIds(trx, 'residents', rows.length); // ids start … start + n - 1
 */
export async function reserveIds(db: Kysely<any>, table: string, n: number): Promise<number> {
  if (dialectOf(db) === 'postgres') {
    await sql`lock table ${sql.table(table)} in share row exclusive mode`.execute(db);
    const r = await sql<{ start: number | string }>`select greatest(coalesce((select max(id) from ${sql.table(table)}), 0), nextval(pg_get_serial_sequence(${table}, 'id'))) + 1 as start`.execute(db);
    const start = Number(r.rows[0].start);
    if (n > 0) await sql`select setval(pg_get_serial_sequence(${table}, 'id'), ${start + n - 1})`.execute(db);
    return start;
  }
  const r = await sql<{ start: number }>`select max(coalesce((select max(id) from ${sql.table(table)}), 0), coalesce((select seq from sqlite_sequence where name = ${table}), 0)) + 1 as start`.execute(db);
  return Number(r.rows[0].start);
}
