import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/20261129_0001_foundation.js';
import * as m0002 from './migrations/20261129_0002_registry.js';
import * as m0003 from './migrations/20261129_0003_registry_search.js';
import * as m0010 from './migrations/20261129_0010_announcements.js';
import * as m0011 from './migrations/20261129_0011_announcement_webhooks.js';
import * as m0012 from './migrations/20261129_0012_resident_tags.js';
import * as m0020 from './migrations/20261129_0020_forms.js';
import * as m0030 from './migrations/20261129_0030_cases.js';
import * as m0031 from './migrations/20261129_0031_case_closed_index.js';
import * as m0032 from './migrations/20261129_0032_case_list_indexes.js';

/** Migrations are listed here explicitly (not read from disk) so they work the same under tsx, bundles and tests. */
export const MIGRATIONS: Record<string, Migration> = {
  '20261129_0001_foundation': m0001,
  '20261129_0002_registry': m0002,
  '20261129_0003_registry_search': m0003,
  '20261129_0010_announcements': m0010,
  '20261129_0011_announcement_webhooks': m0011,
  '20261129_0012_resident_tags': m0012,
  '20261129_0020_forms': m0020,
  '20261129_0030_cases': m0030,
  '20261129_0031_case_closed_index': m0031,
  '20261129_0032_case_list_indexes': m0032,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Bring the schema up to date; throws with the failing migration's name and cause. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(), migrationTableName: 'wangge_migrations', migrationLockTableName: 'wangge_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
