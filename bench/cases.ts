/**
 * Benchmarks of cases (issue 5): case creation per second through the real app (residents' reports
 * and staff's), and the "my work" list (and two other common lists) at 1,000,000 cases. JSON lines on
 * stdout, progress on stderr. Part of `npm run bench`; alone: `node bin/run-ts.js bench/cases.ts`.
 * BENCH_SCALE, BENCH_ONLY, BENCH_SAMPLES, BENCH_DATABASE_URL as everywhere; BENCH_CASES=create,mywork
 * picks parts. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { CASE_STATUSES, type CaseStatus, ESCALATION_LADDER, OPEN_CASE_STATUSES } from '../common/case-workflow.js';
import { ROLE_PERMISSIONS, type Role } from '../common/roles.js';
import { buildApp } from '../server/app.js';
import { insertArea } from '../server/areas/areas.repository.js';
import { type Actor, pathsWith } from '../server/auth/actor.js';
import { loadActor } from '../server/auth/auth.service.js';
import { hashPassword } from '../server/auth/password.js';
import { casesQuery, listCases } from '../server/cases/cases.service.js';
import { ensureDefaultCategories } from '../server/cases/default-categories.js';
import { loadConfig } from '../server/config.js';
import { bulkInsert } from '../server/db/bulk-insert.js';
import { type DatabaseHandle, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { refreshPlannerStatistics } from '../server/db/planner-statistics.js';
import { reserveIds } from '../server/db/reserve-ids.js';
import type { AreaRow } from '../server/db/types.js';
import { createCipher, type PersonalDataCipher } from '../server/registry/personal-data-cipher.js';
import { emit, latencies, percentile, progress, round } from './bench-output.js';

export interface CasesBenchOptions {
  scale: number;
  samples: number;
  only: string[];
  pgUrl: string;
  /** Which parts: 'create', 'mywork' (default both). */
  parts?: string[];
}

const load = () => ({ load1: round(loadavg()[0]) });
const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const PASSWORD = 'Bench@2026';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Above this p50 a list's query plans go to stderr (and the README asks for them in reports). */
const SLOW_MS = 50;

// ---------------------------------------------------------------------------------------------
// Databases

interface Fresh {
  handle: DatabaseHandle;
  dataDir: string;
  extra: Record<string, unknown>;
  drop: () => Promise<void>;
}

class Unreachable extends Error {}

