/**
 * Benchmarks of the area tree at national scale. JSON lines on stdout, progress on stderr.
 * `npm run bench`; BENCH_SCALE=0.1 for a tenth of the size; BENCH_DATABASE_URL for PostgreSQL.
 * See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type AreaImportResult, type ImportProgress, importAreas } from '../server/areas/area-import.js';
import { listAreas } from '../server/areas/areas.service.js';
import type { Actor } from '../server/auth/actor.js';
import { type DatabaseHandle, openDatabase } from '../server/db/database.js';
import { underAnyPath } from '../server/db/dialect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { readRows } from '../server/imports/read-rows.js';
import { emit, latencies, percentile, progress, round, withPeakRss } from './bench-output.js';
import { type NationalTreeFile, nationalShape, writeNationalTree } from './national-tree.js';
import { benchRegistry } from './registry.js';
import { benchForms } from './forms.js';
import { benchCases } from './cases.js';
import { benchRegistryFiles } from './registry-files.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!(SCALE > 0)) throw new Error(`BENCH_SCALE must be a positive number, got "${process.env.BENCH_SCALE}"`);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const PG_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

// Other work on the machine skews timings; the 1-minute load average goes with each line.
const load = () => ({ load1: round(loadavg()[0]) });

const ADMIN: Actor = { userId: 0, username: 'bench', displayName: 'benchmark', isSuperAdmin: true, ip: null, grants: [] };
const SYL = '安宁和平幸福阳光东西南北新华兴隆'.split('');

/** Deterministic picks, so two runs browse the same nodes. */
function picker(seed: number) {
  let a = seed >>> 0;
  return <T>(list: T[]): T => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return list[a % list.length];
  };
}

/**
 * Import the file, timing its phases. With `reader`, another user's request (the list of top-level
 * areas) is made every 100 ms meanwhile, and its latencies are returned: how long the app stalls.
 */
