import { Migrator, type MigrationProvider } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.js';
import { updateArea } from '../areas/areas.service.js';
import { insertArea } from '../areas/areas.repository.js';
import { MIGRATIONS } from '../db/migrate.js';
import type { AreaRow } from '../db/types.js';
import { idNumbers } from '../test/fake-residents.js';
import { DIALECTS, describeEachDialect, openTestDatabase, TEST_CIPHER } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { createHousehold, moveHousehold } from './households.service.js';
import { importResidents } from './resident-import.js';
import { createResident, listResidents, mergeResidents, moveOutResident, moveResident, updateResident } from './residents.service.js';

const TAGS = ['独居老人', '残疾人', '党员', '低保户'];

describeEachDialect('the tag index behind the tag filter', (t) => {
  let s: Scenario;
  let admin: Actor;
  let eastLeader: Actor;
  const ids = idNumbers();

  /** The tag filter's answer (all statuses), as sorted ids. */
  const filtered = async (actor: Actor, tag: string, area?: number) => {
    const page = await listResidents(t.db, TEST_CIPHER, actor, { tag, area, status: 'all', page: 1, pageSize: 1000 } as any);
    expect(page.total, `count of ${tag}`).toBe(page.items.length);
    return page.items.map((r) => r.id).sort((a, b) => a - b);
  };
  /** The same, worked out by reading every resident's comma-wrapped tags. */
  const bruteForce = async (tag: string, under: string[]) => {
    const all = await t.db.selectFrom('residents').select(['id', 'tags', 'area_path', 'merged_into']).execute();
    return all
      .filter((r) => r.merged_into === null && r.tags.split(',').includes(tag) && under.some((p) => r.area_path.startsWith(p)))
      .map((r) => r.id)
      .sort((a, b) => a - b);
  };
  const expectConsistent = async () => {
    for (const tag of TAGS) {
      expect(await filtered(admin, tag), `${tag}, everywhere`).toEqual(await bruteForce(tag, [s.district.path]));
      expect(await filtered(eastLeader, tag), `${tag}, east only`).toEqual(await bruteForce(tag, [s.east.path]));
      expect(await filtered(admin, tag, s.eastGrid2.id), `${tag}, east grid 2`).toEqual(await bruteForce(tag, [s.eastGrid2.path]));
    }
    // The index holds exactly one row per tag of every resident not merged away, with the resident's path.
    const rows = await t.db.selectFrom('resident_tags').select(['resident_id', 'tag', 'area_path']).execute();
    const residents = await t.db.selectFrom('residents').select(['id', 'tags', 'area_path', 'merged_into']).execute();
    const want = residents.filter((r) => r.merged_into === null).flatMap((r) => r.tags.split(',').filter(Boolean).map((tag) => `${r.id}|${tag}|${r.area_path}`));
    expect(rows.map((r) => `${r.resident_id}|${r.tag}|${r.area_path}`).sort()).toEqual(want.sort());
  };

  let building2: AreaRow;
  const made: number[] = [];
  const households: number[] = [];
  beforeAll(async () => {
    s = await buildScenario(t);
    admin = await t.actor(s.users.admin);
    eastLeader = await t.actor(s.users.eastLeader);
    building2 = await t.area(s.eastGrid2, 'building', '2号楼');
    const places = [s.building, building2, s.westGrid1];
    for (let h = 0; h < 6; h++) {
      const hh = await createHousehold(t.db, TEST_CIPHER, admin, { areaId: places[h % 3].id, room: `${100 + h}` });
      households.push(hh.id);
      for (let m = 0; m < 3; m++) {
        const tags = TAGS.filter((_, i) => (h + m + i) % 3 === 0);
        const r = await createResident(t.db, TEST_CIPHER, admin, { householdId: hh.id, name: '王五', idNumber: ids.next(), relation: m === 0 ? 'head' : 'child', residenceType: 'registered', tags } as any);
        made.push(r.id);
      }
    }
  });

  it('answers like a scan of every resident right after registering', async () => {
    await expectConsistent();
  });

  it('follows tag changes, merges, moves of residents, households and areas, and imports', async () => {
    await updateResident(t.db, TEST_CIPHER, admin, made[0], { tags: ['残疾人', '低保户'] });
    await updateResident(t.db, TEST_CIPHER, admin, made[1], { tags: [] });
    await updateResident(t.db, TEST_CIPHER, admin, made[2], { name: '王六' });
    await expectConsistent();

    await mergeResidents(t.db, admin, made[3], made[4]);
    await mergeResidents(t.db, admin, made[6], made[10]);
    await expectConsistent();

    await moveResident(t.db, admin, made[5], { householdId: households[2] });
    await moveResident(t.db, admin, made[7], { householdId: households[0] });
    await moveOutResident(t.db, admin, made[8], { date: '2026-01-01' });
    await expectConsistent();

    await moveHousehold(t.db, admin, households[0], { areaId: building2.id, room: '900' });
    await moveHousehold(t.db, admin, households[5], { areaId: s.building.id, room: '901' });
    await expectConsistent();

    // The whole building moves to another grid: the index's copies of the path move with it.
    await updateArea(t.db, admin, building2.id, { parentId: s.eastGrid1.id });
    await expectConsistent();
    await updateArea(t.db, admin, building2.id, { parentId: s.eastGrid2.id });
    await expectConsistent();

    const idA = ids.next();
    const idB = ids.next();
    const header = ['姓名', '身份证号', '网格', '楼栋', '单元', '房号', '与户主关系', '人员类型', '标签'];
    const rows = [header, ['赵一', idA, '', '7号楼', '1单元', '101', '户主', '户籍', '独居老人、党员'], ['赵二', idB, '', '7号楼', '1单元', '101', '配偶', '户籍', '党员,残疾人,党员']];
    const open = async function* () {
      for (const [i, cells] of rows.entries()) yield { row: i + 1, cells };
    };
    await importResidents(t.db, TEST_CIPHER, admin, s.eastGrid2.id, open, 'residents.csv');
    await expectConsistent();
    const imported = await t.db.selectFrom('residents').select('id').where('id_hash', 'in', [TEST_CIPHER.hash(idA), TEST_CIPHER.hash(idB)]).execute();
    expect(imported).toHaveLength(2);
    for (const r of imported) expect(await filtered(admin, '党员', s.eastGrid2.id)).toContain(r.id);
  });

  it('does not keep an area from being deleted', async () => {
    const grid = await t.area(s.west, 'grid', '空网格');
    // A stray index row pointing under the grid (none should exist, but the index never blocks a delete).
    expect((await t.db.selectFrom('resident_tags').select('resident_id').where('area_path', '>=', grid.path).where('area_path', '<', `${grid.path}~`).execute()).length).toBe(0);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/areas/${grid.id}`, headers: { cookie: s.cookies.admin } });
    expect(res.statusCode, res.body).toBeLessThan(300);
  });
});

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

describe.each(DIALECTS)('migration 0012 resident tags [%s]', (dialect) => {
  it('backfills the index from the tags already on the register, skipping merged records, and goes down again', async () => {
    const { handle, drop } = await openTestDatabase(dialect);
    const db = handle.db as any;
    try {
      const migrator = new Migrator({ db, provider, migrationTableName: 'wangge_migrations', migrationLockTableName: 'wangge_migrations_lock' });
      expect((await migrator.migrateTo('20261129_0011_announcement_webhooks')).error).toBeUndefined();
      const now = new Date().toISOString();
      const area = await insertArea(db, { code: 'M0012', name: '迁移测试', level: 'district', parent_id: null, sort_order: 1, archived_at: null, geo: null, created_at: now, updated_at: now }, null);
      const { id: householdId } = await db.insertInto('households').values({ area_id: area.id, area_path: area.path, room: '101', address: 'x', phone_enc: null, phone_hash: null, phone_last4: null, tags: '', head_resident_id: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      const base = { household_id: householdId, area_id: area.id, area_path: area.path, name: '张三', name_initials: 'zs', name_pinyin: 'zhangsan', gender: 'male', birth_date: '1980-01-01', id_enc: 'x', id_last4: '0000', id_prefix4: '3701', phone_enc: null, phone_hash: null, phone_last4: null, phone_prefix3: null, relation: 'head', residence_type: 'registered', status: 'present', address: 'x', move_in_date: null, move_out_date: null, merged_into: null, created_at: now, updated_at: now };
      // Enough residents for several read batches.
      const residents = Array.from({ length: 12_000 }, (_, i) => ({ ...base, id_hash: `h${i}`, tags: i % 3 === 0 ? ',党员,残疾人,' : i % 3 === 1 ? ',低保户,' : '' }));
      for (let i = 0; i < residents.length; i += 500) await db.insertInto('residents').values(residents.slice(i, i + 500)).execute();
      const ids: number[] = (await db.selectFrom('residents').select('id').orderBy('id').execute()).map((r: { id: number }) => Number(r.id));
      await db.updateTable('residents').set({ merged_into: ids[1], id_hash: 'merged' }).where('id', '=', ids[0]).execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rows: { resident_id: number; tag: string; area_path: string }[] = await db.selectFrom('resident_tags').selectAll().execute();
      const want = residents.flatMap((r, i) => (i === 0 ? [] : r.tags.split(',').filter(Boolean).map((tag) => `${ids[i]}|${tag}|${area.path}`)));
      expect(rows.length).toBe(want.length);
      expect(rows.map((r) => `${Number(r.resident_id)}|${r.tag}|${r.area_path}`).sort()).toEqual(want.sort());
      expect((await migrator.migrateTo('20261129_0011_announcement_webhooks')).error).toBeUndefined();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect((await db.selectFrom('resident_tags').select('tag').execute()).length).toBe(want.length);
    } finally {
      await drop();
    }
  }, 60_000);
});
