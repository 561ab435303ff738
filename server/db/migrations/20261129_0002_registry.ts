import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Population registry: households under buildings/units, residents in households, their history,
 * and uploaded import files kept between preview and confirm. ID numbers and phones are stored
 * encrypted (`*_enc`), with a keyed hash for exact lookup and the last 4 digits for search.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: any) => t.addColumn('id', 'integer', (c: any) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()));
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  const textC = pg ? sql`text collate "C"` : sql`text`;

  await id(db.schema.createTable('households'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('room', 'varchar(20)', (c: any) => c.notNull())
    .addColumn('address', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('phone_last4', 'varchar(4)')
    .addColumn('tags', 'varchar(400)', (c: any) => c.notNull().defaultTo(''))
    .addColumn('head_resident_id', 'integer')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('households_area_room').on('households').columns(['area_id', 'room']).unique().execute();
  await db.schema.createIndex('households_path').on('households').column('area_path').execute();

  await id(db.schema.createTable('residents'))
    .addColumn('household_id', 'integer', (c: any) => c.notNull().references('households.id'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('name', 'varchar(50)', (c: any) => c.notNull())
    .addColumn('name_initials', textC, (c: any) => c.notNull())
    .addColumn('name_pinyin', textC, (c: any) => c.notNull())
    .addColumn('gender', 'varchar(8)', (c: any) => c.notNull())
    .addColumn('birth_date', 'varchar(10)', (c: any) => c.notNull())
    .addColumn('id_enc', 'text', (c: any) => c.notNull())
    .addColumn('id_hash', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('id_last4', 'varchar(4)', (c: any) => c.notNull())
    .addColumn('id_prefix4', 'varchar(4)', (c: any) => c.notNull())
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('phone_last4', 'varchar(4)')
    .addColumn('phone_prefix3', 'varchar(3)')
    .addColumn('relation', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('residence_type', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('tags', 'varchar(400)', (c: any) => c.notNull().defaultTo(''))
    .addColumn('address', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('move_in_date', 'varchar(10)')
    .addColumn('move_out_date', 'varchar(10)')
    .addColumn('merged_into', 'integer')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  // One person, one record: the keyed hash of the ID number is unique (merged duplicates give theirs up).
  await db.schema.createIndex('residents_id_hash').on('residents').column('id_hash').unique().execute();
  await db.schema.createIndex('residents_path').on('residents').columns(['area_path', 'id']).execute();
  await db.schema.createIndex('residents_household').on('residents').column('household_id').execute();
  await db.schema.createIndex('residents_initials').on('residents').columns(['name_initials', 'area_path']).execute();
  await db.schema.createIndex('residents_pinyin').on('residents').columns(['name_pinyin', 'area_path']).execute();
  await db.schema.createIndex('residents_name').on('residents').columns(['name', 'area_path']).execute();
  await db.schema.createIndex('residents_id_last4').on('residents').columns(['id_last4', 'area_path']).execute();
  await db.schema.createIndex('residents_phone_last4').on('residents').columns(['phone_last4', 'area_path']).execute();
  await db.schema.createIndex('residents_phone_hash').on('residents').column('phone_hash').execute();

  await id(db.schema.createTable('resident_history'))
    .addColumn('resident_id', 'integer', (c: any) => c.notNull())
    .addColumn('household_id', 'integer')
    .addColumn('at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('note', 'varchar(200)')
    .addColumn('from_address', 'varchar(200)')
    .addColumn('to_address', 'varchar(200)')
    .addColumn('from_area_id', 'integer')
    .addColumn('to_area_id', 'integer')
    .addColumn('user_id', 'integer')
    .addColumn('username', 'varchar(32)')
    .execute();
  await db.schema.createIndex('resident_history_resident').on('resident_history').columns(['resident_id', 'at']).execute();

  await db.schema.alterTable('import_jobs').addColumn('area_id', 'integer').execute();
  await db.schema.alterTable('import_jobs').addColumn('preview', 'text').execute();
  await db.schema
    .createTable('import_files')
    .addColumn('job_id', 'integer', (c) => c.primaryKey())
    .addColumn('content', pg ? sql`bytea` : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_files').execute();
  await db.schema.alterTable('import_jobs').dropColumn('preview').execute();
  await db.schema.alterTable('import_jobs').dropColumn('area_id').execute();
  for (const t of ['resident_history', 'residents', 'households']) await db.schema.dropTable(t).execute();
}
