/**
 * Benchmarks of self-report forms (issue 4): public submissions per second through the real app
 * against a bare node:http + prepared INSERT baseline, the tally pass, the statistics table at
 * 10 million submissions, and the resident page's JavaScript size. JSON lines on stdout, progress
 * on stderr. Part of `npm run bench`; alone: `node bin/run-ts.js bench/forms.ts`.
 * BENCH_SCALE, BENCH_ONLY, BENCH_DATABASE_URL as everywhere; see bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import type { FormDefinition } from '../common/form-definition.js';
import { buildApp } from '../server/app.js';
import { insertArea } from '../server/areas/areas.repository.js';
import type { Actor } from '../server/auth/actor.js';
import { loadConfig } from '../server/config.js';
import { bulkInsert } from '../server/db/bulk-insert.js';
import { type DatabaseHandle, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { refreshPlannerStatistics } from '../server/db/planner-statistics.js';
import type { AreaRow } from '../server/db/types.js';
import { evaluateAlertRules } from '../server/forms/alert-rules.js';
import { createForm, ensureLink, publishForm } from '../server/forms/forms.service.js';
import { dayIn } from '../server/forms/public-forms.service.js';
import { forgetExpectedCounts, formStats } from '../server/forms/stats.service.js';
import { COUNT_FIELD, contributionKeys, rollupPaths, tallyPending } from '../server/forms/tally.js';
import { createCipher, type PersonalDataCipher } from '../server/registry/personal-data-cipher.js';
import { RESIDENT_PAGE_JS_BUDGET_BYTES, residentPageJsFiles } from '../web/form/page-size.js';
import { emit, latencies, percentile, progress, round } from './bench-output.js';
import { generate, type Place, postgresWriter, sqliteWriter } from './registry.js';

export interface FormsBenchOptions {
  scale: number;
  only: string[];
  pgUrl: string;
}

const load = () => ({ load1: round(loadavg()[0]) });
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const ADMIN: Actor = { userId: 0, username: 'bench', displayName: 'benchmark', isSuperAdmin: true, ip: null, grants: [] };
const TIME_ZONE = loadConfig({}).timeZone;

/** The daily health check-in the issue describes: a temperature, a yes/no, a single and a multiple choice. */
const HEALTH: FormDefinition = {
  title: '每日健康打卡',
  fields: [
    { name: 'temperature', type: 'temperature', label: '今日体温', required: true },
    { name: 'contact', type: 'yes_no', label: '是否接触过确诊病例', required: true },
    { name: 'status', type: 'single_choice', label: '居住状态', required: true, options: [{ value: 'home', label: '在家' }, { value: 'away', label: '外出' }, { value: 'quarantine', label: '居家隔离' }] },
    { name: 'symptoms', type: 'multiple_choice', label: '症状', options: [{ value: 'fever', label: '发热' }, { value: 'cough', label: '咳嗽' }, { value: 'fatigue', label: '乏力' }, { value: 'none', label: '无' }] },
  ],
  alertRules: [
    { name: '体温异常', field: 'temperature', op: 'gte', value: 37.3 },
    { name: '接触史', field: 'contact', op: 'eq', value: 'yes' },
  ],
};

// ---------------------------------------------------------------------------------------------
// Databases

interface Fresh {
  handle: DatabaseHandle;
  dataDir: string;
  url?: string;
  extra: Record<string, unknown>;
  drop: () => Promise<void>;
}

class Unreachable extends Error {}

