import type { AreaRow } from '../db/types.js';
import type { TestDb } from './harness.js';

/** A small district used across tests: two communities, each with grids, and people at each level. */
export interface Scenario {
  district: AreaRow;
  street: AreaRow;
  east: AreaRow;
  west: AreaRow;
  eastGrid1: AreaRow;
  eastGrid2: AreaRow;
  westGrid1: AreaRow;
  building: AreaRow;
  users: { admin: number; chief: number; eastLeader: number; eastWorker: number; westLeader: number; observer: number; nobody: number };
  cookies: { admin: string; chief: string; eastLeader: string; eastWorker: string; westLeader: string; observer: string; nobody: string };
}

let n = 0;

/** Build the scenario in the test database; usernames get a suffix so several scenarios can share one database. */
export async function buildScenario(t: TestDb): Promise<Scenario> {
  const s = `${++n}${Math.random().toString(36).slice(2, 6)}`;
  const district = await t.area(null, 'district', `测试区${s}`);
  const street = await t.area(district, 'subdistrict', '测试街道');
  const east = await t.area(street, 'community', '东社区');
  const west = await t.area(street, 'community', '西社区');
  const eastGrid1 = await t.area(east, 'grid', '东一网格');
  const eastGrid2 = await t.area(east, 'grid', '东二网格');
  const westGrid1 = await t.area(west, 'grid', '西一网格');
  const building = await t.area(eastGrid1, 'building', '1号楼');
  const users = {
    admin: await t.user(`admin${s}`, { superAdmin: true }),
    chief: await t.user(`chief${s}`),
    eastLeader: await t.user(`eastlead${s}`, { phone: '13800138001', showPhone: true, name: '东组长' }),
    eastWorker: await t.user(`eastwork${s}`, { phone: '13800138002', showPhone: false, name: '东网格员' }),
    westLeader: await t.user(`westlead${s}`),
    observer: await t.user(`observer${s}`),
    nobody: await t.user(`nobody${s}`),
  };
  await t.assign(users.chief, street, 'chief_advisor');
  await t.assign(users.eastLeader, east, 'chief_grid_leader');
  await t.assign(users.eastWorker, eastGrid1, 'grid_worker', ['publicity', 'screening']);
  await t.assign(users.westLeader, west, 'chief_grid_leader');
  await t.assign(users.observer, street, 'observer');
  const cookies = {} as Scenario['cookies'];
  for (const [k, id] of Object.entries(users)) {
    const row = await t.db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirstOrThrow();
    (cookies as any)[k] = await t.login(row.username);
  }
  return { district, street, east, west, eastGrid1, eastGrid2, westGrid1, building, users, cookies };
}