async function timedImport(handle: DatabaseHandle, tree: NationalTreeFile, reader = false) {
  const marks: Partial<Record<ImportProgress['phase'] | 'firstWrite', number>> = {};
  const t0 = performance.now();
  let lastLog = 0;
  let importing = true;
  const readMs: number[] = [];
  const readLoop = (async () => {
    while (reader && importing) {
      const r0 = performance.now();
      await listAreas(handle.db, ADMIN, { page: 1, pageSize: 100 });
      readMs.push(performance.now() - r0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const { result, peakRssMb } = await withPeakRss(() =>
    importAreas(handle.db, ADMIN, readRows(createReadStream(tree.path), 'csv'), (p) => {
      const now = performance.now();
      if (p.phase === 'writing') marks.firstWrite ??= now;
      else marks[p.phase] ??= now;
      if (now - lastLog > 5000) {
        lastLog = now;
        progress(`  ${p.phase} ${p.processed}${p.total ? `/${p.total}` : ''} (${((now - t0) / 1000).toFixed(0)} s)`);
      }
    }),
  ).finally(() => (importing = false));
  const end = performance.now();
  await readLoop;
  const s = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? round((b - a) / 1000) : null);
  // Phases as importAreas reports them: read+parse until "checking", checks until the first batch is written, then writing.
  const phases = { read_s: s(t0, marks.checking), check_s: s(marks.checking, marks.firstWrite), write_s: s(marks.firstWrite, marks.done ?? end) };
  readMs.sort((a, b) => a - b);
  const reads = { p50: round(percentile(readMs, 50), 3), p95: round(percentile(readMs, 95), 3), max: round(readMs.at(-1) ?? Number.NaN, 3), samples: readMs.length };
  return { result, seconds: (end - t0) / 1000, phases, peakRssMb, reads };
}

async function countAreas(handle: DatabaseHandle): Promise<number> {
  const r = await handle.db.selectFrom('areas').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function idsByCode(handle: DatabaseHandle, codes: string[]): Promise<Map<string, { id: number; path: string }>> {
  const map = new Map<string, { id: number; path: string }>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await handle.db.selectFrom('areas').select(['id', 'code', 'path']).where('code', 'in', codes.slice(i, i + 500)).execute();
    for (const r of rows) map.set(r.code, { id: r.id, path: r.path });
  }
  return map;
}

/** Import, import again, browse, then import an edition with renamed nodes, on one freshly migrated database. */
async function benchDatabase(handle: DatabaseHandle, tree: NationalTreeFile, renamed: NationalTreeFile, extra: Record<string, unknown>) {
  const db = handle.dialect;
  const common = { db, nodes: tree.nodes, scale: SCALE, ...extra };

  progress(`${db}: importing ${tree.nodes} nodes`);
  const first = await timedImport(handle, tree, true);
  const count = await countAreas(handle);
  check(first.result, { rows: tree.nodes, created: tree.nodes, updated: 0, unchanged: 0 }, `first import on ${db}`);
  if (count !== tree.nodes) throw new Error(`${db}: ${count} areas after import, expected ${tree.nodes}`);
  emit({ scenario: `area_import_700k_${db}`, value: round(tree.nodes / first.seconds, 0), unit: 'nodes/s', seconds: round(first.seconds), ...first.phases, peak_rss_mb: first.peakRssMb, created: first.result.created, under_2_min: first.seconds < 120, ...common, ...load() });

  emit({ scenario: 'area_read_during_import_ms', value: first.reads.max, unit: 'ms', ...first.reads, import_seconds: round(first.seconds), ...common, ...load() });

  progress(`${db}: importing the same file again`);
  const again = await timedImport(handle, tree);
  check(again.result, { rows: tree.nodes, created: 0, updated: 0, unchanged: tree.nodes }, `re-import on ${db}`);
  const countAgain = await countAreas(handle);
  if (countAgain !== count) throw new Error(`${db}: re-import changed the number of areas from ${count} to ${countAgain}`);
  emit({ scenario: `area_reimport_700k_${db}`, value: round(tree.nodes / again.seconds, 0), unit: 'nodes/s', seconds: round(again.seconds), ...again.phases, peak_rss_mb: again.peakRssMb, created: again.result.created, unchanged: again.result.unchanged, areas_after: countAgain, ...common, ...load() });

  await browse(handle, tree, common);

  progress(`${db}: importing a later edition with ${renamed.renamed} names changed`);
  const edition = await timedImport(handle, renamed);
  check(edition.result, { rows: tree.nodes, created: 0, updated: renamed.renamed, unchanged: tree.nodes - renamed.renamed }, `renamed re-import on ${db}`);
  const countEdition = await countAreas(handle);
  if (countEdition !== count) throw new Error(`${db}: renamed re-import changed the number of areas from ${count} to ${countEdition}`);
  emit({ scenario: `area_reimport_renamed_10pct_${db}`, value: round(tree.nodes / edition.seconds, 0), unit: 'nodes/s', seconds: round(edition.seconds), ...edition.phases, updated: edition.result.updated, areas_after: countEdition, peak_rss_mb: edition.peakRssMb, ...common, ...load() });
}

function check(got: AreaImportResult, want: AreaImportResult, what: string) {
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

/** Reads a user makes right after the import: open a node's children, count a subtree, search. */
async function browse(handle: DatabaseHandle, tree: NationalTreeFile, common: Record<string, unknown>) {
  const pick = picker(7);
  const nonLeaf = [tree.sample.provinces, tree.sample.cities, tree.sample.districts, tree.sample.townships];
  const wanted = new Set<string>();
  for (let i = 0; i < SAMPLES + 20; i++) wanted.add(pick(pick(nonLeaf)));
  for (let i = 0; i < SAMPLES + 20; i++) wanted.add(pick(pick([tree.sample.cities, tree.sample.districts])));
  for (const p of tree.sample.provinces) wanted.add(p);
  const ids = await idsByCode(handle, [...wanted]);

  progress(`${handle.dialect}: browsing`);
  const parents = [...wanted].map((c) => ids.get(c)!);
  const children = await latencies(SAMPLES, 20, async (i) => {
    const page = await listAreas(handle.db, ADMIN, { parent: parents[i % parents.length].id, page: 1, pageSize: 100 });
    if (page.items.length === 0) throw new Error('a non-leaf node listed no children');
  });
  emit({ scenario: 'area_children_page_ms', value: children.p50, unit: 'ms', ...children, page_size: 100, ...common, ...load() });

  const subtreeRoots = [...tree.sample.cities, ...tree.sample.districts].filter((c) => ids.has(c)).map((c) => ids.get(c)!);
  let counted = 0;
  const subtree = await latencies(SAMPLES, 20, async (i) => {
    const root = subtreeRoots[i % subtreeRoots.length];
    const r = await handle.db
      .selectFrom('areas')
      .where((eb) => underAnyPath(eb, 'areas.path', [root.path]))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counted += Number(r.n);
  });
  emit({ scenario: 'area_subtree_count_ms', value: subtree.p50, unit: 'ms', ...subtree, mean_nodes_counted: Math.round(counted / (SAMPLES + 20)), ...common, ...load() });

  // A provincial leader searching their own province by a two-character name fragment.
  const provinces = tree.sample.provinces.map((c) => ids.get(c)!);
  let found = 0;
  const search = await latencies(SAMPLES, 20, async (i) => {
    const province = provinces[i % provinces.length];
    const leader: Actor = { ...ADMIN, isSuperAdmin: false, grants: [{ areaId: province.id, path: province.path, role: 'chief_advisor' }] };
    const q = SYL[i % SYL.length] + SYL[(i * 7 + 3) % SYL.length];
    const page = await listAreas(handle.db, leader, { q, page: 1, pageSize: 100 });
    found += page.total;
  });
  emit({ scenario: 'area_search_ms', value: search.p50, unit: 'ms', ...search, scope: 'province', mean_matches: Math.round(found / (SAMPLES + 20)), ...common, ...load() });

  // The same search by a system administrator across the whole country.
  let foundAll = 0;
  const searchAll = await latencies(Math.max(20, Math.round(SAMPLES / 10)), 3, async (i) => {
    const q = SYL[i % SYL.length] + SYL[(i * 7 + 3) % SYL.length];
    const page = await listAreas(handle.db, ADMIN, { q, page: 1, pageSize: 100 });
    foundAll += page.total;
  });
  emit({ scenario: 'area_search_all_ms', value: searchAll.p50, unit: 'ms', ...searchAll, scope: 'all', mean_matches: Math.round(foundAll / (searchAll.samples + 3)), ...common, ...load() });
}

async function benchSqlite(tree: NationalTreeFile, renamed: NationalTreeFile) {
  const dir = mkdtempSync(join(tmpdir(), 'wangge-bench-sqlite-'));
  const handle = openDatabase({ dataDir: dir });
  try {
    await migrateToLatest(handle.db);
    await benchDatabase(handle, tree, renamed, {});
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const PG_SCENARIOS = ['area_import_700k_postgres', 'area_read_during_import_ms', 'area_reimport_700k_postgres', 'area_children_page_ms', 'area_subtree_count_ms', 'area_search_ms', 'area_search_all_ms', 'area_reimport_renamed_10pct_postgres'];

async function benchPostgres(tree: NationalTreeFile, renamed: NationalTreeFile) {
  const name = `wangge_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (err) {
    await admin.end().catch(() => {});
    const reason = `PostgreSQL at ${PG_URL.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${(err as Error).message}`;
    progress(reason);
    for (const scenario of PG_SCENARIOS) emit({ scenario, skipped: reason, db: 'postgres' });
    return;
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  try {
    const version = (await admin.query('show server_version')).rows[0].server_version as string;
    await migrateToLatest(handle.db);
    await benchDatabase(handle, tree, renamed, { server_version: version });
  } finally {
    await handle.close();
    // The pool's connections close asynchronously; give them a moment before forcing the rest out.
    for (let i = 0; i < 20; i++) {
      const open = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (open.rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const only = (process.env.BENCH_ONLY ?? 'sqlite,postgres').split(',');
const dir = mkdtempSync(join(tmpdir(), 'wangge-bench-'));
try {
  const shape = nationalShape(SCALE);
  progress(`writing a national tree CSV (scale ${SCALE}: ${JSON.stringify(shape)})`);
  const t0 = performance.now();
  const tree = await writeNationalTree(join(dir, 'areas.csv'), shape);
  progress(`  ${tree.nodes} nodes, ${(tree.bytes / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const renamed = await writeNationalTree(join(dir, 'areas-renamed.csv'), shape, { renameEvery: 10 });
  if (only.includes('sqlite')) await benchSqlite(tree, renamed);
  if (only.includes('postgres')) await benchPostgres(tree, renamed);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Population registry: search and overview at a million residents (bench/registry.ts).
await benchRegistry({ scale: SCALE, samples: SAMPLES, only, pgUrl: PG_URL });

// Resident files: import and export of 100,000 rows through the API (bench/registry-files.ts).
await benchRegistryFiles({ scale: SCALE, only, pgUrl: PG_URL });

// Self-report forms: submissions per second against a bare baseline, tallies, statistics at 10 million submissions, page size (bench/forms.ts).
await benchForms({ scale: SCALE, only, pgUrl: PG_URL });

// Cases: creation per second through the API, and the "my work" list at a million cases (bench/cases.ts).
await benchCases({ scale: SCALE, samples: SAMPLES, only, pgUrl: PG_URL, parts: process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',') : undefined });