async function freshDatabase(db: 'sqlite' | 'postgres', pgUrl: string, poolSize = 10): Promise<Fresh> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wangge-bench-forms-'));
  if (db === 'sqlite') {
    const handle = openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    return { handle, dataDir, extra: {}, drop: async () => {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    } };
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
  const handle = openDatabase({ databaseUrl: url.toString(), poolSize });
  await migrateToLatest(handle.db);
  return {
    handle,
    dataDir,
    url: url.toString(),
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
// The area tree: district → subdistricts → 10 communities → 10 grids → 6 buildings

const GRIDS_PER_COMMUNITY = 10;
const COMMUNITIES_PER_SUBDISTRICT = 10;
const BUILDINGS_PER_GRID = 6; // registry.ts `generate` places residents in 6 buildings per grid

interface Tree extends Place {
  district: AreaRow;
  communities: AreaRow[];
  communityOfGrid: number[];
}

async function buildTree(handle: DatabaseHandle, grids: number, withBuildings: boolean): Promise<Tree> {
  const now = new Date().toISOString();
  let code = 370_200_000_000;
  const add = (parent: AreaRow | null, level: AreaRow['level'], name: string, official: boolean, sort: number) =>
    insertArea(handle.db, { code: official ? String(++code) : `F${++code}`, name, level, parent_id: parent?.id ?? null, sort_order: sort, archived_at: null, geo: null, created_at: now, updated_at: now }, parent?.path ?? null);
  const district = await add(null, 'district', '打卡区', true, 0);
  const tree: Tree = { district, grids: [], subdistricts: [], buildings: [], subOfGrid: [], communities: [], communityOfGrid: [] };
  const communities = Math.ceil(grids / GRIDS_PER_COMMUNITY);
  const subdistricts = Math.ceil(communities / COMMUNITIES_PER_SUBDISTRICT);
  for (let s = 0, c = 0; s < subdistricts; s++) {
    const sub = await add(district, 'subdistrict', `第${s + 1}街道`, true, s);
    tree.subdistricts.push(sub);
    for (let k = 0; k < COMMUNITIES_PER_SUBDISTRICT && c < communities; k++, c++) {
      const community = await add(sub, 'community', `第${c + 1}社区`, true, k);
      tree.communities.push(community);
      for (let g = 0; g < GRIDS_PER_COMMUNITY && tree.grids.length < grids; g++) {
        const grid = await add(community, 'grid', `第${g + 1}网格`, false, g);
        tree.grids.push(grid);
        tree.subOfGrid.push(s);
        tree.communityOfGrid.push(c);
        const buildings: AreaRow[] = [];
        if (withBuildings) for (let b = 1; b <= BUILDINGS_PER_GRID; b++) buildings.push(await add(grid, 'building', `${b}号楼`, false, b));
        tree.buildings.push(buildings);
      }
    }
  }
  return tree;
}

async function publishHealthForm(handle: DatabaseHandle, tree: Tree) {
  const form = await createForm(handle.db, ADMIN, { areaId: tree.district.id, mode: 'daily', definition: HEALTH });
  await publishForm(handle.db, ADMIN, form.id);
  const links: { id: number; token: string }[] = [];
  for (const grid of tree.grids) links.push(await ensureLink(handle.db, form.id, grid));
  return { formId: form.id, links };
}

// ---------------------------------------------------------------------------------------------
// Load generator: a worker thread (the other core), keep-alive node:http agent, fixed concurrency

/** Plain JavaScript run in a worker thread; it builds each body, posts it and times the answer. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { port, paths, concurrency, warmupMs, measureMs, phoneBase } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const STATUS = ['home', 'home', 'home', 'home', 'home', 'away', 'quarantine'];
function bodyOf(i) {
  const n = phoneBase + i;
  const answers = {
    reporter_name: '居民' + n,
    reporter_phone: '139' + String(n).padStart(8, '0'),
    temperature: (360 + (i % 14)) / 10,
    contact: i % 200 === 0 ? 'yes' : 'no',
    status: STATUS[i % STATUS.length],
    symptoms: i % 11 === 0 ? ['cough', 'fatigue'] : ['none'],
  };
  return JSON.stringify({ id: randomUUID(), answers });
}
function post(path, payload) {
  return new Promise((done) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'accept-language': 'zh-CN' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (err) => done({ status: 0, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: String(err) }));
    req.end(payload);
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
      const r = await post(paths[i % paths.length], bodyOf(i));
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

function drive(port: number, paths: string[], o: { concurrency: number; warmupMs: number; measureMs: number; phoneBase: number }): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { port, paths, ...o } });
    worker.once('message', done);
    worker.once('error', fail);
  });
}

function summarize(r: LoadResult) {
  const ms = [...r.ms].sort((a, b) => a - b);
  return { rps: round(r.okInWindow / r.seconds, 0), p50: round(percentile(ms, 50), 2), p95: round(percentile(ms, 95), 2), p99: round(percentile(ms, 99), 2), max: round(ms.at(-1) ?? Number.NaN, 2), requests: ms.length, errors: r.errors };
}

/** A table shaped like form_submissions (same columns and indexes) for the baseline to write to. */
async function createBaselineTable(handle: DatabaseHandle) {
  if (handle.dialect === 'postgres') {
    await sql`create table baseline_submissions (like form_submissions including all)`.execute(handle.db);
    return;
  }
  const rows = handle.sqlite!.prepare(`select sql from sqlite_master where tbl_name = 'form_submissions' and sql is not null order by type desc`).all() as { sql: string }[];
  for (const r of rows) handle.sqlite!.exec(r.sql.replace(/form_submissions/g, 'baseline_submissions'));
}

const BASELINE_COLUMNS = ['id', 'form_id', 'version', 'link_id', 'area_id', 'area_path', 'day', 'submitted_at', 'reporter_name', 'reporter_phone_enc', 'reporter_phone_hash', 'reporter_phone_last4', 'answers', 'flagged', 'dedupe_key'];

/**
 * The floor under the app: node:http, JSON.parse of the same body, one prepared INSERT of a row of
 * the same shape (no validation, no encryption, no alert rules, no dedupe lookup), 201 with the seq.
 */
async function startBaseline(handle: DatabaseHandle, pgUrl: string | undefined, byToken: Map<string, { formId: number; linkId: number; areaId: number; areaPath: string }>) {
  let insert: (values: unknown[]) => Promise<number>;
  let pool: pg.Pool | undefined;
  if (handle.dialect === 'postgres') {
    pool = new pg.Pool({ connectionString: pgUrl, max: 10 });
    const text = `insert into baseline_submissions (${BASELINE_COLUMNS.join(',')}) values (${BASELINE_COLUMNS.map((_, i) => `$${i + 1}`).join(',')}) returning seq`;
    insert = async (values) => (await pool!.query({ name: 'baseline_insert', text, values })).rows[0].seq;
  } else {
    const st = handle.sqlite!.prepare(`insert into baseline_submissions (${BASELINE_COLUMNS.join(',')}) values (${BASELINE_COLUMNS.map(() => '?').join(',')})`);
    insert = async (values) => Number(st.run(...values).lastInsertRowid);
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fail = (status: number, message: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message } }));
      };
      const m = /^\/api\/public\/forms\/([^/]+)\/submissions$/.exec(req.url ?? '');
      const link = m ? byToken.get(m[1]) : undefined;
      if (!link) return fail(404, 'no such link');
      let body: { id: string; answers: Record<string, unknown> };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return fail(400, 'bad json');
      }
      const { reporter_name, reporter_phone, ...answers } = body.answers as Record<string, string>;
      const at = new Date().toISOString();
      const day = at.slice(0, 10);
      insert([body.id, link.formId, 1, link.linkId, link.areaId, link.areaPath, day, at, reporter_name, reporter_phone, reporter_phone, reporter_phone.slice(-4), JSON.stringify(answers), 0, `d:${day}:${reporter_phone}`]).then(
        (seq) => {
          res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ id: body.id, seq }));
        },
        (err) => fail(500, String(err)),
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await pool?.end();
    },
  };
}

