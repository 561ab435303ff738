/**
 * Benchmarks of resident files at 100,000 rows: import (preview, then confirm) of a generated XLSX and
 * CSV file, the peak memory of the process meanwhile, and the XLSX export of those residents. Everything
 * goes through the HTTP routes the browser uses (app.inject, logged in as a chief grid leader). JSON lines
 * on stdout, progress on stderr. Part of `npm run bench`; alone: `node bin/run-ts.js bench/registry-files.ts`.
 * BENCH_SCALE=0.1 for a tenth of the rows; BENCH_ONLY=sqlite|postgres; see bench/README.md.
 *
 * Each import runs in a child process of its own (this file again, told what to do by an environment
 * variable), so its peak memory is the import's and not what earlier benchmarks left in the heap.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { insertArea } from '../server/areas/areas.repository.js';
import { hashPassword } from '../server/auth/password.js';
import { loadConfig } from '../server/config.js';
import { type DatabaseHandle, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import type { AreaRow } from '../server/db/types.js';
import { readRows } from '../server/imports/read-rows.js';
import { createCipher } from '../server/registry/personal-data-cipher.js';
import { RESIDENT_TEMPLATE_HEADER } from '../server/registry/resident-import-row.js';
import { GIVEN, idNumberOf, SURNAMES, seeded } from '../server/test/fake-residents.js';
import { emit, progress, round } from './bench-output.js';

export interface RegistryFilesBenchOptions {
  scale: number;
  only: string[];
  pgUrl: string;
}

const load = () => ({ load1: round(loadavg()[0]) });
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const ROWS = 100_000;
const PER_GRID = 500;
const BUILDINGS_PER_GRID = 6;
const UNITS_PER_BUILDING = 3;
const FORMATS = ['xlsx', 'csv'] as const;
type Format = (typeof FORMATS)[number];
/** How often the child samples its resident memory during the import. */
const SAMPLE_MS = 50;
const CHILD_ENV = 'WANGGE_BENCH_REGISTRY_FILES_TASK';

const HOME_AREAS = ['370102', '370103', '370104', '370105', '370112', '370181', '410105', '130102', '320106', '510104', '440305'];
const TAGS = ['独居老人', '空巢老人', '残疾人', '慢性病', '低保户', '党员', '退役军人'];
const OTHER_RELATIONS = ['配偶', '子女', '父母', '孙子女', '其他'];
const TYPES = ['户籍', '户籍', '户籍', '常住', '常住', '流动'];

/** What a generated file holds, so the import's answer can be checked against it. */
interface Generated {
  rows: number;
  grids: number;
  households: number;
  buildings: number;
  units: number;
}

