import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/** Foundation: area tree, users and sessions, roster assignments, audit log, settings, import jobs. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: any) =>
    t.addColumn('id', 'integer', (c: any) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()));
  // Paths compare bytewise so that a subtree is a plain range on the index.
  const pathType = pg ? sql`text collate "C"` : sql`text`;

  await id(db.schema.createTable('areas'))
    .addColumn('code', 'varchar(64)', (c: any) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('level', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('parent_id', 'integer', (c: any) => c.references('areas.id'))
    .addColumn('path', pathType, (c: any) => c.notNull().unique())
    .addColumn('depth', 'integer', (c: any) => c.notNull())
    .addColumn('sort_order', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('archived_at', 'varchar(32)')
    .addColumn('geo', 'text')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('areas_parent_sort').on('areas').columns(['parent_id', 'sort_order', 'id']).execute();
  await db.schema.createIndex('areas_level_path').on('areas').columns(['level', 'path']).execute();
  await db.schema.createIndex('areas_name').on('areas').column('name').execute();

  await id(db.schema.createTable('users'))
    .addColumn('username', 'varchar(32)', (c: any) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(255)', (c: any) => c.notNull())
    .addColumn('display_name', 'varchar(50)', (c: any) => c.notNull())
    .addColumn('phone', 'varchar(20)')
    .addColumn('show_phone', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('is_super_admin', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('last_login_at', 'varchar(32)')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(255)')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await id(db.schema.createTable('assignments'))
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('role', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('duties', 'varchar(128)', (c: any) => c.notNull().defaultTo(''))
    .addColumn('started_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('ended_at', 'varchar(32)')
    .addColumn('created_by', 'integer')
    .addColumn('ended_by', 'integer')
    .execute();
  await db.schema.createIndex('assignments_area_active').on('assignments').columns(['area_id', 'ended_at']).execute();
  await db.schema.createIndex('assignments_user_active').on('assignments').columns(['user_id', 'ended_at']).execute();

  await id(db.schema.createTable('audit_log'))
    .addColumn('at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'varchar(32)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('action', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('entity_type', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('entity_id', 'varchar(64)')
    .addColumn('area_id', 'integer')
    .addColumn('area_path', pathType)
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('audit_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_area_path').on('audit_log').columns(['area_path', 'at']).execute();
  await db.schema.createIndex('audit_user').on('audit_log').columns(['user_id', 'at']).execute();
  await db.schema.createIndex('audit_action').on('audit_log').columns(['action', 'at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('import_jobs'))
    .addColumn('kind', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('file_name', 'varchar(255)', (c: any) => c.notNull())
    .addColumn('processed', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text', (c: any) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('user_id', 'integer')
    .addColumn('started_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['import_jobs', 'settings', 'audit_log', 'assignments', 'sessions', 'users', 'areas']) {
    await db.schema.dropTable(t).execute();
  }
}
