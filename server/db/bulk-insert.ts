import { type Insertable, type Kysely, sql } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database } from './types.js';

/** Rows per statement: PostgreSQL takes a few arrays as parameters, SQLite one parameter per value (its limit is 32,766). */
const PG_CHUNK = 5000;
const SQLITE_CHUNK = 500;

/**
 * Insert many rows of one shape. On PostgreSQL each chunk is one `insert … select * from unnest($1, $2, …)`
 * with one array per column — far less to send and parse than tens of thousands of single parameters;
 * on SQLite, multi-row VALUES. `intColumns` names the integer columns, so an array of nulls still
 * gets the right type on PostgreSQL (every other column is text).
 * @example await bulkInsert(trx, 'residents', rows, ['id', 'household_id', 'area_id', 'merged_into']);
 */
export async function bulkInsert<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[], intColumns: readonly string[]): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(db) !== 'postgres') {
    for (let i = 0; i < rows.length; i += SQLITE_CHUNK) await db.insertInto(table).values(rows.slice(i, i + SQLITE_CHUNK) as any).execute();
    return;
  }
  const columns = Object.keys(rows[0] as object);
  const ints = new Set(intColumns);
  for (let i = 0; i < rows.length; i += PG_CHUNK) {
    const chunk = rows.slice(i, i + PG_CHUNK) as Record<string, unknown>[];
    const arrays = columns.map((c) => sql`${chunk.map((r) => r[c] ?? null)}::${sql.raw(ints.has(c) ? 'integer' : 'text')}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(db);
  }
}
