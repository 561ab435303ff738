/**
 * Benchmarks of the population registry at a million residents: search latency for each way a person
 * looks someone up, at subdistrict and at grid scope, and the grid overview. JSON lines on stdout,
 * progress on stderr. Part of `npm run bench`; alone: `node bin/run-ts.js bench/registry.ts`.
 * BENCH_SCALE=0.1 for a tenth of the residents; BENCH_ONLY=sqlite|postgres; see bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { TResidentQuery } from '../common/registry.js';
import { insertArea } from '../server/areas/areas.repository.js';
import type { Actor } from '../server/auth/actor.js';
import { type DatabaseHandle, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { refreshPlannerStatistics } from '../server/db/planner-statistics.js';
import type { AreaRow } from '../server/db/types.js';
import { registryOverview } from '../server/registry/overview.service.js';
import { createCipher, type PersonalDataCipher } from '../server/registry/personal-data-cipher.js';
import { idNumberColumns, namePinyin, phoneColumns, tagsToColumn } from '../server/registry/resident-fields.js';
import { listResidents } from '../server/registry/residents.service.js';
import { residentTagRows } from '../server/registry/resident-tags-index.js';
import { GIVEN, idNumberOf, SURNAMES, seeded } from '../server/test/fake-residents.js';
import { emit, latencies, progress, round } from './bench-output.js';

export interface RegistryBenchOptions {
  scale: number;
  samples: number;
  only: string[];
  pgUrl: string;
}

const load = () => ({ load1: round(loadavg()[0]) });

/** Residents per grid and the tree's fan-out: a district of ~10 subdistricts × 10 communities × 20 grids. */
const PER_GRID = 500;
const GRIDS_PER_COMMUNITY = 20;
const COMMUNITIES_PER_SUBDISTRICT = 10;
const BUILDINGS_PER_GRID = 6;

/** The ways a person looks someone up, each built from a resident known to be in scope. */
export const FORMS = ['name_prefix', 'pinyin_initials', 'last4', 'whole_id', 'whole_phone', 'address', 'tag', 'none'] as const;
export type Form = (typeof FORMS)[number];

export interface Sample {
  id: number;
  name: string;
  initials: string;
  idNumber: string;
  phone: string | null;
  building: string;
  tags: string[];
  grid: number;
  subdistrict: number;
}

export interface Place {
  grids: AreaRow[];
  subdistricts: AreaRow[];
  /** Per grid, its buildings. */
  buildings: AreaRow[][];
  /** Subdistrict index of each grid. */
  subOfGrid: number[];
}

const TAG_RULES: { tag: string; p: (age: number, gender: string) => number }[] = [
  { tag: '独居老人', p: (a) => (a >= 65 ? 0.1 : 0) },
  { tag: '空巢老人', p: (a) => (a >= 60 ? 0.12 : 0) },
  { tag: '残疾人', p: () => 0.02 },
  { tag: '慢性病', p: (a) => (a >= 45 ? 0.15 : 0.01) },
  { tag: '孕产妇', p: (a, g) => (g === 'female' && a >= 20 && a <= 40 ? 0.04 : 0) },
  { tag: '留守儿童', p: (a) => (a < 16 ? 0.05 : 0) },
  { tag: '低保户', p: () => 0.02 },
  { tag: '重点人员', p: () => 0.005 },
  { tag: '退役军人', p: (a, g) => (g === 'male' && a >= 25 ? 0.03 : 0) },
  { tag: '党员', p: (a) => (a >= 18 ? 0.08 : 0) },
];
const HOME_AREAS = ['370102', '370103', '370104', '370105', '370112', '370181', '410105', '130102', '320106', '510104', '440305'];