async function countRows(handle: DatabaseHandle, table: 'form_submissions' | 'baseline_submissions'): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db);
  return Number(r.rows[0].n);
}

async function benchSubmit(db: 'sqlite' | 'postgres', opts: FormsBenchOptions) {
  const fresh = await freshDatabase(db, opts.pgUrl);
  const { handle } = fresh;
  const concurrency = 32;
  const measureMs = Math.round(Math.max(3, 20 * Math.min(1, opts.scale)) * 1000);
  const warmupMs = Math.max(1000, Math.round(measureMs / 10));
  const common = { db, concurrency, seconds: measureMs / 1000, warmup_seconds: warmupMs / 1000, scale: opts.scale, ...fresh.extra };
  try {
    const tree = await buildTree(handle, 8, false);
    const form = await publishHealthForm(handle, tree);
    const paths = form.links.map((l) => `/api/public/forms/${l.token}/submissions`);

    // The real app on a real port, limits off (WANGGE_RATE_LIMITS=off), the tally loop on as in production.
    const base = loadConfig({});
    const config = { ...base, dataDir: fresh.dataDir, webDir: '/nonexistent', webhookPollMs: 0, rateLimits: { ...base.rateLimits, enabled: false } };
    const app = await buildApp({ db: handle.db, dialect: handle.dialect, config, cipher: createCipher(randomBytes(32)) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    progress(`${db}: app on :${port}, tally loop every ${config.tallyPollMs} ms; ${concurrency} concurrent submitters for ${measureMs / 1000} s (+${warmupMs / 1000} s warm-up)`);
    let appRun: LoadResult;
    let catchUpMs: number;
    try {
      appRun = await drive(port, paths, { concurrency, warmupMs, measureMs, phoneBase: 0 });
      // How long until the statistics see the last submission (the loop folds them in the background).
      const t0 = performance.now();
      const high = async () => Number((await sql<{ m: number | null }>`select max(seq) as m from form_submissions`.execute(handle.db)).rows[0].m ?? 0);
      const want = await high();
      for (;;) {
        const p = await handle.db.selectFrom('form_tally_progress').select('last_seq').where('name', '=', 'forms').executeTakeFirstOrThrow();
        if (p.last_seq >= want) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      catchUpMs = performance.now() - t0;
    } finally {
      await app.close();
    }
    const app1 = summarize(appRun);
    progress(`${db}: app ${app1.rps} req/s, p50 ${app1.p50} ms, p99 ${app1.p99} ms; tallies caught up ${round(catchUpMs, 0)} ms after the last answer`);
    if (appRun.errors > 0) throw new Error(`${db}: ${appRun.errors} of ${appRun.sent} submissions failed, e.g. ${appRun.errorSamples.join(' | ')}`);

    // The same load with the tally loop off (WANGGE_TALLY_POLL_MS=0): what the background pass costs submitters.
    const quiet = await buildApp({ db: handle.db, dialect: handle.dialect, config: { ...config, tallyPollMs: 0 }, cipher: createCipher(randomBytes(32)) });
    await quiet.listen({ host: '127.0.0.1', port: 0 });
    let quietRun: LoadResult;
    try {
      quietRun = await drive((quiet.server.address() as AddressInfo).port, paths, { concurrency, warmupMs, measureMs, phoneBase: 20_000_000 });
    } finally {
      await quiet.close();
    }
    const quiet1 = summarize(quietRun);
    progress(`${db}: app with the tally loop off ${quiet1.rps} req/s, p50 ${quiet1.p50} ms, p99 ${quiet1.p99} ms`);
    if (quietRun.errors > 0) throw new Error(`${db} (tally loop off): ${quietRun.errors} of ${quietRun.sent} submissions failed, e.g. ${quietRun.errorSamples.join(' | ')}`);
    await tallyPending(handle.db);
    if (appRun.errors > 0) throw new Error(`${db}: ${appRun.errors} of ${appRun.sent} submissions failed, e.g. ${appRun.errorSamples.join(' | ')}`);
    const stored = await countRows(handle, 'form_submissions');
    if (stored !== appRun.ok + quietRun.ok) throw new Error(`${db}: ${appRun.ok + quietRun.ok} submissions answered 201 but ${stored} are stored`);
    const counted = await handle.db.selectFrom('forms').select('submission_count').where('id', '=', form.formId).executeTakeFirstOrThrow();
    if (counted.submission_count !== stored) throw new Error(`${db}: the tallies count ${counted.submission_count} submissions, ${stored} are stored`);

    await createBaselineTable(handle);
    const byToken = new Map(form.links.map((l, i) => [l.token, { formId: form.formId, linkId: l.id, areaId: tree.grids[i].id, areaPath: tree.grids[i].path }]));
    const baseline = await startBaseline(handle, fresh.url, byToken);
    let baseRun: LoadResult;
    try {
      baseRun = await drive(baseline.port, paths, { concurrency, warmupMs, measureMs, phoneBase: 50_000_000 });
    } finally {
      await baseline.close();
    }
    const base1 = summarize(baseRun);
    if (baseRun.errors > 0) throw new Error(`${db} baseline: ${baseRun.errors} requests failed, e.g. ${baseRun.errorSamples.join(' | ')}`);
    const baseStored = await countRows(handle, 'baseline_submissions');
    if (baseStored !== baseRun.ok) throw new Error(`${db} baseline: ${baseRun.ok} answered 201 but ${baseStored} rows are stored`);
    progress(`${db}: baseline ${base1.rps} req/s, p50 ${base1.p50} ms, p99 ${base1.p99} ms`);

    const ratio = round(app1.rps / base1.rps, 3);
    const l = load();
    emit({ scenario: `forms_submit_rps_${db}`, value: app1.rps, unit: 'req/s', p50: app1.p50, p95: app1.p95, p99: app1.p99, max: app1.max, requests: app1.requests, errors: app1.errors, stored, tally_catchup_ms: round(catchUpMs, 0), tally_poll_ms: config.tallyPollMs, ...common, ...l });
    emit({ scenario: `forms_submit_rps_tally_loop_off_${db}`, value: quiet1.rps, unit: 'req/s', p50: quiet1.p50, p95: quiet1.p95, p99: quiet1.p99, max: quiet1.max, requests: quiet1.requests, errors: quiet1.errors, tally_poll_ms: 0, ...common, ...l });
    emit({ scenario: `forms_submit_p50_ms_${db}`, value: app1.p50, unit: 'ms', ...common, ...l });
    emit({ scenario: `forms_submit_p99_ms_${db}`, value: app1.p99, unit: 'ms', ...common, ...l });
    emit({ scenario: `forms_submit_baseline_rps_${db}`, value: base1.rps, unit: 'req/s', p50: base1.p50, p95: base1.p95, p99: base1.p99, max: base1.max, requests: base1.requests, errors: base1.errors, ...common, ...l });
    emit({ scenario: `forms_submit_vs_baseline_${db}`, value: ratio, unit: 'ratio', app_rps: app1.rps, baseline_rps: base1.rps, at_least_60pct: ratio >= 0.6, ...common, ...l });
  } finally {
    await fresh.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics at 10 million submissions

/** One answer combination: its stored JSON, whether it raises an alert, and the tally keys it adds to. */
interface Combo {
  json: string;
  flagged: number;
  keys: number[];
}

/** Deterministic generator for answers, close to a real check-in: mostly well, a few alerts. */
function answerSource() {
  const keyIndex = new Map<string, number>();
  const keyList: [string, string][] = [];
  const combos = new Map<number, Combo>();
  const STATUS = ['home', 'away', 'quarantine'];
  const SYMPTOMS = [['none'], ['cough'], ['fever', 'cough'], ['fatigue']];
  const comboOf = (t: number, contact: number, status: number, symptoms: number): Combo => {
    const code = ((t * 2 + contact) * 3 + status) * 4 + symptoms;
    let c = combos.get(code);
    if (!c) {
      const answers = { temperature: (361 + t) / 10, contact: contact ? 'yes' : 'no', status: STATUS[status], symptoms: SYMPTOMS[symptoms] };
      const flagged = evaluateAlertRules(HEALTH, answers).length > 0 ? 1 : 0;
      const json = JSON.stringify(answers);
      const keys = contributionKeys(HEALTH, json, flagged === 1).map(([f, o]) => {
        const k = `${f}\u0000${o}`;
        let i = keyIndex.get(k);
        if (i === undefined) {
          keyIndex.set(k, (i = keyList.length));
          keyList.push([f, o]);
        }
        return i;
      });
      combos.set(code, (c = { json, flagged, keys }));
    }
    return c;
  };
  // Pre-build every combination so the key list is complete (and its length fixed) before counting.
  for (let t = 0; t < 14; t++) for (let a = 0; a < 2; a++) for (let s = 0; s < 3; s++) for (let y = 0; y < 4; y++) comboOf(t, a, s, y);
  let seed = 20261129;
  const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = (): Combo => {
    const r = next();
    const t = r < 0.02 ? 12 + Math.floor(next() * 2) : Math.floor(next() * 9); // 36.1–36.9 mostly, 2 % at 37.3+
    const contact = next() < 0.005 ? 1 : 0;
    const s = next();
    const status = s < 0.85 ? 0 : s < 0.97 ? 1 : 2;
    const y = next();
    const symptoms = y < 0.9 ? 0 : y < 0.95 ? 1 : y < 0.97 ? 2 : 3;
    return comboOf(t, contact, status, symptoms);
  };
  return { pick, keyList };
}

type SubmissionRow = Record<string, string | number | null>;

const SUBMISSION_INTS = new Set(['seq', 'form_id', 'version', 'link_id', 'area_id', 'flagged', 'replaces_seq']);

/** Writes batches of submission rows: prepared statement in a transaction on SQLite, `insert … select from unnest` on PostgreSQL, one batch in flight while the next is built. */
function submissionWriter(handle: DatabaseHandle, client: pg.Client | null) {
  let pending: Promise<unknown> = Promise.resolve();
  if (handle.dialect === 'sqlite') {
    const sqlite = handle.sqlite!;
    let st: ReturnType<typeof sqlite.prepare> | undefined;
    const tx = sqlite.transaction((rows: SubmissionRow[]) => {
      for (const r of rows) st!.run(r);
    });
    return {
      write: async (rows: SubmissionRow[]) => {
        st ??= sqlite.prepare(`insert into form_submissions (${Object.keys(rows[0]).join(',')}) values (${Object.keys(rows[0]).map((c) => `@${c}`).join(',')})`);
        tx(rows);
      },
      flush: async () => {},
    };
  }
  return {
    write: async (rows: SubmissionRow[]) => {
      const cols = Object.keys(rows[0]);
      const arrays = cols.map((c) => rows.map((r) => r[c]));
      await pending;
      pending = client!.query(`insert into form_submissions (${cols.join(',')}) select * from unnest(${cols.map((c, i) => `$${i + 1}::${SUBMISSION_INTS.has(c) ? 'int' : 'text'}[]`).join(',')})`, arrays);
    },
    flush: async () => {
      await pending;
    },
  };
}

async function benchStats(db: 'sqlite' | 'postgres', opts: FormsBenchOptions) {
  const fresh = await freshDatabase(db, opts.pgUrl, 5);
  const { handle } = fresh;
  const bulk = fresh.url ? new pg.Client({ connectionString: fresh.url }) : null;
  const total = Math.round(10_000_000 * opts.scale);
  const grids = Math.max(4, Math.round(2000 * opts.scale));
  const DAYS = 30;
  const residentsPerGrid = 500;
  try {
    await bulk?.connect();
    const t0 = performance.now();
    progress(`${db}: building ${grids} grids with ${BUILDINGS_PER_GRID} buildings each`);
    const tree = await buildTree(handle, grids, true);
    progress(`${db}: ${grids * residentsPerGrid} residents (the expected reporters)`);
    const cipher = createCipher(randomBytes(32));
    const writer = bulk ? postgresWriter(bulk) : sqliteWriter(handle);
    const people = await generate(tree, residentsPerGrid, cipher, writer, [], Number.MAX_SAFE_INTEGER);
    if (bulk) for (const table of ['households', 'residents']) await bulk.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    const residentsSeconds = round((performance.now() - t0) / 1000, 1);

    const form = await publishHealthForm(handle, tree);
    const formPath = tree.district.path;
    const now = new Date();
    const today = dayIn(TIME_ZONE, now);
    const days = Array.from({ length: DAYS }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) - (DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10));

    // Tally slice: the last submissions are left to tallyPending, so its rate is measured; the rest
    // are tallied here in bulk, exactly as tallyPending would (rollupPaths, contributionKeys).
    const slice = Math.max(Math.min(total, 20_000), Math.min(250_000, Math.round(total * 0.02)));
    const boundary = total - slice;
    progress(`${db}: generating ${total} submissions over ${DAYS} days in ${grids} grids (tallies for the first ${boundary} in bulk, the last ${slice} through tallyPending)`);
    const answers = answerSource();
    const K = answers.keyList.length;
    const counts = new Int32Array(grids * DAYS * K); // bulk-tallied part, per grid, day and key
    const perGridDay = new Int32Array(grids * DAYS); // all submissions, for checking the tables
    const keyTotals = new Float64Array(K); // all submissions, for checking the tallies
    const POOL = 250;
    const reporters: { enc: string; hash: string; last4: string; name: string }[][] = tree.grids.map(() => []);
    const reporter = (g: number, r: number) => {
      let p = reporters[g][r];
      if (!p) {
        const phone = `13${String(g * 1000 + r).padStart(9, '0')}`;
        p = reporters[g][r] = { enc: cipher.encrypt(phone), hash: cipher.hash(phone), last4: phone.slice(-4), name: `居民${g}-${r}` };
      }
      return p;
    };
    // As a bulk restore would: secondary indexes dropped during the load and built afterwards (same definitions).
    const indexes = await dropSecondaryIndexes(handle);
    const { write, flush } = submissionWriter(handle, bulk);
    const tLoad = performance.now();
    const base = Math.floor(total / (DAYS * grids));
    let extra = total - base * DAYS * grids;
    let seq = 0;
    let batch: SubmissionRow[] = [];
    const BATCH = db === 'sqlite' ? 20_000 : 5_000;
    for (let d = 0; d < DAYS; d++) {
      const day = days[d];
      for (let g = 0; g < grids; g++) {
        const n = base + (extra > 0 ? 1 : 0);
        if (extra > 0) extra--;
        perGridDay[g * DAYS + d] = n;
        const grid = tree.grids[g];
        for (let k = 0; k < n; k++) {
          const who = reporter(g, (k + d * 53) % POOL);
          const combo = answers.pick();
          seq++;
          const minute = Math.floor((k / n) * 900) + 360; // 06:00–21:00 local
          const submittedAt = new Date(Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000 + (seq % 60) * 1000).toISOString();
          batch.push({
            seq,
            id: randomUUID(),
            form_id: form.formId,
            version: 1,
            link_id: form.links[g].id,
            area_id: grid.id,
            area_path: grid.path,
            day,
            submitted_at: submittedAt,
            reporter_name: who.name,
            reporter_phone_enc: who.enc,
            reporter_phone_hash: who.hash,
            reporter_phone_last4: who.last4,
            reporter_id_enc: null,
            reporter_id_hash: null,
            answers: combo.json,
            flagged: combo.flagged,
            dedupe_key: `d:${day}:${who.hash}`,
            replaces_seq: null,
            replaced_at: null,
            deleted_at: null,
          });
          const at = (g * DAYS + d) * K;
          for (const key of combo.keys) {
            keyTotals[key]++;
            if (seq <= boundary) counts[at + key]++;
          }
          if (batch.length >= BATCH) {
            await write(batch);
            batch = [];
            if (seq % 500_000 < BATCH) progress(`  ${seq} submissions (${round((performance.now() - tLoad) / 1000, 0)} s)`);
          }
        }
      }
    }
    if (batch.length) await write(batch);
    await flush();
    const insertSeconds = (performance.now() - tLoad) / 1000;
    progress(`${db}: ${seq} submissions inserted in ${round(insertSeconds, 1)} s (${round(seq / insertSeconds, 0)} rows/s); building ${indexes.length} indexes`);
    const tIndex = performance.now();
    for (const ddl of indexes) await sql.raw(ddl).execute(handle.db);
    const indexSeconds = round((performance.now() - tIndex) / 1000, 1);
    progress(`${db}: indexes built in ${indexSeconds} s`);

    // Bulk tallies: grid counts rolled up to every area from the grid to the form's area.
    const tTally = performance.now();
    const up = new Map<string, { area_path: string; day: string; field: string; option: string; count: number }>();
    for (let g = 0; g < grids; g++) {
      const paths = rollupPaths(tree.grids[g].path, formPath);
      for (let d = 0; d < DAYS; d++) {
        for (let k = 0; k < K; k++) {
          const n = counts[(g * DAYS + d) * K + k];
          if (n === 0) continue;
          const [field, option] = answers.keyList[k];
          for (const area_path of paths) {
            const key = `${area_path}|${d}|${k}`;
            const t = up.get(key);
            if (t) t.count += n;
            else up.set(key, { area_path, day: days[d], field, option, count: n });
          }
        }
      }
    }
    const tallyRows = [...up.values()].map((t) => ({ form_id: form.formId, ...t }));
    up.clear();
    await handle.db.transaction().execute(async (trx) => {
      await bulkInsert(trx, 'form_tallies', tallyRows, ['form_id', 'count']);
      await trx.updateTable('form_tally_progress').set({ last_seq: boundary }).where('name', '=', 'forms').execute();
      await trx.updateTable('forms').set({ submission_count: boundary }).where('id', '=', form.formId).execute();
    });
    if (bulk) await bulk.query(`select setval(pg_get_serial_sequence('form_submissions', 'seq'), ${seq})`);
    const bulkTallySeconds = round((performance.now() - tTally) / 1000, 1);
    progress(`${db}: ${tallyRows.length} tally rows written in bulk in ${bulkTallySeconds} s`);

    const tAnalyze = performance.now();
    await refreshPlannerStatistics(handle.db, ['form_submissions', 'form_tallies', 'residents', 'resident_tags', 'households', 'areas']);
    const analyzeSeconds = round((performance.now() - tAnalyze) / 1000, 1);
    progress(`${db}: planner statistics refreshed in ${analyzeSeconds} s`);

    const common = { db, submissions: total, grids, subdistricts: tree.subdistricts.length, communities: tree.communities.length, days: DAYS, residents: people.residents, scale: opts.scale, ...fresh.extra };

    // The tally pass on the slice left over, as the loop (or a statistics read) would run it.
    progress(`${db}: tallyPending over the last ${slice} submissions`);
    const tPending = performance.now();
    const folded = await tallyPending(handle.db);
    const pendingSeconds = (performance.now() - tPending) / 1000;
    if (folded !== slice) throw new Error(`${db}: tallyPending folded ${folded} submissions, expected ${slice}`);
    await checkTallies(handle, form.formId, formPath, answers.keyList, keyTotals, total);
    emit({ scenario: `forms_tally_rows_per_s_${db}`, value: round(folded / pendingSeconds, 0), unit: 'rows/s', rows: folded, seconds: round(pendingSeconds, 2), method: `bulk tallies for seq 1–${boundary} computed with rollupPaths/contributionKeys; tallyPending timed on the last ${slice}`, insert_rows_per_s: round(seq / insertSeconds, 0), insert_seconds: round(insertSeconds, 1), index_seconds: indexSeconds, residents_seconds: residentsSeconds, bulk_tally_seconds: bulkTallySeconds, tally_rows: tallyRows.length, analyze_seconds: analyzeSeconds, ...common, ...load() });
    progress(`${db}: tallyPending ${round(folded / pendingSeconds, 0)} rows/s`);

    // What every statistics read pays before it reads anything: a tally pass with nothing to fold.
    const noop = await latencies(30, 3, async () => {
      if ((await tallyPending(handle.db)) !== 0) throw new Error(`${db}: tallyPending found work after catching up`);
    });
    emit({ scenario: `forms_tally_noop_ms_${db}`, value: noop.p50, unit: 'ms', p50: noop.p50, p95: noop.p95, p99: noop.p99, max: noop.max, samples: noop.samples, ...common, ...load() });
    progress(`${db}: tallyPending with nothing to do: p50 ${noop.p50} ms, p95 ${noop.p95} ms`);

    // The statistics tables.
    const sumGridDays = (gridsIn: (g: number) => boolean, fromDay: number) => {
      let n = 0;
      for (let g = 0; g < grids; g++) if (gridsIn(g)) for (let d = fromDay; d < DAYS; d++) n += perGridDay[g * DAYS + d];
      return n;
    };
    const SAMPLES = 30;
    const cases = [
      { name: 'subdistrict_30d', fromDay: 0, areas: tree.subdistricts, expect: (i: number) => sumGridDays((g) => tree.subOfGrid[g] === i, 0), people: (i: number) => people.presentBySub.get(i) ?? 0 },
      { name: 'community_7d', fromDay: DAYS - 7, areas: tree.communities, expect: (i: number) => sumGridDays((g) => tree.communityOfGrid[g] === i, DAYS - 7), people: () => null },
      { name: 'grid_today', fromDay: DAYS - 1, areas: tree.grids, expect: (i: number) => sumGridDays((g) => g === i, DAYS - 1), people: () => null },
    ];
    for (const c of cases) {
      const pickArea = (i: number) => (i * 7919) % c.areas.length;
      let rowsSeen = 0;
      const run = (cold: boolean) => async (i: number) => {
        const a = pickArea(i);
        if (cold) forgetExpectedCounts(handle.db);
        const stats = await formStats(handle.db, ADMIN, form.formId, { area: c.areas[a].id, from: days[c.fromDay], to: today }, { timeZone: TIME_ZONE, now });
        const want = c.expect(a);
        if (stats.total.submissions !== want) throw new Error(`${db} ${c.name}: ${c.areas[a].name} shows ${stats.total.submissions} submissions, expected ${want}`);
        const people = c.people(a);
        if (people !== null && stats.total.expected !== people) throw new Error(`${db} ${c.name}: ${c.areas[a].name} expects ${stats.total.expected} reporters, ${people} residents live there`);
        rowsSeen += stats.rows.length;
      };
      const cold = await latencies(SAMPLES, 3, run(true));
      const coldRows = round(rowsSeen / (SAMPLES + 3), 1);
      const warm = await latencies(SAMPLES, 3, run(false));
      const line = { unit: 'ms', area_level: c.areas[0].level, from: days[c.fromDay], to: today, table_rows: coldRows, samples: SAMPLES, ...common };
      const l = load();
      emit({ scenario: `forms_stats_${c.name}_ms_${db}`, value: cold.p50, stat: 'p50', expected_counts: 'cold', p50: cold.p50, p95: cold.p95, p99: cold.p99, max: cold.max, under_200ms: cold.p95 < 200, ...line, ...l });
      emit({ scenario: `forms_stats_${c.name}_ms_${db}`, value: cold.p95, stat: 'p95', expected_counts: 'cold', p50: cold.p50, p95: cold.p95, p99: cold.p99, max: cold.max, under_200ms: cold.p95 < 200, ...line, ...l });
      emit({ scenario: `forms_stats_${c.name}_ms_${db}`, value: warm.p50, stat: 'p50', expected_counts: 'warm', p50: warm.p50, p95: warm.p95, p99: warm.p99, max: warm.max, under_200ms: warm.p95 < 200, ...line, ...l });
      emit({ scenario: `forms_stats_${c.name}_ms_${db}`, value: warm.p95, stat: 'p95', expected_counts: 'warm', p50: warm.p50, p95: warm.p95, p99: warm.p99, max: warm.max, under_200ms: warm.p95 < 200, ...line, ...l });
      progress(`  ${c.name}: cold p50 ${cold.p50} ms p95 ${cold.p95} ms; warm p50 ${warm.p50} ms p95 ${warm.p95} ms (${coldRows} rows)`);
    }
    emit({ scenario: `forms_peak_rss_mb_${db}`, value: maxRssMb(), unit: 'MB', rss_now_mb: rssMb(), note: 'whole process high-water mark so far (includes earlier scenarios)', ...common, ...load() });
  } finally {
    await bulk?.end().catch(() => {});
    await fresh.drop();
  }
}

/** Drop form_submissions' secondary indexes, returning the DDL that rebuilds them exactly. */
async function dropSecondaryIndexes(handle: DatabaseHandle): Promise<string[]> {
  const found =
    handle.dialect === 'postgres'
      ? (await sql<{ name: string; ddl: string }>`select i.indexname as name, i.indexdef as ddl from pg_indexes i where i.tablename = 'form_submissions' and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(handle.db)).rows
      : (await sql<{ name: string; ddl: string }>`select name, sql as ddl from sqlite_master where type = 'index' and tbl_name = 'form_submissions' and sql is not null`.execute(handle.db)).rows;
  for (const i of found) await sql`drop index ${sql.ref(i.name)}`.execute(handle.db);
  return found.map((i) => i.ddl);
}

/** A fast but wrong load must not produce a number: the form-level tallies must add up to every submission. */
async function checkTallies(handle: DatabaseHandle, formId: number, formPath: string, keyList: [string, string][], keyTotals: Float64Array, total: number) {
  const rows = await handle.db
    .selectFrom('form_tallies')
    .select(['field', 'option', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('form_id', '=', formId)
    .where('area_path', '=', formPath)
    .groupBy(['field', 'option'])
    .execute();
  const got = new Map(rows.map((r) => [`${r.field}\u0000${r.option}`, Number(r.n)]));
  for (const [k, [field, option]] of keyList.entries()) {
    const n = got.get(`${field}\u0000${option}`) ?? 0;
    if (n !== keyTotals[k]) throw new Error(`${handle.dialect}: tallies hold ${n} for ${field || '(count)'}=${option}, expected ${keyTotals[k]}`);
  }
  if ((got.get(`${COUNT_FIELD}\u0000`) ?? 0) !== total) throw new Error(`${handle.dialect}: tallies count ${got.get(`${COUNT_FIELD}\u0000`)}, expected ${total}`);
  const form = await handle.db.selectFrom('forms').select('submission_count').where('id', '=', formId).executeTakeFirstOrThrow();
  if (form.submission_count !== total) throw new Error(`${handle.dialect}: forms.submission_count is ${form.submission_count}, expected ${total}`);
}

// ---------------------------------------------------------------------------------------------
// The resident page

function benchPageSize() {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const dist = join(root, 'dist', 'web');
  if (!existsSync(join(dist, 'form.html'))) {
    progress('dist/web/form.html is missing: building the web app (npx vite build)');
    execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const files = residentPageJsFiles(dist);
  const gzip = files.reduce((s, f) => s + f.gzipBytes, 0);
  const raw = files.reduce((s, f) => s + f.bytes, 0);
  emit({ scenario: 'forms_resident_page_js_gzip_kb', value: round(gzip / 1024, 1), unit: 'KB', raw_kb: round(raw / 1024, 1), files: files.length, budget_kb: RESIDENT_PAGE_JS_BUDGET_BYTES / 1024, under_budget: gzip <= RESIDENT_PAGE_JS_BUDGET_BYTES, ...load() });
}

// ---------------------------------------------------------------------------------------------

const SCENARIOS = (db: string) => [`forms_submit_rps_${db}`, `forms_submit_p50_ms_${db}`, `forms_submit_p99_ms_${db}`, `forms_submit_baseline_rps_${db}`, `forms_submit_vs_baseline_${db}`, `forms_tally_rows_per_s_${db}`, `forms_stats_subdistrict_30d_ms_${db}`, `forms_stats_community_7d_ms_${db}`, `forms_stats_grid_today_ms_${db}`];

/** Run the form scenarios on the databases in `only` (BENCH_FORMS=submit|stats|page picks parts). */
export async function benchForms(opts: FormsBenchOptions): Promise<void> {
  const parts = (process.env.BENCH_FORMS ?? 'submit,stats,page').split(',');
  for (const db of ['sqlite', 'postgres'] as const) {
    if (!opts.only.includes(db)) continue;
    try {
      if (parts.includes('submit')) await benchSubmit(db, opts);
      if (parts.includes('stats')) await benchStats(db, opts);
    } catch (err) {
      if (!(err instanceof Unreachable)) throw err;
      progress(err.message);
      for (const scenario of SCENARIOS(db)) emit({ scenario, skipped: err.message, db });
    }
  }
  if (parts.includes('page')) benchPageSize();
}

// Run alone: node bin/run-ts.js bench/forms.ts
if (process.argv[2] && import.meta.url === pathToFileURL(resolve(process.argv[2])).href) {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, got "${process.env.BENCH_SCALE}"`);
  await benchForms({
    scale,
    only: (process.env.BENCH_ONLY ?? 'sqlite,postgres').split(','),
    pgUrl: process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  });
}
