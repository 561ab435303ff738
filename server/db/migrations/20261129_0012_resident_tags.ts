import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/** Residents read per backfill batch (by id), and tag rows per insert statement (3 parameters each on SQLite). */
const READ_BATCH = 5000;
const INSERT_BATCH = 500;

/**
 * One row per (resident, tag), with a copy of the resident's area path: a tag filter reads the residents
 * with that tag in the scope from the index (tag, area_path, resident_id) instead of every resident in
 * scope with `tags like '%,x,%'`. Merged records have no rows. Backfilled from the comma-wrapped column.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('resident_tags')
    .addColumn('resident_id', 'integer', (c) => c.notNull())
    .addColumn('tag', 'varchar(20)', (c) => c.notNull())
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addPrimaryKeyConstraint('resident_tags_pk', ['resident_id', 'tag'])
    .execute();
  await db.schema.createIndex('resident_tags_tag_path').on('resident_tags').columns(['tag', 'area_path', 'resident_id']).execute();

  let after = 0;
  for (;;) {
    const residents: { id: number; tags: string; area_path: string }[] = await db
      .selectFrom('residents')
      .select(['id', 'tags', 'area_path'])
      .where('id', '>', after)
      .where('merged_into', 'is', null)
      .where('tags', '!=', '')
      .orderBy('id')
      .limit(READ_BATCH)
      .execute();
    if (residents.length === 0) break;
    after = Number(residents[residents.length - 1].id);
    const rows = residents.flatMap((r) => [...new Set(r.tags.split(',').filter(Boolean))].map((tag) => ({ resident_id: Number(r.id), tag, area_path: r.area_path })));
    for (let i = 0; i < rows.length; i += INSERT_BATCH) await db.insertInto('resident_tags').values(rows.slice(i, i + INSERT_BATCH)).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('resident_tags').execute();
}
