import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Group-chat push for notices: webhooks per area (WeCom, DingTalk, Feishu robots or generic JSON) and
 * one delivery per notice and webhook, queued in the database so that retries survive restarts and
 * several processes can share the work. `announcements.pushed_at` marks a notice whose deliveries
 * have been queued, so a scheduled notice is queued once when its publish time arrives.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: any) => t.addColumn('id', 'integer', (c: any) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()));
  const pathType = pg ? sql`text collate "C"` : sql`text`;

  await id(db.schema.createTable('announcement_webhooks'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('name', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('url', 'varchar(2000)', (c: any) => c.notNull())
    .addColumn('secret', 'varchar(500)')
    .addColumn('enabled', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('announcement_webhooks_path').on('announcement_webhooks').columns(['area_path']).execute();

  await id(db.schema.createTable('announcement_deliveries'))
    .addColumn('announcement_id', 'integer', (c: any) => c.notNull().references('announcements.id'))
    .addColumn('webhook_id', 'integer', (c: any) => c.notNull().references('announcement_webhooks.id'))
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('attempts', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('last_attempt_at', 'varchar(32)')
    .addColumn('last_http_status', 'integer')
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('delivered_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  // One delivery per notice and webhook, however many processes queue it at once.
  await db.schema.createIndex('announcement_deliveries_one').on('announcement_deliveries').columns(['announcement_id', 'webhook_id']).unique().execute();
  await db.schema.createIndex('announcement_deliveries_due').on('announcement_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('announcement_deliveries_webhook').on('announcement_deliveries').columns(['webhook_id', 'id']).execute();

  await db.schema.alterTable('announcements').addColumn('pushed_at', 'varchar(32)').execute();
  // Notices that went out before push existed are not pushed now, long after the fact; scheduled ones still are.
  const now = new Date().toISOString();
  await db.updateTable('announcements').set({ pushed_at: now }).where('status', 'in', ['published', 'scheduled']).where('publish_at', '<=', now).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('announcements').dropColumn('pushed_at').execute();
  for (const t of ['announcement_deliveries', 'announcement_webhooks']) await db.schema.dropTable(t).execute();
}
