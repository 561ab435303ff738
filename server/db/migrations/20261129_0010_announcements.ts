import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Publicity (宣传): notices targeted at an area subtree, the earlier versions of published notices,
 * and acknowledgements (已读) per household, from the resident page or recorded by the grid worker.
 * Whether a notice is visible is computed from status, publish_at and expires_at when read, so
 * scheduling and expiry need no background job.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: any) => t.addColumn('id', 'integer', (c: any) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()));
  const pathType = pg ? sql`text collate "C"` : sql`text`;

  await id(db.schema.createTable('announcements'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('title', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('category', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('urgency', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('refutes', 'varchar(500)')
    .addColumn('pinned', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('publish_at', 'varchar(32)')
    .addColumn('expires_at', 'varchar(32)')
    .addColumn('author_id', 'integer')
    .addColumn('author_name', 'varchar(100)')
    .addColumn('reviewer_id', 'integer')
    .addColumn('reviewer_name', 'varchar(100)')
    .addColumn('review_note', 'varchar(500)')
    .addColumn('reviewed_at', 'varchar(32)')
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  // The resident page asks "which notices sit at exactly these ancestor paths"; the admin list scans a subtree.
  await db.schema.createIndex('announcements_path').on('announcements').columns(['area_path', 'status', 'publish_at']).execute();

  await id(db.schema.createTable('announcement_versions'))
    .addColumn('announcement_id', 'integer', (c: any) => c.notNull().references('announcements.id'))
    .addColumn('version', 'integer', (c: any) => c.notNull())
    .addColumn('title', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('replaced_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('replaced_by', 'varchar(100)')
    .execute();
  await db.schema.createIndex('announcement_versions_one').on('announcement_versions').columns(['announcement_id', 'version']).unique().execute();

  await id(db.schema.createTable('announcement_acks'))
    .addColumn('announcement_id', 'integer', (c: any) => c.notNull().references('announcements.id'))
    .addColumn('household_id', 'integer', (c: any) => c.references('households.id'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('recorded_by', 'integer')
    .addColumn('at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  // One acknowledgement per household and notice; anonymous reads (no household) may repeat.
  await db.schema.createIndex('announcement_acks_household').on('announcement_acks').columns(['announcement_id', 'household_id']).unique().execute();
  await db.schema.createIndex('announcement_acks_path').on('announcement_acks').columns(['announcement_id', 'area_path']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['announcement_acks', 'announcement_versions', 'announcements']) await db.schema.dropTable(t).execute();
}