export async function freshDatabase(db: 'sqlite' | 'postgres', pgUrl: string): Promise<Fresh> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wangge-bench-cases-'));
  if (db === 'sqlite') {
    const handle = openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    return {
      handle,
      dataDir,
      extra: {},
      drop: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `wangge_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (err) {
    await admin.end().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    throw new Unreachable(`PostgreSQL at ${pgUrl.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${(err as Error).message}`);
  }
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  await migrateToLatest(handle.db);
  return {
    handle,
    dataDir,
    extra: { server_version: version },
    drop: async () => {
      await handle.close();
      for (let i = 0; i < 20; i++) {
        const open = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The place: district → subdistricts → 10 communities → 10 grids; the roster on it

const GRIDS_PER_COMMUNITY = 10;
const COMMUNITIES_PER_SUBDISTRICT = 10;
const WORKERS_PER_GRID = 2;

interface Person {
  id: number;
  username: string;
}

interface Place {
  district: AreaRow;
  subdistricts: AreaRow[];
  communities: AreaRow[];
  grids: AreaRow[];
  communityOfGrid: number[];
  subOfCommunity: number[];
  /** The roster, by the index of the area each person is assigned to. */
  workers: Person[][];
  gridLeaders: Person[];
  chiefGridLeaders: Person[];
  gridAdvisors: Person[];
  chiefAdvisors: Person[];
  users: number;
}

export async function buildPlace(handle: DatabaseHandle, grids: number): Promise<Place> {
  const now = new Date().toISOString();
  let code = 370_300_000_000;
  const add = (parent: AreaRow | null, level: AreaRow['level'], name: string, official: boolean, sort: number) =>
    insertArea(handle.db, { code: official ? String(++code) : `K${++code}`, name, level, parent_id: parent?.id ?? null, sort_order: sort, archived_at: null, geo: null, created_at: now, updated_at: now }, parent?.path ?? null);
  const district = await add(null, 'district', '工单区', true, 0);
  const place: Place = { district, subdistricts: [], communities: [], grids: [], communityOfGrid: [], subOfCommunity: [], workers: [], gridLeaders: [], chiefGridLeaders: [], gridAdvisors: [], chiefAdvisors: [], users: 0 };
  const communities = Math.ceil(grids / GRIDS_PER_COMMUNITY);
  const subdistricts = Math.ceil(communities / COMMUNITIES_PER_SUBDISTRICT);
  for (let s = 0, c = 0; s < subdistricts; s++) {
    const sub = await add(district, 'subdistrict', `第${s + 1}街道`, true, s);
    place.subdistricts.push(sub);
    for (let k = 0; k < COMMUNITIES_PER_SUBDISTRICT && c < communities; k++, c++) {
      const community = await add(sub, 'community', `第${c + 1}社区`, true, k);
      place.communities.push(community);
      place.subOfCommunity.push(s);
      for (let g = 0; g < GRIDS_PER_COMMUNITY && place.grids.length < grids; g++) {
        place.grids.push(await add(community, 'grid', `第${g + 1}网格`, false, g));
        place.communityOfGrid.push(c);
      }
    }
  }

  // The roster: two grid workers and a grid leader per grid, a chief grid leader and a grid advisor
  // per community, a chief advisor per subdistrict (about 6,400 people at full scale). One password.
  const hash = await hashPassword(PASSWORD);
  const users: Record<string, unknown>[] = [];
  const assignments: Record<string, unknown>[] = [];
  // Ids reserved up front (as the app's bulk writers do), so the roster's rows can name each other.
  const people = place.grids.length * (WORKERS_PER_GRID + 1) + place.communities.length * 2 + place.subdistricts.length;
  const firstId = await handle.db.transaction().execute((trx) => reserveIds(trx, 'users', people));
  let userId = firstId;
  const person = (area: AreaRow, role: Role, name: string): Person => {
    const id = userId++;
    const username = `u${id}`;
    users.push({ id, username, password_hash: hash, display_name: name, phone: null, show_phone: 0, is_super_admin: 0, disabled: 0, failed_logins: 0, locked_until: null, created_at: now, created_by: null, last_login_at: null });
    assignments.push({ user_id: id, area_id: area.id, role, duties: role === 'grid_worker' ? 'publicity,screening,supervision,errands,rectification' : '', started_at: now, ended_at: null, created_by: null, ended_by: null });
    return { id, username };
  };
  place.grids.forEach((g, i) => {
    place.workers.push(Array.from({ length: WORKERS_PER_GRID }, (_, w) => person(g, 'grid_worker', `网格员${i + 1}-${w + 1}`)));
    place.gridLeaders.push(person(g, 'grid_leader', `网格长${i + 1}`));
  });
  place.communities.forEach((c, i) => {
    place.chiefGridLeaders.push(person(c, 'chief_grid_leader', `总网格长${i + 1}`));
    place.gridAdvisors.push(person(c, 'grid_advisor', `网格指导员${i + 1}`));
  });
  place.subdistricts.forEach((s, i) => place.chiefAdvisors.push(person(s, 'chief_advisor', `总网格指导员${i + 1}`)));
  if (users.length !== people) throw new Error(`the roster has ${users.length} people, ${people} ids were reserved`);
  await handle.db.transaction().execute(async (trx) => {
    await bulkInsert(trx, 'users', users as any, ['id', 'show_phone', 'is_super_admin', 'disabled', 'failed_logins', 'created_by']);
    await bulkInsert(trx, 'assignments', assignments as any, ['user_id', 'area_id', 'created_by', 'ended_by']);
  });
  place.users = users.length;
  return place;
}

interface Category {
  id: number;
  code: string;
  type: string;
  role: string;
  acceptHours: number;
  resolveHours: number;
  publicReporting: boolean;
}

export async function categories(handle: DatabaseHandle): Promise<Category[]> {
  await ensureDefaultCategories(handle.db);
  const rows = await handle.db.selectFrom('case_categories').selectAll().orderBy('sort_order').execute();
  return rows.map((c) => ({ id: c.id, code: c.code, type: c.type, role: c.default_role, acceptHours: c.accept_hours, resolveHours: c.resolve_hours, publicReporting: c.public_reporting === 1 }));
}

// ---------------------------------------------------------------------------------------------
// Part 1: creation through the real app, a keep-alive client in a worker thread (the other core)

/** Plain JavaScript run in a worker thread: it builds each body, posts it and times the answer. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { port, mode, grids, categories, cookies, concurrency, warmupMs, measureMs, phoneBase } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const WHAT = ['楼道堆放杂物，影响通行', '路灯不亮已经三天', '小区门口污水外溢', '电动车在楼道飞线充电', '独居老人需要代买药品', '建议增加健身器材'];
function request(i) {
  const g = i % grids.length;
  const categoryId = categories[i % categories.length];
  if (mode === 'public') {
    const n = phoneBase + i;
    return { path: '/api/public/cases', headers: {}, body: JSON.stringify({ id: randomUUID(), categoryId, areaId: grids[g], description: WHAT[i % WHAT.length] + '（' + n + '）', reporterName: '居民' + n, reporterPhone: '139' + String(n).padStart(8, '0') }) };
  }
  return { path: '/api/cases', headers: { cookie: cookies[g] }, body: JSON.stringify({ categoryId, areaId: grids[g], title: WHAT[i % WHAT.length].slice(0, 12), description: WHAT[i % WHAT.length] + '，巡查发现 #' + i }) };
}
function post(r) {
  return new Promise((done) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path: r.path, method: 'POST', agent, headers: { ...r.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body), 'accept-language': 'zh-CN' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (err) => done({ status: 0, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: String(err) }));
    req.end(r.body);
  });
}
(async () => {
  const start = performance.now();
  const from = start + warmupMs;
  const until = from + measureMs;
  let next = 0, ok = 0, okInWindow = 0, errors = 0;
  const errorSamples = [];
  const ms = [];
  async function loop() {
    while (performance.now() < until) {
      const i = next++;
      const r = await post(request(i));
      const now = performance.now();
      if (r.status === 201) ok++;
      else { errors++; if (errorSamples.length < 5) errorSamples.push(r.status + ' ' + r.body.slice(0, 300)); }
      if (now >= from && now <= until) { ms.push(r.ms); if (r.status === 201) okInWindow++; }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop));
  agent.destroy();
  parentPort.postMessage({ sent: next, ok, okInWindow, errors, errorSamples, ms, seconds: measureMs / 1000 });
})();
`;

interface LoadResult {
  sent: number;
  ok: number;
  okInWindow: number;
  errors: number;
  errorSamples: string[];
  ms: number[];
  seconds: number;
}

function drive(workerData: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const worker = new Worker(CLIENT, { eval: true, workerData });
    worker.once('message', done);
    worker.once('error', fail);
  });
}

async function countCases(handle: DatabaseHandle, source: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from cases where source = ${source}`.execute(handle.db);
  return Number(r.rows[0].n);
}

async function benchCreate(fresh: Fresh, place: Place, cats: Category[], opts: CasesBenchOptions, extra: Record<string, unknown>) {
  const { handle } = fresh;
  const db = handle.dialect;
  const concurrency = 16;
  const measureMs = Math.round(Math.max(3, 15 * Math.min(1, opts.scale)) * 1000);
  const warmupMs = Math.max(1000, Math.round(measureMs / 10));
  // Sixteen grids of the place (spread over it), each with its first grid worker reporting on patrol.
  const picked = Array.from({ length: Math.min(16, place.grids.length) }, (_, i) => Math.floor((i * place.grids.length) / Math.min(16, place.grids.length)));
  const grids = picked.map((g) => place.grids[g].id);
  const common = { db, concurrency, seconds: measureMs / 1000, warmup_seconds: warmupMs / 1000, grids: grids.length, scale: opts.scale, ...fresh.extra, ...extra };

  // The real app on a real port: rate limits off (WANGGE_RATE_LIMITS=off), no escalation pass, no webhooks.
  const base = loadConfig({});
  const config = { ...base, dataDir: fresh.dataDir, webDir: '/nonexistent', escalationPollMs: 0, webhookPollMs: 0, rateLimits: { ...base.rateLimits, enabled: false } };
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, config, cipher: createCipher(randomBytes(32)) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  try {
    const cookies: string[] = [];
    for (const g of picked) {
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: place.workers[g][0].username, password: PASSWORD }) });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('wangge_session='));
      if (res.status !== 200 || !cookie) throw new Error(`${db}: login of ${place.workers[g][0].username} failed: ${res.status} ${await res.text()}`);
      cookies.push(cookie.split(';')[0]);
    }
    const runs: [mode: 'public' | 'staff', categories: number[], source: string][] = [
      ['public', cats.filter((c) => c.publicReporting).map((c) => c.id), 'resident'],
      ['staff', cats.map((c) => c.id), 'staff'],
    ];
    for (const [mode, categoryIds, source] of runs) {
      progress(`${db}: ${concurrency} concurrent ${mode === 'public' ? 'residents posting POST /api/public/cases' : 'grid workers posting POST /api/cases'} for ${measureMs / 1000} s (+${warmupMs / 1000} s warm-up)`);
      const before = await countCases(handle, source);
      const r = await drive({ port, mode, grids, categories: categoryIds, cookies, concurrency, warmupMs, measureMs, phoneBase: mode === 'public' ? 10_000_000 : 0 });
      if (r.errors > 0) throw new Error(`${db} ${mode}: ${r.errors} of ${r.sent} requests failed, e.g. ${r.errorSamples.join(' | ')}`);
      const stored = (await countCases(handle, source)) - before;
      if (stored !== r.ok) throw new Error(`${db} ${mode}: ${r.ok} requests answered 201 but ${stored} cases were stored`);
      const ms = [...r.ms].sort((a, b) => a - b);
      const s = { p50: round(percentile(ms, 50), 2), p95: round(percentile(ms, 95), 2), p99: round(percentile(ms, 99), 2), max: round(ms.at(-1) ?? Number.NaN, 2) };
      const rps = round(r.okInWindow / r.seconds, 0);
      const endpoint = mode === 'public' ? 'POST /api/public/cases' : 'POST /api/cases';
      const l = load();
      emit({ scenario: `cases_create_rps_${db}`, value: rps, unit: 'req/s', endpoint, ...s, requests: ms.length, errors: r.errors, stored, ...common, ...l });
      emit({ scenario: `cases_create_p50_ms_${db}`, value: s.p50, unit: 'ms', endpoint, ...common, ...l });
      emit({ scenario: `cases_create_p99_ms_${db}`, value: s.p99, unit: 'ms', endpoint, ...common, ...l });
      progress(`${db} ${mode}: ${rps} cases/s, p50 ${s.p50} ms, p99 ${s.p99} ms, ${stored} stored`);
    }
  } finally {
    await app.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Part 2: a million cases, generated in bulk, and the lists people open every day

/** What the generator wrote, compactly, so each list's total can be checked against it. */
interface Truth {
  n: number;
  status: Uint8Array;
  area: Int32Array;
  assignee: Int32Array;
  assigneeArea: Int32Array;
  role: Uint8Array;
  resolvedBy: Int32Array;
  due: Float64Array;
  errand: Uint8Array;
  /** Area id → path (the place's areas only). */
  paths: string[];
}

const ROLE_CODES = ['grid_worker', 'grid_leader', 'grid_advisor', 'chief_grid_leader', 'chief_advisor', 'admin'];

function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] };
}

/** Weighted choice from [weight, value] pairs whose weights add up to 1. */
function weighted<T>(r: number, table: readonly (readonly [number, T])[]): T {
  let acc = 0;
  for (const [w, v] of table) {
    acc += w;
    if (r < acc) return v;
  }
  return table[table.length - 1][1];
}

const CATEGORY_MIX: Record<string, number> = { sanitation: 0.35, facilities: 0.25, safety: 0.1, errand: 0.15, inspection: 0.05, suggestion: 0.1 };
/** Of the open cases: how far they have got. */
const OPEN_MIX = [
  [0.2, 'reported'],
  [0.1, 'accepted'],
  [0.3, 'assigned'],
  [0.3, 'in_progress'],
  [0.1, 'resolved'],
] as const;
const TITLES = ['楼道堆放杂物', '路灯不亮', '污水外溢', '飞线充电', '代买药品', '井盖破损', '垃圾未清运', '消防通道堵塞', '噪音扰民', '建议增设座椅'];

type Row = Record<string, string | number | null>;

/**
 * Generate the cases oldest first over the last year (ids in time order, as the app writes them):
 * most are closed (a few rejected); open ones are mostly recent, plus an older backlog that has gone
 * overdue and climbed the escalation ladder as escalateDue would have moved it. Seeded.
 */
export async function generateCases(place: Place, cats: Category[], total: number, cipher: PersonalDataCipher, write: (cases: Row[], events: Row[]) => Promise<void>): Promise<Truth> {
  const rand = seeded(20261129);
  const now = Date.now();
  const span = 365 * DAY;
  const truth: Truth = { n: total, status: new Uint8Array(total), area: new Int32Array(total), assignee: new Int32Array(total), assigneeArea: new Int32Array(total), role: new Uint8Array(total), resolvedBy: new Int32Array(total), due: new Float64Array(total), errand: new Uint8Array(total), paths: [] };
  for (const a of [place.district, ...place.subdistricts, ...place.communities, ...place.grids]) truth.paths[a.id] = a.path;
  const catMix = cats.map((c) => [CATEGORY_MIX[c.code] ?? 0, c] as const);
  const catWeight = catMix.reduce((s, [w]) => s + w, 0);
  const gridsOfCommunity: number[][] = place.communities.map(() => []);
  place.communityOfGrid.forEach((c, g) => gridsOfCommunity[c].push(g));
  // A few hundred phones, encrypted once: the list never reads them, but the rows should look real.
  const phones = Array.from({ length: 500 }, (_, i) => {
    const p = `138${String(10_000_000 + i * 7919).slice(-8)}`;
    return { enc: cipher.encrypt(p), hash: cipher.hash(p), last4: p.slice(-4) };
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  let cases: Row[] = [];
  let events: Row[] = [];
  let eventId = 1;
  const tokens = randomBytes(16 * total);
  for (let i = 0; i < total; i++) {
    const id = i + 1;
    const created = now - span + Math.floor(((i + rand.next()) * span) / total);
    const age = now - created;
    const cat = weighted(rand.next() * catWeight, catMix);
    // Open share by age: most of the last week, half of the last month, a backlog of older ones (~10 % overall).
    const openP = age < 7 * DAY ? 0.85 : age < 30 * DAY ? 0.5 : 0.055;
    const open = rand.next() < openP;
    const status: CaseStatus = open ? weighted(rand.next(), OPEN_MIX) : rand.next() < 0.06 ? 'rejected' : 'closed';
    const gridLevel = rand.next() < 0.95;
    const g = rand.int(place.grids.length);
    const c = gridLevel ? place.communityOfGrid[g] : rand.int(place.communities.length);
    const area = gridLevel ? place.grids[g] : place.communities[c];
    const source = cat.type === 'inspection_finding' ? 'inspection' : rand.next() < 0.45 && cat.publicReporting ? 'resident' : 'staff';
    const worker = gridLevel ? place.workers[g][rand.int(WORKERS_PER_GRID)] : null;

    // Who holds it: a grid worker of the grid (most), the grid leader, or the grid as a whole (a grid worker there
    // may start and resolve it without claiming it, so it stays with the grid to the end); community cases go to
    // its chief grid leader or to one of its grids.
    let assignee: number | null = null;
    let assigneeArea: AreaRow | null = null;
    let handler = worker;
    if (status !== 'reported' && status !== 'accepted' && status !== 'rejected') {
      const r = rand.next();
      if (gridLevel) {
        if (r < 0.2) assigneeArea = area;
        else assignee = r < 0.85 ? worker!.id : place.gridLeaders[g].id;
      } else if (r < 0.5) {
        const ag = rand.pick(gridsOfCommunity[c]);
        assigneeArea = place.grids[ag];
        handler = place.workers[ag][rand.int(WORKERS_PER_GRID)];
      } else assignee = place.chiefGridLeaders[c].id;
    }

    // Time limits and escalation, as insertCase, nextState and escalateDue leave them.
    let role = cat.role;
    let level = 0;
    let due: number | null = null;
    let nextEscalation: number | null = null;
    if (open && status !== 'resolved') {
      const accepted = created + rand.next() * cat.acceptHours * HOUR;
      const hours = status === 'reported' ? cat.acceptHours : cat.resolveHours;
      due = status === 'reported' ? created + cat.acceptHours * HOUR : accepted + cat.resolveHours * HOUR;
      nextEscalation = due;
      // Overdue ones climb one rung per elapsed time limit until the top of the ladder.
      let rung = ESCALATION_LADDER.indexOf(role as (typeof ESCALATION_LADDER)[number]);
      while (nextEscalation !== null && nextEscalation <= now) {
        level++;
        if (rung >= 0 && rung < ESCALATION_LADDER.length - 1) {
          role = ESCALATION_LADDER[++rung];
          nextEscalation += hours * HOUR;
        } else nextEscalation = null;
      }
    }
    const resolvedAt = status === 'resolved' || status === 'closed' ? Math.max(created, Math.min(now - HOUR, created + (0.2 + rand.next() * 3) * DAY)) : null;
    const resolvedBy = resolvedAt !== null ? (assignee ?? handler?.id ?? place.chiefGridLeaders[c].id) : null;
    const closedAt = status === 'closed' ? Math.max(resolvedAt!, Math.min(now - HOUR / 2, resolvedAt! + rand.next() * DAY)) : status === 'rejected' ? Math.min(now, created + rand.next() * DAY) : null;
    const updated = closedAt ?? resolvedAt ?? (open ? Math.min(now, created + rand.next() * Math.max(HOUR, age)) : created);
    const phone = source === 'resident' ? phones[i % phones.length] : null;
    const title = TITLES[rand.int(TITLES.length)];
    const at = iso(created);
    cases.push({
      id,
      reference: `C${at.slice(0, 10).replace(/-/g, '')}${String(id).padStart(6, '0')}`,
      client_id: source === 'resident' ? `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}` : null,
      category_id: cat.id,
      type: cat.type,
      status,
      area_id: area.id,
      area_path: area.path,
      title,
      description: `${title}，请尽快处理。`,
      address: null,
      source,
      reporter_user_id: source === 'resident' ? null : (worker?.id ?? place.chiefGridLeaders[c].id),
      reporter_name: phone ? `居民${id}` : null,
      reporter_phone_enc: phone?.enc ?? null,
      reporter_phone_hash: phone?.hash ?? null,
      reporter_phone_last4: phone?.last4 ?? null,
      household_id: null,
      needed_by: null,
      assignee_user_id: assignee,
      assignee_area_id: assigneeArea?.id ?? null,
      assignee_area_path: assigneeArea?.path ?? null,
      responsible_role: role,
      escalation_level: level,
      due_at: due === null ? null : iso(due),
      next_escalation_at: nextEscalation === null ? null : iso(nextEscalation),
      overdue_once: level > 0 ? 1 : 0,
      resolved_by: resolvedBy,
      resolved_at: resolvedAt === null ? null : iso(resolvedAt),
      closed_at: closedAt === null ? null : iso(closedAt),
      rating: status === 'closed' && source === 'resident' && rand.next() < 0.4 ? 3 + rand.int(3) : null,
      rating_note: null,
      inspection_id: null,
      inspection_item_id: null,
      tracking_token: tokens.subarray(i * 16, i * 16 + 16).toString('base64url'),
      api_key_id: null,
      version: 1 + level + (status === 'closed' ? 5 : open ? 2 : 1),
      created_at: at,
      updated_at: iso(updated),
    });
    // One timeline entry (the report) per open case; the lists never read the timeline.
    if (open) events.push({ id: eventId++, case_id: id, at, action: 'report', from_status: null, to_status: 'reported', actor_user_id: null, actor_name: null, note: null, data: JSON.stringify({ source }) });
    truth.status[i] = CASE_STATUSES.indexOf(status);
    truth.area[i] = area.id;
    truth.assignee[i] = assignee ?? 0;
    truth.assigneeArea[i] = assigneeArea?.id ?? 0;
    truth.role[i] = ROLE_CODES.indexOf(role);
    truth.resolvedBy[i] = resolvedBy ?? 0;
    truth.due[i] = due ?? Number.NaN;
    truth.errand[i] = cat.type === 'errand' ? 1 : 0;
    if (cases.length >= 10_000) {
      await write(cases, events);
      cases = [];
      events = [];
      if (id % 100_000 === 0) progress(`  ${id} cases`);
    }
  }
  if (cases.length) await write(cases, events);
  return truth;
}

const INT_COLUMNS = ['id', 'case_id', 'category_id', 'area_id', 'reporter_user_id', 'actor_user_id', 'household_id', 'assignee_user_id', 'assignee_area_id', 'escalation_level', 'overdue_once', 'resolved_by', 'rating', 'inspection_id', 'inspection_item_id', 'api_key_id', 'version'];

/** SQLite: prepared statements, one transaction per batch. */
export function sqliteWriter(handle: DatabaseHandle) {
  const sqlite = handle.sqlite!;
  const statements = new Map<string, ReturnType<typeof sqlite.prepare>>();
  const insert = (table: string, rows: Row[]) => {
    if (!rows.length) return;
    let st = statements.get(table);
    if (!st) {
      const cols = Object.keys(rows[0]);
      statements.set(table, (st = sqlite.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})`)));
    }
    for (const r of rows) st.run(r);
  };
  const tx = sqlite.transaction((cases: Row[], events: Row[]) => {
    insert('cases', cases);
    insert('case_events', events);
  });
  return async (cases: Row[], events: Row[]) => tx(cases, events);
}

