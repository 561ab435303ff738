import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Cases (工单): one work-order engine for rectification, errands, supervision findings and resident
 * suggestions. A case's time limit and escalation state live on its row (`due_at`,
 * `next_escalation_at`, `escalation_level`), so the in-app scheduler survives restarts and an
 * escalation is applied by a conditional update (exactly once). `version` guards against lost updates.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: any) => t.addColumn('id', 'integer', (c: any) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()));
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  const real = pg ? sql`double precision` : sql`real`;

  await id(db.schema.createTable('case_categories'))
    .addColumn('code', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('name', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('type', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('description', 'varchar(1000)')
    .addColumn('default_role', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('accept_hours', real, (c: any) => c.notNull())
    .addColumn('resolve_hours', real, (c: any) => c.notNull())
    .addColumn('public_reporting', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('case_categories_code').on('case_categories').column('code').unique().execute();

  await id(db.schema.createTable('api_keys'))
    .addColumn('name', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('key_hash', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('key_prefix', 'varchar(12)', (c: any) => c.notNull())
    /** Requests created with this key land here unless they name a smaller area. */
    .addColumn('area_id', 'integer', (c: any) => c.references('areas.id'))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('last_used_at', 'varchar(32)')
    .addColumn('revoked_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('api_keys_hash').on('api_keys').column('key_hash').unique().execute();

  await id(db.schema.createTable('inspections'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('title', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('target', 'varchar(200)')
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('planned_at', 'varchar(32)')
    .addColumn('inspector_id', 'integer')
    .addColumn('score', real)
    .addColumn('recorded_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('inspections_path').on('inspections').columns(['area_path', 'status', 'id']).execute();

  await id(db.schema.createTable('inspection_items'))
    .addColumn('inspection_id', 'integer', (c: any) => c.notNull().references('inspections.id'))
    .addColumn('position', 'integer', (c: any) => c.notNull())
    .addColumn('item', 'varchar(300)', (c: any) => c.notNull())
    .addColumn('passed', 'integer')
    .addColumn('note', 'varchar(1000)')
    .addColumn('case_id', 'integer')
    .execute();
  await db.schema.createIndex('inspection_items_inspection').on('inspection_items').columns(['inspection_id', 'position']).execute();

  await id(db.schema.createTable('cases'))
    .addColumn('reference', 'varchar(32)', (c: any) => c.notNull())
    /** The page-made id of a public report (idempotent retries). */
    .addColumn('client_id', 'varchar(36)')
    .addColumn('category_id', 'integer', (c: any) => c.notNull().references('case_categories.id'))
    .addColumn('type', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('title', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('description', 'text', (c: any) => c.notNull())
    .addColumn('lat', real)
    .addColumn('lng', real)
    .addColumn('address', 'varchar(200)')
    /** staff | resident | open311 | inspection */
    .addColumn('source', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('reporter_user_id', 'integer')
    .addColumn('reporter_name', 'varchar(50)')
    .addColumn('reporter_phone_enc', 'text')
    .addColumn('reporter_phone_hash', 'varchar(64)')
    .addColumn('reporter_phone_last4', 'varchar(4)')
    .addColumn('household_id', 'integer')
    .addColumn('needed_by', 'varchar(32)')
    .addColumn('assignee_user_id', 'integer')
    .addColumn('assignee_area_id', 'integer')
    .addColumn('assignee_area_path', pathType)
    .addColumn('responsible_role', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('escalation_level', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'varchar(32)')
    .addColumn('next_escalation_at', 'varchar(32)')
    .addColumn('overdue_once', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('resolved_by', 'integer')
    .addColumn('resolved_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('rating', 'integer')
    .addColumn('rating_note', 'varchar(500)')
    .addColumn('inspection_id', 'integer')
    .addColumn('inspection_item_id', 'integer')
    .addColumn('tracking_token', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('api_key_id', 'integer')
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_reference').on('cases').column('reference').unique().execute();
  await db.schema.createIndex('cases_client_id').on('cases').column('client_id').unique().execute();
  await db.schema.createIndex('cases_tracking').on('cases').column('tracking_token').unique().execute();
  await db.schema.createIndex('cases_path').on('cases').columns(['area_path', 'status', 'id']).execute();
  await db.schema.createIndex('cases_assignee').on('cases').columns(['assignee_user_id', 'status']).execute();
  await db.schema.createIndex('cases_assignee_area').on('cases').columns(['assignee_area_path', 'status']).execute();
  await db.schema.createIndex('cases_role').on('cases').columns(['responsible_role', 'status', 'area_path']).execute();
  await db.schema.createIndex('cases_escalation').on('cases').columns(['next_escalation_at']).execute();
  await db.schema.createIndex('cases_inspection').on('cases').column('inspection_id').execute();
  await db.schema.createIndex('cases_created').on('cases').columns(['area_path', 'created_at']).execute();

  await id(db.schema.createTable('case_events'))
    .addColumn('case_id', 'integer', (c: any) => c.notNull().references('cases.id'))
    .addColumn('at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('action', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('from_status', 'varchar(16)')
    .addColumn('to_status', 'varchar(16)')
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_name', 'varchar(100)')
    .addColumn('note', 'text')
    /** JSON with action details (assignee, rating, escalated role…). */
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();

  await id(db.schema.createTable('case_attachments'))
    .addColumn('case_id', 'integer')
    .addColumn('event_id', 'integer')
    .addColumn('inspection_item_id', 'integer')
    .addColumn('file', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('thumb_file', 'varchar(200)')
    .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('size', 'integer', (c: any) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('uploaded_by', 'integer')
    /** Uploaded by a resident without login; attachable only to a public report within the hour. */
    .addColumn('public_upload', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('case_attachments_case').on('case_attachments').columns(['case_id', 'event_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['case_attachments', 'case_events', 'cases', 'inspection_items', 'inspections', 'api_keys', 'case_categories']) await db.schema.dropTable(t).execute();
}
