import { type Kysely, sql } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * Refresh the statistics the query planner chooses indexes by. SQLite never gathers them on its own:
 * without them a name search under a subdistrict walks the area-path index over every resident there
 * instead of the name index (50–130 ms instead of ~1 ms at a million residents). Run after bulk writes.
 */
export async function refreshPlannerStatistics(db: Kysely<any>, tables: string[]): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // VACUUM also builds the visibility map, without which counts cannot be answered from an index alone.
    for (const t of tables) await sql`vacuum (analyze) ${sql.table(t)}`.execute(db);
    return;
  }
  for (const t of tables) await sql`analyze ${sql.table(t)}`.execute(db);
  await forbidSkipScans(db);
}

/**
 * On SQLite, gather statistics when the big tables have none yet (an older database, or one that grew
 * through single writes only). Cheap to check; run at start-up.
 */
export async function ensurePlannerStatistics(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  const hasStatTable = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db);
  const analyzed = Number(hasStatTable.rows[0]?.n ?? 0) > 0 ? await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl in ('residents', 'areas')`.execute(db) : { rows: [{ n: 0 }] };
  if (Number(analyzed.rows[0]?.n ?? 0) > 0) return;
  const rows = await sql<{ n: number }>`select (select count(*) from areas) + (select count(*) from residents) as n`.execute(db);
  if (Number(rows.rows[0]?.n ?? 0) > 0) {
    await sql`analyze`.execute(db);
    await forbidSkipScans(db);
  }
}

/** Indexes led by a search column (name, pinyin, last four digits), with the area path second. */
const SEARCH_INDEXES = ['residents_initials', 'residents_pinyin', 'residents_name', 'residents_id_last4', 'residents_phone_last4'];

/**
 * SQLite may "skip-scan" a search index to filter by its second column (the area path) when its
 * sampled statistics misjudge a subdistrict, reading ~100,000 rows instead of using the covering index.
 * The documented `noskipscan` marker in sqlite_stat1 rules that out for these indexes.
 */
async function forbidSkipScans(db: Kysely<any>): Promise<void> {
  const list = sql.join(SEARCH_INDEXES.map((i) => sql.lit(i)));
  await sql`update sqlite_stat1 set stat = stat || ' noskipscan' where idx in (${list}) and stat not like '%noskipscan%'`.execute(db);
  await sql`analyze sqlite_schema`.execute(db);
}