/** What a child process is asked to do: one format on one database, and the export after the XLSX import. */
interface Task {
  db: 'sqlite' | 'postgres';
  format: Format;
  file: string;
  expect: Generated;
  scale: number;
  pgUrl: string;
  exportAfter: boolean;
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * Write the same residents as XLSX (shared strings, as Excel and WPS save it) and as CSV (UTF-8 with BOM):
 * grids 第1网格 … named in each row, 6 buildings × 3 units per grid that the import has to create,
 * households of 1–4 people with one 户主, ID numbers with valid check digits matching 性别 and 出生日期,
 * phones for most adults, a few tags. Seeded: every run imports the same people.
 */
export async function writeResidentFiles(dir: string, rows: number): Promise<{ files: Record<Format, string>; generated: Generated }> {
  const grids = Math.max(1, Math.round(rows / PER_GRID));
  const files = { xlsx: join(dir, 'residents.xlsx'), csv: join(dir, 'residents.csv') };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: files.xlsx, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('居民');
  const csv = createWriteStream(files.csv);
  const csvWrite = (cells: string[]) => (csv.write(`${cells.map(quote).join(',')}\r\n`) ? Promise.resolve() : new Promise<void>((r) => csv.once('drain', () => r())));
  csv.write('\uFEFF');
  ws.addRow([...RESIDENT_TEMPLATE_HEADER]).commit();
  await csvWrite([...RESIDENT_TEMPLATE_HEADER]);

  const rand = seeded(4242);
  const taken = new Set<string>();
  const buildings = new Set<string>();
  const units = new Set<string>();
  let households = 0;
  let written = 0;
  for (let g = 0; g < grids; g++) {
    const inThisGrid = g === grids - 1 ? rows - written : Math.min(PER_GRID, rows - written);
    let inGrid = 0;
    let n = 0;
    while (inGrid < inThisGrid) {
      const b = 1 + (n % BUILDINGS_PER_GRID);
      const u = 1 + (Math.floor(n / BUILDINGS_PER_GRID) % UNITS_PER_BUILDING);
      const floor = 1 + (Math.floor(n / (BUILDINGS_PER_GRID * UNITS_PER_BUILDING)) % 18);
      const door = 1 + (Math.floor(n / (BUILDINGS_PER_GRID * UNITS_PER_BUILDING * 18)) % 4);
      n++;
      households++;
      buildings.add(`${g}|${b}`);
      units.add(`${g}|${b}|${u}`);
      const surname = SURNAMES[Math.floor((rand.int(1000) / 1000) * (rand.int(1000) / 1000) * SURNAMES.length)];
      const members = Math.min(inThisGrid - inGrid, 1 + rand.int(4));
      for (let m = 0; m < members; m++, inGrid++, written++) {
        const male = rand.int(2) === 1;
        const year = m === 0 ? 1940 + rand.int(60) : 1935 + rand.int(88);
        const birthDate = `${year}-${String(1 + rand.int(12)).padStart(2, '0')}-${String(1 + rand.int(28)).padStart(2, '0')}`;
        let idNumber: string;
        do idNumber = idNumberOf(rand.pick(HOME_AREAS), birthDate, rand.int(500) * 2 + (male ? 1 : 0));
        while (taken.has(idNumber));
        taken.add(idNumber);
        const age = 2026 - year;
        const phone = age >= 12 && rand.int(100) < 88 ? `1${3 + rand.int(7)}${String(rand.int(1_000_000_000)).padStart(9, '0')}` : '';
        const name = (m > 0 && rand.int(3) === 0 ? SURNAMES[rand.int(SURNAMES.length)] : surname) + GIVEN[rand.int(GIVEN.length)] + (rand.int(3) ? GIVEN[rand.int(GIVEN.length)] : '');
        const tags = TAGS.filter(() => rand.int(100) < 3).join('、');
        const moveIn = rand.int(4) === 0 ? `${2000 + rand.int(25)}-${String(1 + rand.int(12)).padStart(2, '0')}-01` : '';
        // 姓名 身份证号 手机号 性别 出生日期 网格 楼栋 单元 房号 与户主关系 人员类型 标签 迁入日期
        const cells = [name, idNumber, phone, male ? '男' : '女', birthDate, `第${g + 1}网格`, `${b}号楼`, `${u}单元`, `${floor}0${door}`, m === 0 ? '户主' : rand.pick(OTHER_RELATIONS), rand.pick(TYPES), tags, moveIn];
        ws.addRow(cells).commit();
        await csvWrite(cells);
      }
    }
  }
  ws.commit();
  await wb.commit();
  await new Promise<void>((resolve, reject) => csv.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { files, generated: { rows: written, grids, households, buildings: buildings.size, units: units.size } };
}

const PG_SCENARIOS = ['resident_import_preview_100k_postgres', 'resident_import_confirm_100k_postgres', 'resident_import_peak_rss_mb_postgres', 'resident_export_100k_postgres'];

/** Can a database be created at `pgUrl`? The reason it cannot, or null. */
async function postgresProblem(pgUrl: string): Promise<string | null> {
  const admin = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    const name = `wangge_bench_probe_${randomBytes(5).toString('hex')}`;
    await admin.query(`create database ${name}`);
    await admin.query(`drop database ${name}`);
    return null;
  } catch (err) {
    return `PostgreSQL at ${pgUrl.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${(err as Error).message}`;
  } finally {
    await admin.end().catch(() => {});
  }
}

/** Run one task in a child process; its JSON lines go straight to stdout. Rejects when it fails. */
function runChild(task: Task): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/run-ts.js'), fileURLToPath(import.meta.url)], {
      cwd: root,
      env: { ...process.env, [CHILD_ENV]: JSON.stringify(task) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`registry-files ${task.db} ${task.format}: the child process ended with ${signal ?? `exit code ${code}`}`))));
  });
}