/** PostgreSQL: bulkInsert (`insert … select * from unnest(arrays)`), one transaction per batch. */
export function postgresWriter(handle: DatabaseHandle) {
  return async (cases: Row[], events: Row[]) => {
    await handle.db.transaction().execute(async (trx) => {
      await bulkInsert(trx, 'cases', cases as any, INT_COLUMNS);
      await bulkInsert(trx, 'case_events', events as any, INT_COLUMNS);
    });
  };
}

/** Drop a table's secondary indexes (a bulk restore's way), returning the DDL that rebuilds them exactly. */
export async function dropSecondaryIndexes(handle: DatabaseHandle, table: string): Promise<string[]> {
  const found =
    handle.dialect === 'postgres'
      ? (await sql<{ name: string; ddl: string }>`select i.indexname as name, i.indexdef as ddl from pg_indexes i where i.tablename = ${table} and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(handle.db)).rows
      : (await sql<{ name: string; ddl: string }>`select name, sql as ddl from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(handle.db)).rows;
  for (const i of found) await sql`drop index ${sql.ref(i.name)}`.execute(handle.db);
  return found.map((i) => i.ddl);
}

// What listCases answers, worked out from the generator's own record (a wrong answer fails the run).
const under = (path: string, prefixes: string[]) => prefixes.some((p) => path.startsWith(p));