/** Build the area tree: district → subdistricts → communities → grids → buildings. */
export async function buildTree(handle: DatabaseHandle, grids: number): Promise<Place> {
  const db = handle.db;
  const now = new Date().toISOString();
  let code = 370_100_000_000;
  const add = (parent: AreaRow | null, level: AreaRow['level'], name: string, official: boolean, sort: number) =>
    insertArea(db, { code: official ? String(++code) : `B${++code}`, name, level, parent_id: parent?.id ?? null, sort_order: sort, archived_at: null, geo: null, created_at: now, updated_at: now }, parent?.path ?? null);
  const district = await add(null, 'district', '基准区', true, 0);
  const place: Place = { grids: [], subdistricts: [], buildings: [], subOfGrid: [] };
  const communities = Math.ceil(grids / GRIDS_PER_COMMUNITY);
  const subdistricts = Math.ceil(communities / COMMUNITIES_PER_SUBDISTRICT);
  let c = 0;
  for (let s = 0; s < subdistricts; s++) {
    const sub = await add(district, 'subdistrict', `第${s + 1}街道`, true, s);
    place.subdistricts.push(sub);
    for (let k = 0; k < COMMUNITIES_PER_SUBDISTRICT && c < communities; k++, c++) {
      const community = await add(sub, 'community', `${SURNAMES[c % SURNAMES.length]}家社区${c}`, true, k);
      for (let g = 0; g < GRIDS_PER_COMMUNITY && place.grids.length < grids; g++) {
        const grid = await add(community, 'grid', `第${g + 1}网格`, false, g);
        place.grids.push(grid);
        place.subOfGrid.push(s);
        const buildings: AreaRow[] = [];
        for (let b = 1; b <= BUILDINGS_PER_GRID; b++) buildings.push(await add(grid, 'building', `${b}号楼`, false, b));
        place.buildings.push(buildings);
      }
    }
  }
  return place;
}

export type Row = Record<string, string | number | null>;

/**
 * Generate households and residents grid by grid with the same column derivations as the service
 * (namePinyin, idNumberColumns, phoneColumns, tagsToColumn), handing them to `write` in batches.
 * Seeded: both databases get the same people.
 */
export async function generate(place: Place, perGrid: number, cipher: PersonalDataCipher, write: (households: Row[], residents: Row[]) => Promise<void>, samples: Sample[], sampleEvery: number) {
  const rand = seeded(2026);
  const now = new Date().toISOString();
  const taken = new Set<string>();
  const pinyinCache = new Map<string, { initials: string; full: string }>();
  let householdId = 0;
  let residentId = 0;
  let hs: Row[] = [];
  let rs: Row[] = [];
  let present = 0;
  const presentBySub = new Map<number, number>();
  for (let gi = 0; gi < place.grids.length; gi++) {
    let inGrid = 0;
    let n = 0;
    while (inGrid < perGrid) {
      const building = place.buildings[gi][n % BUILDINGS_PER_GRID];
      const unit = 1 + (Math.floor(n / BUILDINGS_PER_GRID) % 3);
      const floor = 1 + (Math.floor(n / (BUILDINGS_PER_GRID * 3)) % 18);
      const door = 1 + (Math.floor(n / (BUILDINGS_PER_GRID * 3 * 18)) % 4);
      n++;
      const room = `${unit}单元${floor}0${door}`;
      const address = `${building.name}${room}`;
      const hid = ++householdId;
      hs.push({ id: hid, area_id: building.id, area_path: building.path, room, address, phone_enc: null, phone_hash: null, phone_last4: null, tags: '', head_resident_id: residentId + 1, created_at: now, updated_at: now });
      const members = Math.min(perGrid - inGrid, 1 + rand.int(4));
      // Surnames lean towards the common ones, as real ones do.
      const surname = SURNAMES[Math.floor((rand.int(1000) / 1000) * (rand.int(1000) / 1000) * SURNAMES.length)];
      for (let m = 0; m < members; m++) {
        const rid = ++residentId;
        inGrid++;
        const gender = rand.int(2) ? 'male' : 'female';
        const year = m === 0 ? 1940 + rand.int(60) : 1935 + rand.int(88);
        const birthDate = `${year}-${String(1 + rand.int(12)).padStart(2, '0')}-${String(1 + rand.int(28)).padStart(2, '0')}`;
        const age = 2026 - year;
        let idNumber: string;
        do idNumber = idNumberOf(rand.pick(HOME_AREAS), birthDate, rand.int(500) * 2 + (gender === 'male' ? 1 : 0));
        while (taken.has(idNumber));
        taken.add(idNumber);
        const phone = age >= 12 && rand.int(100) < 88 ? `1${3 + rand.int(7)}${String(rand.int(1_000_000_000)).padStart(9, '0')}` : null;
        const name = (m > 0 && rand.int(3) === 0 ? SURNAMES[rand.int(SURNAMES.length)] : surname) + GIVEN[rand.int(GIVEN.length)] + (rand.int(3) ? GIVEN[rand.int(GIVEN.length)] : '');
        let py = pinyinCache.get(name);
        if (!py) pinyinCache.set(name, (py = namePinyin(name)));
        const tags = TAG_RULES.filter((r) => rand.int(10_000) < r.p(age, gender) * 10_000).map((r) => r.tag);
        const roll = rand.int(100);
        const status = roll < 95 ? 'present' : roll < 99 ? 'moved_out' : 'deceased';
        const residence = rand.int(100);
        rs.push({
          id: rid,
          household_id: hid,
          area_id: building.id,
          area_path: building.path,
          name,
          name_initials: py.initials,
          name_pinyin: py.full,
          gender,
          birth_date: birthDate,
          ...idNumberColumns(cipher, idNumber),
          ...phoneColumns(cipher, phone),
          relation: m === 0 ? 'head' : rand.pick(['spouse', 'child', 'parent', 'grandchild', 'other']),
          residence_type: residence < 60 ? 'registered' : residence < 85 ? 'resident' : 'migrant',
          status,
          tags: tagsToColumn(tags),
          address,
          move_in_date: null,
          move_out_date: status === 'moved_out' ? '2025-06-01' : null,
          merged_into: null,
          created_at: now,
          updated_at: now,
        });
        if (status === 'present') {
          present++;
          presentBySub.set(place.subOfGrid[gi], (presentBySub.get(place.subOfGrid[gi]) ?? 0) + 1);
          if (rid % sampleEvery === 0) samples.push({ id: rid, name, initials: py.initials, idNumber, phone, building: building.name, tags, grid: gi, subdistrict: place.subOfGrid[gi] });
        }
      }
      if (rs.length >= 5000) {
        await write(hs, rs);
        hs = [];
        rs = [];
        if (residentId % 100_000 < 5000) progress(`  ${residentId} residents`);
      }
    }
  }
  if (rs.length || hs.length) await write(hs, rs);
  return { households: householdId, residents: residentId, present, presentBySub };
}

