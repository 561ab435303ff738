import { Migrator, type MigrationProvider } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertArea } from '../../areas/areas.repository.js';
import { DIALECTS, openTestDatabase } from '../../test/harness.js';
import { MIGRATIONS } from '../migrate.js';

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

describe.each(DIALECTS)('migration 0011 announcement webhooks [%s]', (dialect) => {
  it('goes down and up again, marking notices already out as pushed and leaving scheduled ones to the worker', async () => {
    const { handle, drop } = await openTestDatabase(dialect);
    const db = handle.db;
    try {
      const migrator = new Migrator({ db, provider, migrationTableName: 'wangge_migrations', migrationLockTableName: 'wangge_migrations_lock' });
      const down = await migrator.migrateTo('20261129_0010_announcements');
      expect(down.error).toBeUndefined();
      const now = new Date().toISOString();
      const area = await insertArea(db, { code: 'M0011', name: '迁移测试', level: 'district', parent_id: null, sort_order: 1, archived_at: null, geo: null, created_at: now, updated_at: now }, null);
      const base = { area_id: area.id, area_path: area.path, body: '', category: 'other', urgency: 'normal', refutes: null, pinned: 0, expires_at: null, author_id: null, author_name: null, reviewer_id: null, reviewer_name: null, review_note: null, reviewed_at: null, version: 1, created_at: now, updated_at: now };
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const rows = [
        { ...base, title: 'out', status: 'published', publish_at: now },
        { ...base, title: 'later', status: 'scheduled', publish_at: later },
        { ...base, title: 'draft', status: 'draft', publish_at: null },
      ];
      // Written without pushed_at: the column does not exist before 0011.
      await (db as any).insertInto('announcements').values(rows).execute();
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      const after = await db.selectFrom('announcements').select(['title', 'pushed_at']).where('area_id', '=', area.id).orderBy('id').execute();
      expect(after.map((r) => [r.title, r.pushed_at !== null])).toEqual([
        ['out', true],
        ['later', false],
        ['draft', false],
      ]);
      expect(await db.selectFrom('announcement_deliveries').select('id').execute()).toEqual([]);
    } finally {
      await drop();
    }
  });
});