/** Whether a case waiting for `caseRole` is in the "my work" of someone holding `role` there (as myWork decides). */
function waitsFor(role: string, caseRole: string, errand: boolean): boolean {
  // Grid workers cannot accept or assign: only errands (which they claim) wait for them; grid leaders take in the rest.
  if (role === 'grid_worker') return caseRole === 'grid_worker' && errand;
  if (role === 'grid_leader') return caseRole === 'grid_worker' || caseRole === 'grid_leader';
  return caseRole === role;
}

function expectedMyWork(t: Truth, actor: Actor): number {
  const read = pathsWith(actor, 'case.read') as string[];
  const handle = pathsWith(actor, 'case.handle') as string[];
  const verify = pathsWith(actor, 'case.verify') as string[];
  const roles = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes('case.handle') || ROLE_PERMISSIONS[g.role].includes('case.manage'));
  const [reported, accepted, , assigned, inProgress, resolved] = [0, 1, 2, 3, 4, 5];
  let n = 0;
  for (let i = 0; i < t.n; i++) {
    const s = t.status[i];
    const path = t.paths[t.area[i]];
    if (!under(path, read)) continue;
    const handling = s === assigned || s === inProgress;
    if (handling && t.assignee[i] === actor.userId) n++;
    else if (handling && t.assignee[i] === 0 && t.assigneeArea[i] !== 0 && under(t.paths[t.assigneeArea[i]], handle)) n++;
    else if ((s === reported || s === accepted) && roles.some((g) => waitsFor(g.role, ROLE_CODES[t.role[i]], t.errand[i] === 1) && path.startsWith(g.path))) n++;
    else if (s === resolved && t.resolvedBy[i] !== actor.userId && under(path, verify)) n++;
  }
  return n;
}