/** Run the resident file scenarios on the databases in `only`. */
export async function benchRegistryFiles(opts: RegistryFilesBenchOptions): Promise<void> {
  const dbs = (['sqlite', 'postgres'] as const).filter((d) => opts.only.includes(d));
  if (!dbs.length) return;
  const dir = mkdtempSync(join(tmpdir(), 'wangge-bench-files-'));
  try {
    const rows = Math.max(1, Math.round(ROWS * opts.scale));
    progress(`resident files: writing ${rows} residents as XLSX and CSV`);
    const t0 = performance.now();
    const { files, generated } = await writeResidentFiles(dir, rows);
    progress(`  ${generated.households} households in ${generated.grids} grids; XLSX ${(statSync(files.xlsx).size / 1024 / 1024).toFixed(1)} MB, CSV ${(statSync(files.csv).size / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const db of dbs) {
      if (db === 'postgres') {
        const problem = await postgresProblem(opts.pgUrl);
        if (problem) {
          progress(problem);
          for (const scenario of PG_SCENARIOS) emit({ scenario, skipped: problem, db: 'postgres' });
          continue;
        }
      }
      for (const format of FORMATS) {
        await runChild({ db, format, file: files[format], expect: generated, scale: opts.scale, pgUrl: opts.pgUrl, exportAfter: format === 'xlsx' });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ——— the child: one import (and maybe the export) on a fresh database ———

/** A fresh, migrated database for the task, and how to get rid of it. */
async function freshDatabase(task: Task): Promise<{ handle: DatabaseHandle; extra: Record<string, unknown>; drop: () => Promise<void> }> {
  if (task.db === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'wangge-bench-files-sqlite-'));
    const handle = openDatabase({ dataDir: dir });
    await migrateToLatest(handle.db);
    return { handle, extra: {}, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `wangge_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: task.pgUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  const url = new URL(task.pgUrl);
  url.pathname = `/${name}`;
  // The pool size the server uses.
  const handle = openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  return {
    handle,
    extra: { server_version: version },
    drop: async () => {
      // The pool's connections close asynchronously; give them a moment before forcing the rest out.
      for (let i = 0; i < 20; i++) {
        const open = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** District → subdistrict → one community with the grids the file names (第1网格 …), nothing below them. */
async function buildCommunity(handle: DatabaseHandle, grids: number): Promise<AreaRow> {
  const now = new Date().toISOString();
  const add = (parent: AreaRow | null, level: AreaRow['level'], code: string, name: string, sort: number) =>
    insertArea(handle.db, { code, name, level, parent_id: parent?.id ?? null, sort_order: sort, archived_at: null, geo: null, created_at: now, updated_at: now }, parent?.path ?? null);
  const district = await add(null, 'district', '370199000000', '基准区', 0);
  const subdistrict = await add(district, 'subdistrict', '370199001000', '基准街道', 0);
  const community = await add(subdistrict, 'community', '370199001001', '基准社区', 0);
  for (let g = 1; g <= grids; g++) await add(community, 'grid', `370199001001-G${g}`, `第${g}网格`, g);
  return community;
}

async function count(handle: DatabaseHandle, table: 'residents' | 'households' | 'areas'): Promise<number> {
  return Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/**
 * The longest the event loop was blocked while the returned `stop` is not called, in ms: how long every
 * other request to the server would have waited at worst.
 */
function loopStall() {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return () => {
    h.disable();
    return round(h.max / 1e6, 0);
  };
}

/** Highest resident memory seen, sampled every SAMPLE_MS while the returned `stop` is not called. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function runTask(task: Task): Promise<void> {
  const { expect } = task;
  const fail = (what: string) => {
    throw new Error(`${task.db} ${task.format}: ${what}`);
  };
  const { handle, extra, drop } = await freshDatabase(task);
  const common = { db: task.db, format: task.format, rows: expect.rows, grids: expect.grids, scale: task.scale, ...extra };
  try {
    const community = await buildCommunity(handle, expect.grids);
    const { id: userId } = await handle.db
      .insertInto('users')
      .values({ username: 'bench', password_hash: await hashPassword('bench-password-1'), display_name: '基准总网格长', phone: null, show_phone: 0, is_super_admin: 0, disabled: 0, failed_logins: 0, locked_until: null, created_at: new Date().toISOString(), created_by: null, last_login_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await handle.db.insertInto('assignments').values({ user_id: userId, area_id: community.id, role: 'chief_grid_leader', duties: '', started_at: new Date().toISOString(), ended_at: null, created_by: null, ended_by: null }).execute();
    const config = { ...loadConfig({}), webDir: '/nonexistent', rateLimits: { ...loadConfig({}).rateLimits, loginPerMinute: 1000, publicPerMinute: 1000, apiPerMinute: 100_000 } };
    const app = await buildApp({ db: handle.db, dialect: handle.dialect, config, cipher: createCipher(randomBytes(32)) });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench', password: 'bench-password-1' } });
      if (login.statusCode !== 200) fail(`login failed: ${login.statusCode} ${login.body}`);
      const cookie = `wangge_session=${login.cookies.find((c) => c.name === 'wangge_session')!.value}`;

      // The upload as a browser sends it: a multipart form with the area and the file.
      const content = readFileSync(task.file);
      const form = new FormData();
      form.append('areaId', String(community.id));
      form.append('file', new Blob([content]), `residents.${task.format}`);
      const body = new Response(form);
      const payload = Buffer.from(await body.arrayBuffer());
      const headers = { 'content-type': body.headers.get('content-type')!, cookie };

      progress(`${task.db} ${task.format}: importing ${expect.rows} residents into ${expect.grids} grids (preview, then confirm)`);
      const maxRssBefore = process.resourceUsage().maxRSS * 1024;
      const rssBefore = process.memoryUsage().rss;
      const stopSampling = rssSampler();
      let stopStall = loopStall();
      const t0 = performance.now();
      const previewRes = await app.inject({ method: 'POST', url: '/api/imports/residents', payload, headers });
      const t1 = performance.now();
      const previewStall = stopStall();
      stopStall = loopStall();
      if (previewRes.statusCode !== 200) fail(`preview answered ${previewRes.statusCode}: ${previewRes.body.slice(0, 500)}`);
      const preview = previewRes.json();
      const confirmRes = await app.inject({ method: 'POST', url: `/api/imports/residents/${preview.id}/confirm`, headers: { cookie } });
      const t2 = performance.now();
      const confirmStall = stopStall();
      const sampledPeak = stopSampling();
      const maxRssAfter = process.resourceUsage().maxRSS * 1024;
      if (confirmRes.statusCode !== 200) fail(`confirm answered ${confirmRes.statusCode}: ${confirmRes.body.slice(0, 500)}`);
      const outcome = confirmRes.json();

      // A fast but wrong import must not produce a number.
      const got = { status: preview.status, total: preview.total, valid: preview.valid, errors: preview.errors.length, households: preview.households, newBuildings: preview.newBuildings.length, newUnits: preview.newUnits.length };
      const want = { status: 'previewed', total: expect.rows, valid: expect.rows, errors: 0, households: expect.households, newBuildings: expect.buildings, newUnits: expect.units };
      if (JSON.stringify(got) !== JSON.stringify(want)) fail(`preview ${JSON.stringify(got)}, expected ${JSON.stringify(want)}; first errors ${JSON.stringify(preview.errors.slice(0, 3))}`);
      if (outcome.status !== 'succeeded' || outcome.created !== expect.rows) fail(`confirm gave status ${outcome.status}, created ${outcome.created}: ${outcome.message}`);
      const residents = await count(handle, 'residents');
      const households = await count(handle, 'households');
      if (residents !== expect.rows || households !== expect.households) fail(`${residents} residents in ${households} households after the import, expected ${expect.rows} in ${expect.households}`);

      const previewS = (t1 - t0) / 1000;
      const confirmS = (t2 - t1) / 1000;
      const file = { file_mb: round(content.length / 1024 / 1024), households: expect.households, new_buildings: expect.buildings, new_units: expect.units };
      emit({ scenario: `resident_import_preview_100k_${task.db}`, value: round(expect.rows / previewS, 0), unit: 'rows/s', seconds: round(previewS), under_30s: previewS < 30, event_loop_max_ms: previewStall, ...file, ...common, ...load() });
      emit({ scenario: `resident_import_confirm_100k_${task.db}`, value: round(expect.rows / confirmS, 0), unit: 'rows/s', seconds: round(confirmS), under_30s: confirmS < 30, preview_plus_confirm_s: round(previewS + confirmS), event_loop_max_ms: confirmStall, ...file, ...common, ...load() });
      // The kernel's high-water mark catches a peak between two samples; it counts only when the import raised it.
      const peak = maxRssAfter > maxRssBefore ? Math.max(sampledPeak, maxRssAfter) : sampledPeak;
      emit({ scenario: `resident_import_peak_rss_mb_${task.db}`, value: mb(peak), unit: 'MB', sampled_peak_mb: mb(sampledPeak), max_rss_mb: mb(maxRssAfter), rss_before_mb: mb(rssBefore), sample_ms: SAMPLE_MS, file_mb: file.file_mb, ...common, ...load() });
      progress(`  preview ${previewS.toFixed(1)} s, confirm ${confirmS.toFixed(1)} s, peak RSS ${mb(peak)} MB (${mb(rssBefore)} MB before)`);

      if (task.exportAfter) await timeExport(app, cookie, community, expect.rows, common, fail);
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
    await drop();
  }
}

/**
 * GET the XLSX export of the community as a leader's browser would, over a real loopback connection (so
 * the first byte and any stall of the event loop are what a client sees), reading the streamed body to
 * its end; then check it.
 */
async function timeExport(app: Awaited<ReturnType<typeof buildApp>>, cookie: string, community: AreaRow, rows: number, common: Record<string, unknown>, fail: (what: string) => never) {
  progress(`${common.db}: exporting ${rows} residents as XLSX`);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const stopSampling = rssSampler();
  const stopStall = loopStall();
  const t0 = performance.now();
  const res = await fetch(`${base}/api/residents/export.xlsx?area=${community.id}`, { headers: { cookie } });
  let firstByte = 0;
  const chunks: Buffer[] = [];
  const reader = res.body!.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    firstByte ||= performance.now();
    chunks.push(Buffer.from(r.value));
  }
  const seconds = (performance.now() - t0) / 1000;
  const stall = stopStall();
  const peak = stopSampling();
  const body = Buffer.concat(chunks);
  if (res.status !== 200) fail(`export answered ${res.status}: ${body.toString().slice(0, 500)}`);
  if (Number(res.headers.get('x-row-count')) !== rows) fail(`export says ${res.headers.get('x-row-count')} rows, expected ${rows}`);
  // Every resident in the file, ID numbers masked (no reveal was asked for).
  let dataRows = 0;
  let unmasked = 0;
  for await (const { cells } of readRows(body, 'xlsx')) {
    if (dataRows++ === 0) continue; // the header
    if (!cells[1]?.includes('*')) unmasked++;
  }
  dataRows--;
  if (dataRows !== rows || unmasked) fail(`the export holds ${dataRows} residents (${unmasked} with a whole ID number), expected ${rows}, all masked`);
  emit({ scenario: `resident_export_100k_${common.db}`, value: round(rows / seconds, 0), unit: 'rows/s', seconds: round(seconds), under_15s: seconds < 15, first_byte_ms: round(firstByte - t0, 1), event_loop_max_ms: stall, peak_rss_mb: mb(peak), file_mb: round(body.length / 1024 / 1024), ...common, format: 'xlsx', ...load() });
  progress(`  export ${seconds.toFixed(1)} s, ${(body.length / 1024 / 1024).toFixed(1)} MB`);
}

// Run alone (node bin/run-ts.js bench/registry-files.ts), or as the child of a run (the task in the environment).
if (process.argv[2] && import.meta.url === pathToFileURL(process.argv[2]).href) {
  const task = process.env[CHILD_ENV];
  if (task) await runTask(JSON.parse(task) as Task);
  else {
    const scale = Number(process.env.BENCH_SCALE ?? 1);
    if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, got "${process.env.BENCH_SCALE}"`);
    await benchRegistryFiles({
      scale,
      only: (process.env.BENCH_ONLY ?? 'sqlite,postgres').split(','),
      pgUrl: process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    });
  }
}
