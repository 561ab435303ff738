import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Self-report forms (自主申报): forms with their published versions, one QR link per form and area
 * node, submissions, and the running tallies the statistics tables read. Submissions are written by
 * one INSERT each; a tally pass (in-process, every fraction of a second and before every statistics
 * read) folds new submissions into `form_tallies` in order of `seq`, recording how far it got in
 * `form_tally_progress` in the same transaction, so a crash never counts one twice or misses one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: any, name = 'id') => t.addColumn(name, 'integer', (c: any) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()));
  const pathType = pg ? sql`text collate "C"` : sql`text`;

  await id(db.schema.createTable('forms'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('title', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('mode', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('draft', 'text', (c: any) => c.notNull())
    .addColumn('draft_changed', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('opens_at', 'varchar(32)')
    .addColumn('closes_at', 'varchar(32)')
    .addColumn('verification', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('submission_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('forms_path').on('forms').columns(['area_path', 'id']).execute();

  await id(db.schema.createTable('form_versions'))
    .addColumn('form_id', 'integer', (c: any) => c.notNull().references('forms.id'))
    .addColumn('version', 'integer', (c: any) => c.notNull())
    .addColumn('definition', 'text', (c: any) => c.notNull())
    .addColumn('published_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('published_by', 'varchar(100)')
    .execute();
  await db.schema.createIndex('form_versions_one').on('form_versions').columns(['form_id', 'version']).unique().execute();

  await id(db.schema.createTable('form_links'))
    .addColumn('token', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('form_id', 'integer', (c: any) => c.notNull().references('forms.id'))
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('form_links_token').on('form_links').column('token').unique().execute();
  await db.schema.createIndex('form_links_area').on('form_links').columns(['form_id', 'area_id']).unique().execute();

  await id(db.schema.createTable('form_submissions'), 'seq')
    .addColumn('id', 'varchar(36)', (c: any) => c.notNull())
    .addColumn('form_id', 'integer', (c: any) => c.notNull().references('forms.id'))
    .addColumn('version', 'integer', (c: any) => c.notNull())
    .addColumn('link_id', 'integer', (c: any) => c.notNull())
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('day', 'varchar(10)', (c: any) => c.notNull())
    .addColumn('submitted_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('reporter_name', 'varchar(50)', (c: any) => c.notNull())
    .addColumn('reporter_phone_enc', 'text', (c: any) => c.notNull())
    .addColumn('reporter_phone_hash', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('reporter_phone_last4', 'varchar(4)', (c: any) => c.notNull())
    .addColumn('reporter_id_enc', 'text')
    .addColumn('reporter_id_hash', 'varchar(64)')
    .addColumn('answers', 'text', (c: any) => c.notNull())
    .addColumn('flagged', 'integer', (c: any) => c.notNull().defaultTo(0))
    /** Who may hold only one live answer: the person (survey) or the person and day (daily); null for continuous reports. */
    .addColumn('dedupe_key', 'varchar(200)')
    .addColumn('replaces_seq', 'integer')
    .addColumn('replaced_at', 'varchar(32)')
    .addColumn('deleted_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('form_submissions_id').on('form_submissions').column('id').unique().execute();
  await db.schema.createIndex('form_submissions_area').on('form_submissions').columns(['form_id', 'area_path', 'day']).execute();
  await db.schema.createIndex('form_submissions_day').on('form_submissions').columns(['form_id', 'day', 'seq']).execute();
  await db.schema.createIndex('form_submissions_phone').on('form_submissions').columns(['form_id', 'day', 'reporter_phone_hash']).execute();
  await db.schema.createIndex('form_submissions_idnum').on('form_submissions').columns(['form_id', 'day', 'reporter_id_hash']).execute();
  await db.schema
    .createIndex('form_submissions_live_key')
    .on('form_submissions')
    .columns(['form_id', 'dedupe_key'])
    .unique()
    .where(sql.ref('dedupe_key'), 'is not', null)
    .where(sql.ref('replaced_at'), 'is', null)
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('form_tallies')
    .addColumn('form_id', 'integer', (c: any) => c.notNull())
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('day', 'varchar(10)', (c: any) => c.notNull())
    /** '' for the submission count itself, '!' for flagged submissions, else a counted question's name. */
    .addColumn('field', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('option', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('count', 'integer', (c: any) => c.notNull())
    .addPrimaryKeyConstraint('form_tallies_pk', ['form_id', 'area_path', 'day', 'field', 'option'])
    .execute();

  await db.schema
    .createTable('form_tally_progress')
    .addColumn('name', 'varchar(32)', (c: any) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c: any) => c.notNull())
    .execute();
  await db.insertInto('form_tally_progress').values({ name: 'forms', last_seq: 0 }).execute();

  await id(db.schema.createTable('form_alerts'))
    .addColumn('form_id', 'integer', (c: any) => c.notNull().references('forms.id'))
    .addColumn('submission_seq', 'integer', (c: any) => c.notNull())
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c: any) => c.notNull())
    .addColumn('rule', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('detail', 'varchar(500)', (c: any) => c.notNull())
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('assignee_id', 'integer')
    .addColumn('note', 'varchar(1000)')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_by', 'integer')
    .execute();
  await db.schema.createIndex('form_alerts_path').on('form_alerts').columns(['area_path', 'status', 'id']).execute();
  await db.schema.createIndex('form_alerts_form').on('form_alerts').columns(['form_id', 'status']).execute();
  await db.schema.createIndex('form_alerts_submission').on('form_alerts').column('submission_seq').execute();

  await id(db.schema.createTable('verification_codes'))
    .addColumn('phone_hash', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('purpose', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('code_hash', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('attempts', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('verification_codes_phone').on('verification_codes').columns(['phone_hash', 'purpose', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['verification_codes', 'form_alerts', 'form_tally_progress', 'form_tallies', 'form_submissions', 'form_links', 'form_versions', 'forms']) await db.schema.dropTable(t).execute();
}