function expectedOverdue(t: Truth, path: string, now: number): number {
  const open = new Set(OPEN_CASE_STATUSES.map((s) => CASE_STATUSES.indexOf(s)));
  let n = 0;
  for (let i = 0; i < t.n; i++) if (open.has(t.status[i]) && t.due[i] <= now && t.paths[t.area[i]].startsWith(path)) n++;
  return n;
}

function expectedUnder(t: Truth, path: string): number {
  let n = 0;
  for (let i = 0; i < t.n; i++) if (t.paths[t.area[i]].startsWith(path)) n++;
  return n;
}

type ListQuery = Parameters<typeof listCases>[2];

/** The plans of the two statements listCases runs (count, then the page), for a slow list. */
async function explain(handle: DatabaseHandle, actor: Actor, query: ListQuery): Promise<string> {
  const now = new Date();
  const q = await casesQuery(handle.db, actor, query, now);
  const count = q.clearSelect().select((eb) => eb.fn.countAll().as('n')).compile();
  const page = q
    .$if(!!query.mine || !!query.overdue, (qb) => qb.orderBy(sql`coalesce(cases.due_at, '9999')`).orderBy('cases.id'))
    .$if(!query.mine && !query.overdue, (qb) => qb.orderBy('cases.id', 'desc'))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .compile();
  const out: string[] = [];
  for (const [what, c] of [['count', count], ['page', page]] as const) {
    out.push(`-- ${what}: ${c.sql}`, `-- parameters: ${JSON.stringify(c.parameters)}`);
    if (handle.dialect === 'postgres') {
      const r = await handle.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${c.sql}`, c.parameters as unknown[]));
      out.push(...r.rows.map((x) => x['QUERY PLAN']));
    } else {
      const rows = handle.sqlite!.prepare(`explain query plan ${c.sql}`).all(...(c.parameters as unknown[])) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>();
      for (const r of rows) {
        const d = (depth.get(r.parent) ?? -1) + 1;
        depth.set(r.id, d);
        out.push(`${'  '.repeat(d)}${r.detail}`);
      }
    }
  }
  return out.join('\n');
}

async function benchMyWork(fresh: Fresh, place: Place, cats: Category[], opts: CasesBenchOptions, total: number): Promise<Record<string, unknown>> {
  const { handle } = fresh;
  const db = handle.dialect;
  const cipher = createCipher(randomBytes(32));
  progress(`${db}: generating ${total} cases over ${place.grids.length} grids, ${place.communities.length} communities, ${place.subdistricts.length} subdistricts; ${place.users} people on the roster`);
  const t0 = performance.now();
  const indexes = [...(await dropSecondaryIndexes(handle, 'cases')), ...(await dropSecondaryIndexes(handle, 'case_events'))];
  await handle.db.transaction().execute(async (trx) => {
    await reserveIds(trx, 'cases', total);
  });
  const truth = await generateCases(place, cats, total, cipher, db === 'postgres' ? postgresWriter(handle) : sqliteWriter(handle));
  const events = Number((await sql<{ n: number | string }>`select count(*) as n from case_events`.execute(handle.db)).rows[0].n);
  if (db === 'postgres') await sql`select setval(pg_get_serial_sequence('case_events', 'id'), ${Math.max(1, events)})`.execute(handle.db);
  const insertSeconds = round((performance.now() - t0) / 1000, 1);
  progress(`${db}: ${total} cases and ${events} events inserted in ${insertSeconds} s; building ${indexes.length} indexes`);
  const t1 = performance.now();
  for (const ddl of indexes) await sql.raw(ddl).execute(handle.db);
  const indexSeconds = round((performance.now() - t1) / 1000, 1);
  const t2 = performance.now();
  await refreshPlannerStatistics(handle.db, ['cases', 'case_events', 'case_categories', 'areas', 'users', 'assignments']);
  const analyzeSeconds = round((performance.now() - t2) / 1000, 1);
  progress(`${db}: indexes built in ${indexSeconds} s, planner statistics refreshed in ${analyzeSeconds} s`);

  const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0]));
  for (let i = 0; i < truth.n; i++) counts[CASE_STATUSES[truth.status[i]]]++;
  const now = Date.now();
  let overdue = 0;
  for (let i = 0; i < truth.n; i++) if (truth.due[i] <= now) overdue++;
  const shape = { cases: total, open_share: round(1 - (counts.closed + counts.rejected) / total, 3), overdue_share: round(overdue / total, 4), grids: place.grids.length, communities: place.communities.length, subdistricts: place.subdistricts.length, users: place.users };
  progress(`${db}: statuses ${JSON.stringify(counts)}, overdue ${overdue}`);
  const common = { db, ...shape, load_seconds: insertSeconds, index_seconds: indexSeconds, analyze_seconds: analyzeSeconds, scale: opts.scale, ...fresh.extra };

  // Each sample is another person of that kind (spread over the place), so no one user's pages stay cached.
  const spread = <T>(list: T[], i: number) => list[(i * 7919) % list.length];
  const actors = new Map<number, Actor>();
  const actorOf = async (p: Person) => {
    let a = actors.get(p.id);
    if (!a) actors.set(p.id, (a = (await loadActor(handle.db, p.id, null))!));
    return a;
  };
  const gridWorkers = place.workers.flat();
  const scenarios: { name: string; who: (i: number) => Promise<{ actor: Actor; query: ListQuery; expect: () => number }> }[] = [
    { name: 'grid_worker', who: async (i) => { const a = await actorOf(spread(gridWorkers, i)); return { actor: a, query: { mine: '1', page: 1, pageSize: 20 }, expect: () => expectedMyWork(truth, a) }; } },
    { name: 'grid_leader', who: async (i) => { const a = await actorOf(spread(place.gridLeaders, i)); return { actor: a, query: { mine: '1', page: 1, pageSize: 20 }, expect: () => expectedMyWork(truth, a) }; } },
    { name: 'chief_grid_leader', who: async (i) => { const a = await actorOf(spread(place.chiefGridLeaders, i)); return { actor: a, query: { mine: '1', page: 1, pageSize: 20 }, expect: () => expectedMyWork(truth, a) }; } },
    { name: 'chief_advisor', who: async (i) => { const a = await actorOf(spread(place.chiefAdvisors, i)); return { actor: a, query: { mine: '1', page: 1, pageSize: 20 }, expect: () => expectedMyWork(truth, a) }; } },
  ];
  const lists: { scenario: string; name: string; scope: string; who: (i: number) => Promise<{ actor: Actor; query: ListQuery; expect: () => number }> }[] = [
    ...scenarios.map((s) => ({ scenario: `cases_my_work_${s.name}`, name: s.name, scope: s.name === 'chief_advisor' ? 'subdistrict' : s.name === 'chief_grid_leader' ? 'community' : 'grid', who: s.who })),
    {
      scenario: 'cases_overdue_subdistrict',
      name: 'overdue_subdistrict',
      scope: 'subdistrict',
      who: async (i) => {
        const s = (i * 7919) % place.subdistricts.length;
        const a = await actorOf(place.chiefAdvisors[s]);
        return { actor: a, query: { overdue: '1', area: place.subdistricts[s].id, page: 1, pageSize: 20 }, expect: () => expectedOverdue(truth, place.subdistricts[s].path, Date.now()) };
      },
    },
    {
      scenario: 'cases_list_community',
      name: 'list_community',
      scope: 'community',
      who: async (i) => {
        const c = (i * 7919) % place.communities.length;
        const a = await actorOf(place.chiefGridLeaders[c]);
        return { actor: a, query: { area: place.communities[c].id, page: 1, pageSize: 20 }, expect: () => expectedUnder(truth, place.communities[c].path) };
      },
    },
  ];
  const samples = Math.max(10, Math.round(opts.samples / 4));
  const slow: string[] = [];
  for (const list of lists) {
    // Checked first, untimed: the totals of a few samples against what was generated.
    for (let i = 0; i < 3; i++) {
      const { actor, query, expect } = await list.who(i);
      const page = await listCases(handle.db, actor, query);
      const want = expect();
      if (page.total !== want) throw new Error(`${db} ${list.name}: listCases counts ${page.total} for ${actor.username}, the generator made ${want}`);
      if (page.items.length !== Math.min(20, want)) throw new Error(`${db} ${list.name}: a page of ${page.items.length} for a total of ${want}`);
    }
    let totals = 0;
    const who = await Promise.all(Array.from({ length: samples + 3 }, (_, i) => list.who(i)));
    const r = await latencies(samples, 3, async (i) => {
      const { actor, query } = who[i];
      const page = await listCases(handle.db, actor, query);
      if (page.total > 0 && page.items.length === 0) throw new Error(`${db} ${list.name}: an empty first page for a total of ${page.total}`);
      totals += page.total;
    });
    const line = { unit: 'ms', list: list.name, scope: list.scope, query: who[0].query, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max, samples: r.samples, mean_total: Math.round(totals / (samples + 3)), under_50ms: r.p50 < SLOW_MS, ...common };
    const l = load();
    emit({ scenario: `${list.scenario}_p50_ms_${db}`, value: r.p50, stat: 'p50', ...line, ...l });
    emit({ scenario: `${list.scenario}_p95_ms_${db}`, value: r.p95, stat: 'p95', ...line, ...l });
    progress(`  ${list.name}: p50 ${r.p50} ms, p95 ${r.p95} ms (mean total ${line.mean_total})`);
    if (r.p50 > SLOW_MS || process.env.BENCH_EXPLAIN === '1') {
      const plan = await explain(handle, who[0].actor, who[0].query);
      slow.push(list.name);
      progress(`${db} ${list.name} (p50 ${r.p50} ms) as ${who[0].actor.username}:\n${plan}`);
    }
  }
  return { cases_in_table: total, slow_lists: slow };
}

// ---------------------------------------------------------------------------------------------

const SCENARIOS = (db: string) => [`cases_create_rps_${db}`, `cases_my_work_grid_worker_p50_ms_${db}`, `cases_peak_rss_mb_${db}`];

async function benchDatabase(db: 'sqlite' | 'postgres', opts: CasesBenchOptions) {
  let fresh: Fresh;
  try {
    fresh = await freshDatabase(db, opts.pgUrl);
  } catch (err) {
    if (!(err instanceof Unreachable)) throw err;
    progress(err.message);
    for (const scenario of SCENARIOS(db)) emit({ scenario, skipped: err.message, db });
    return;
  }
  const parts = opts.parts ?? ['create', 'mywork'];
  try {
    const total = Math.max(1000, Math.round(1_000_000 * opts.scale));
    const grids = Math.max(4, Math.round(2000 * opts.scale));
    const place = await buildPlace(fresh.handle, grids);
    const cats = await categories(fresh.handle);
    let extra: Record<string, unknown> = { cases_in_table: 0 };
    // The lists first (on exactly what was generated), then creation into the same, full table.
    if (parts.includes('mywork')) extra = await benchMyWork(fresh, place, cats, opts, total);
    if (parts.includes('create')) await benchCreate(fresh, place, cats, opts, { cases_in_table: extra.cases_in_table });
    emit({ scenario: `cases_peak_rss_mb_${db}`, value: maxRssMb(), unit: 'MB', db, scale: opts.scale, ...fresh.extra, ...load() });
  } finally {
    await fresh.drop();
  }
}

/** Run the case scenarios on the databases in `only`. */
export async function benchCases(opts: CasesBenchOptions): Promise<void> {
  if (opts.only.includes('sqlite')) await benchDatabase('sqlite', opts);
  if (opts.only.includes('postgres')) await benchDatabase('postgres', opts);
}

// Run alone: node bin/run-ts.js bench/cases.ts
if (process.argv[2] && import.meta.url === pathToFileURL(process.argv[2]).href) {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, got "${process.env.BENCH_SCALE}"`);
  await benchCases({
    scale,
    samples: Number(process.env.BENCH_SAMPLES ?? 200),
    only: (process.env.BENCH_ONLY ?? 'sqlite,postgres').split(','),
    pgUrl: process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    parts: process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',') : undefined,
  });
}
