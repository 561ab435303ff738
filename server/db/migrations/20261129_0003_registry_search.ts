import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Registry search at a million residents. A covering index over the columns the list filters on lets
 * "how many match" (tag, address, plain list) be answered from the index alone. On PostgreSQL the name
 * column follows the database's collation, so name-prefix search gets an index in bytewise order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('residents_scope_cover')
    .on('residents')
    .columns(['area_path', 'status', 'merged_into', 'residence_type', 'tags', 'address', 'name_initials', 'name_pinyin', 'name'])
    .execute();
  if (dialectOf(db) === 'postgres') {
    await sql`create index residents_name_c on residents ((name collate "C"), area_path)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`drop index residents_name_c`.execute(db);
  await db.schema.dropIndex('residents_scope_cover').execute();
}