/** SQLite: prepared statements, one transaction per batch. */
export function sqliteWriter(handle: DatabaseHandle) {
  const sqlite = handle.sqlite!;
  const statements = new Map<string, ReturnType<typeof sqlite.prepare>>();
  const insert = (table: string, rows: Row[]) => {
    if (!rows.length) return;
    const cols = Object.keys(rows[0]);
    let st = statements.get(table);
    if (!st) statements.set(table, (st = sqlite.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})`)));
    for (const r of rows) st.run(r);
  };
  const tx = sqlite.transaction((hs: Row[], rs: Row[]) => {
    insert('households', hs);
    insert('residents', rs);
    insert('resident_tags', residentTagRows(rs as any));
  });
  return async (hs: Row[], rs: Row[]) => tx(hs, rs);
}

/** PostgreSQL: one `insert … select from unnest(arrays)` per batch and table (no COPY, few parameters). */
export function postgresWriter(client: pg.Client) {
  const types: Record<string, string> = { id: 'int', resident_id: 'int', household_id: 'int', area_id: 'int', head_resident_id: 'int', merged_into: 'int' };
  const insert = async (table: string, rows: Row[]) => {
    if (!rows.length) return;
    const cols = Object.keys(rows[0]);
    const arrays = cols.map((c) => rows.map((r) => r[c]));
    await client.query(`insert into ${table} (${cols.join(',')}) select * from unnest(${cols.map((c, i) => `$${i + 1}::${types[c] ?? 'text'}[]`).join(',')})`, arrays);
  };
  return async (hs: Row[], rs: Row[]) => {
    await client.query('begin');
    await insert('households', hs);
    await insert('residents', rs);
    await insert('resident_tags', residentTagRows(rs as any));
    await client.query('commit');
  };
}

export function queryFor(form: Form, s: Sample, i: number): Omit<TResidentQuery, 'page' | 'pageSize'> {
  switch (form) {
    case 'name_prefix':
      return { q: s.name.slice(0, 2) };
    case 'pinyin_initials':
      return { q: s.initials };
    case 'last4':
      // Alternate between a phone's and an ID number's last four digits; both columns are searched.
      return { q: (i % 2 === 0 && s.phone) || !/^\d{4}$/.test(s.idNumber.slice(-4)) ? (s.phone ?? s.idNumber).slice(-4) : s.idNumber.slice(-4) };
    case 'whole_id':
      return { q: s.idNumber };
    case 'whole_phone':
      return { q: s.phone ?? s.idNumber };
    case 'address':
      return { q: s.building };
    case 'tag':
      return { tag: s.tags[i % s.tags.length] };
    case 'none':
      return {};
  }
}

/** Samples that can be asked each form: a phone for whole_phone, a tag for tag, an all-digit tail for last4. */
export function usable(form: Form, s: Sample): boolean {
  if (form === 'whole_phone') return s.phone !== null;
  if (form === 'tag') return s.tags.length > 0;
  if (form === 'last4') return s.phone !== null || /^\d{4}$/.test(s.idNumber.slice(-4));
  return true;
}

export async function measure(handle: DatabaseHandle, cipher: PersonalDataCipher, place: Place, samples: Sample[], counts: Awaited<ReturnType<typeof generate>>, opts: RegistryBenchOptions, extra: Record<string, unknown>) {
  const db = handle.dialect;
  const common = { db, residents: counts.residents, households: counts.households, grids: place.grids.length, subdistricts: place.subdistricts.length, scale: opts.scale, ...extra };
  const actorAt = (area: AreaRow, role: 'chief_advisor' | 'grid_worker'): Actor => ({ userId: 1, username: 'bench', displayName: 'bench', isSuperAdmin: false, ip: null, grants: [{ areaId: area.id, path: area.path, role }] });
  const scopes = {
    subdistrict: (s: Sample) => actorAt(place.subdistricts[s.subdistrict], 'chief_advisor'),
    grid: (s: Sample) => actorAt(place.grids[s.grid], 'grid_worker'),
  };
  for (const [scope, actorOf] of Object.entries(scopes)) {
    for (const form of FORMS) {
      const pool = samples.filter((s) => usable(form, s));
      let totals = 0;
      let capped = 0;
      const r = await latencies(opts.samples, 10, async (i) => {
        const s = pool[(i * 7919) % pool.length];
        const query = { ...queryFor(form, s, i), page: 1, pageSize: 50 };
        const page = await listResidents(handle.db, cipher, actorOf(s), query);
        // A fast but wrong answer must not produce a number.
        if (page.total < 1) throw new Error(`${db} ${scope} ${form}: ${JSON.stringify(query)} found nobody, but resident ${s.id} matches`);
        if ((form === 'whole_id' || form === 'whole_phone') && !page.items.some((x) => x.id === s.id)) throw new Error(`${db} ${scope} ${form}: resident ${s.id} not found by ${JSON.stringify(query)}`);
        totals += page.total;
        if (page.totalIsEstimate) capped++;
      });
      const line = { scenario: `resident_search_ms_1m_${db}`, unit: 'ms', form, scope, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max, samples: r.samples, mean_total: Math.round(totals / (opts.samples + 10)), capped_share: round(capped / (opts.samples + 10)), under_50ms: r.p95 < 50, ...common };
      emit({ ...line, value: r.p50, stat: 'p50', ...load() });
      emit({ ...line, value: r.p95, stat: 'p95', ...load() });
      progress(`  ${scope} ${form}: p50 ${r.p50} ms, p95 ${r.p95} ms`);
    }
  }

  // The overview of one subdistrict: a row per community, counted from the rows.
  const overviewSamples = Math.max(10, Math.round(opts.samples / 10));
  const chief = (i: number) => actorAt(place.subdistricts[i % place.subdistricts.length], 'chief_advisor');
  const o = await latencies(overviewSamples, 2, async (i) => {
    const sub = place.subdistricts[i % place.subdistricts.length];
    const overview = await registryOverview(handle.db, chief(i), sub.id);
    const want = counts.presentBySub.get(i % place.subdistricts.length) ?? 0;
    if (overview.total.residents !== want) throw new Error(`${db}: overview of ${sub.name} counts ${overview.total.residents} residents, expected ${want}`);
  });
  const line = { scenario: 'resident_overview_ms', unit: 'ms', scope: 'subdistrict', p50: o.p50, p95: o.p95, p99: o.p99, max: o.max, samples: o.samples, residents_in_scope: Math.round(counts.residents / place.subdistricts.length), ...common };
  emit({ ...line, value: o.p50, stat: 'p50', ...load() });
  emit({ ...line, value: o.p95, stat: 'p95', ...load() });
  progress(`  overview of a subdistrict: p50 ${o.p50} ms, p95 ${o.p95} ms`);
}

/** Fill a freshly migrated database: the tree, then the residents through the bulk writer. */
async function fill(handle: DatabaseHandle, opts: RegistryBenchOptions, writer: (hs: Row[], rs: Row[]) => Promise<void>, after: () => Promise<void>) {
  const cipher = createCipher(randomBytes(32));
  const residents = Math.round(1_000_000 * opts.scale);
  const grids = Math.max(2, Math.round(residents / PER_GRID));
  progress(`${handle.dialect}: building ${grids} grids`);
  const t0 = performance.now();
  const place = await buildTree(handle, grids);
  progress(`${handle.dialect}: generating and inserting ${residents} residents`);
  const samples: Sample[] = [];
  const counts = await generate(place, Math.round(residents / grids), cipher, writer, samples, Math.max(1, Math.floor(residents / 4000)));
  await after();
  const loadSeconds = round((performance.now() - t0) / 1000, 1);
  progress(`${handle.dialect}: ${counts.residents} residents in ${counts.households} households loaded in ${loadSeconds} s`);
  // As the app does after its own bulk import (writeResidentImport): fresh planner statistics.
  const t1 = performance.now();
  await refreshPlannerStatistics(handle.db, ['residents', 'resident_tags', 'households', 'areas']);
  const analyzeSeconds = round((performance.now() - t1) / 1000, 1);
  progress(`${handle.dialect}: planner statistics refreshed in ${analyzeSeconds} s`);
  return { cipher, place, samples, counts, loadSeconds, analyzeSeconds };
}

/** SQLite in a temporary folder, migrated, loaded and analyzed as the app leaves it after a bulk import. */
async function benchSqlite(opts: RegistryBenchOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'wangge-bench-registry-'));
  const handle = openDatabase({ dataDir: dir });
  try {
    await migrateToLatest(handle.db);
    const f = await fill(handle, opts, sqliteWriter(handle), async () => {});
    await measure(handle, f.cipher, f.place, f.samples, f.counts, opts, { load_seconds: f.loadSeconds, analyze_seconds: f.analyzeSeconds });
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const SCENARIOS = (db: string) => [`resident_search_ms_1m_${db}`, 'resident_overview_ms'];

async function benchPostgres(opts: RegistryBenchOptions) {
  const name = `wangge_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: opts.pgUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (err) {
    await admin.end().catch(() => {});
    const reason = `PostgreSQL at ${opts.pgUrl.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${(err as Error).message}`;
    progress(reason);
    for (const scenario of SCENARIOS('postgres')) emit({ scenario, skipped: reason, db: 'postgres' });
    return;
  }
  const url = new URL(opts.pgUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  const bulk = new pg.Client({ connectionString: url.toString() });
  try {
    const version = (await admin.query('show server_version')).rows[0].server_version as string;
    await migrateToLatest(handle.db);
    await bulk.connect();
    // Explicit ids were inserted: move the identity sequences past them (fill then refreshes the planner statistics).
    const after = async () => {
      for (const table of ['households', 'residents']) await bulk.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    };
    const f = await fill(handle, opts, postgresWriter(bulk), after);
    await measure(handle, f.cipher, f.place, f.samples, f.counts, opts, { load_seconds: f.loadSeconds, analyze_seconds: f.analyzeSeconds, server_version: version });
  } finally {
    await bulk.end().catch(() => {});
    await handle.close();
    for (let i = 0; i < 20; i++) {
      const open = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (open.rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Run the registry scenarios on the databases in `only`. */
export async function benchRegistry(opts: RegistryBenchOptions): Promise<void> {
  if (opts.only.includes('sqlite')) await benchSqlite(opts);
  if (opts.only.includes('postgres')) await benchPostgres(opts);
}

// Run alone: node bin/run-ts.js bench/registry.ts
if (process.argv[2] && import.meta.url === pathToFileURL(process.argv[2]).href) {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, got "${process.env.BENCH_SCALE}"`);
  await benchRegistry({
    scale,
    samples: Number(process.env.BENCH_SAMPLES ?? 200),
    only: (process.env.BENCH_ONLY ?? 'sqlite,postgres').split(','),
    pgUrl: process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  });
}
