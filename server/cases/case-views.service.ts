import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import { CASE_STATUS_LABELS, CASE_STATUSES, type CaseStatus, type CaseType, OPEN_CASE_STATUSES } from '../../common/case-workflow.js';
import type { z } from 'zod';
import type { ZCaseMapPoint, ZCaseStats, ZCaseStatsRow, ZCaseSummary } from '../../common/cases.js';
import { type Actor, canAnywhere, pathsWith, requireAt } from '../auth/actor.js';
import { recordAudit, whoOf } from '../audit/audit.service.js';
import { dialectOf, pathUpperBound, toInt, underAnyPath } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { dayIn } from '../forms/public-forms.service.js';
import { AppError } from '../http/errors.js';
import { casesFilter, casesQuery, presentCase } from './cases.service.js';

/**
 * Read-only views over cases: the supervision summary (counts per status per child area, and my work
 * counts), the statistics table and its export, the list export, and the map points.
 *
 * Counting is done with one query per row of the table over its path range (`[path, upper)`), which
 * the `cases(area_path, status, id)` and `cases(area_path, created_at)` indexes serve without a sort
 * by path; rows are few (the children of one area), so this is as much work as one grouped scan and
 * needs no dialect-specific "child prefix" expression.
 */

type Db = Kysely<Database>;
type TCaseSummary = z.infer<typeof ZCaseSummary>;
type TCaseStats = z.infer<typeof ZCaseStats>;
type TCaseStatsRow = z.infer<typeof ZCaseStatsRow>;
type TCaseMapPoint = z.infer<typeof ZCaseMapPoint>;

const HOUR = 3_600_000;
const DAY = 86_400_000;
const OPEN = OPEN_CASE_STATUSES as CaseStatus[];
/** The map shows at most this many cases (newest first). */
export const MAP_LIMIT = 5000;
/** No case can be "due soon" further ahead than a quarter of the longest time limit (a year). */
const DUE_SOON_MS = 0.25 * 24 * 365 * HOUR;

/** One row of a summary or statistics table: a child's subtree, or the cases raised at the area itself. */
interface Bucket {
  areaId: number;
  areaName: string;
  path: string;
  /** Only cases at exactly this path (the area's own, "本级"), not its subtree. */
  exact: boolean;
  /** Archived children appear only when they still hold cases. */
  archived: boolean;
}

/** The area a table is about (null: several top areas side by side) and its rows. */
async function breakdown(db: Db, actor: Actor, areaId: number | undefined): Promise<{ area: { id: number; name: string; path: string } | null; buckets: Bucket[] }> {
  if (!canAnywhere(actor, 'case.read')) throw new AppError('FORBIDDEN', 'your role does not allow reading cases');
  if (areaId === undefined) {
    const scope = pathsWith(actor, 'case.read');
    const tops =
      scope === 'all'
        ? await db.selectFrom('areas').select(['id', 'name', 'path', 'archived_at']).where('parent_id', 'is', null).orderBy('sort_order').orderBy('name').execute()
        : await db.selectFrom('areas').select(['id', 'name', 'path', 'archived_at']).where('path', 'in', scope).orderBy('path').execute();
    // One place in scope (the usual case): its children are the rows.
    if (scope !== 'all' && tops.length === 1) return breakdown(db, actor, tops[0].id);
    return { area: null, buckets: tops.map((a) => ({ areaId: a.id, areaName: a.name, path: a.path, exact: false, archived: !!a.archived_at })) };
  }
  const area = await db.selectFrom('areas').select(['id', 'name', 'path']).where('id', '=', areaId).executeTakeFirst();
  if (!area) throw new AppError('NOT_FOUND', 'area not found', { area: 'no such area in your scope' });
  requireAt(actor, 'case.read', area.path, 'area');
  const children = await db.selectFrom('areas').select(['id', 'name', 'path', 'archived_at']).where('parent_id', '=', area.id).orderBy('sort_order').orderBy('name').execute();
  const buckets: Bucket[] = children.map((c) => ({ areaId: c.id, areaName: c.name, path: c.path, exact: false, archived: !!c.archived_at }));
  // Cases raised at the area itself (not in any child) get a row of their own, shown when there are some.
  buckets.push({ areaId: area.id, areaName: `${area.name}（本级）`, path: area.path, exact: true, archived: true });
  return { area, buckets };
}

function inBucket(b: Bucket) {
  return (eb: ExpressionBuilder<Database, 'cases'>): Expression<SqlBool> => (b.exact ? eb('cases.area_path', '=', b.path) : underAnyPath(eb, 'cases.area_path', [b.path]));
}

/**
 * The cases table for a per-row count. SQLite's planner picks among the indexes that start with
 * area_path by a hair (3.53 chose cases_created for a status filter and read every row in the range),
 * so on SQLite the index that serves each count is named; PostgreSQL plans these well by itself.
 */
function casesVia(db: Db, index: 'cases_path' | 'cases_role' | 'cases_created') {
  return dialectOf(db) === 'sqlite' ? sql.raw(`cases indexed by ${index}`) : sql.raw('cases');
}

/** A row's path condition in raw SQL: its subtree as a range, or exactly its own path. */
function bucketSql(b: Bucket) {
  return b.exact ? sql`area_path = ${b.path}` : sql`area_path >= ${b.path} and area_path < ${pathUpperBound(b.path)}`;
}

const emptyCounts = () => Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<string, number>;

/** Count the rows of a filtered case query (the list query without its columns). */
async function countOf(q: Awaited<ReturnType<typeof casesFilter>>): Promise<number> {
  return toInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
}

/** `GET /api/cases/summary`: counts per status, overdue and escalated per child area; totals; my work counts. */
export async function caseSummary(db: Db, actor: Actor, query: { area?: number }, now = new Date()): Promise<TCaseSummary> {
  const { area, buckets } = await breakdown(db, actor, query.area);
  const at = now.toISOString();
  const rows = await Promise.all(
    buckets.map(async (b) => {
      // Per status: a count over the (area_path, status, id) index alone.
      const byStatus = (await sql<{ status: string; n: number | string }>`select status, count(*) as n from ${casesVia(db, 'cases_path')} where ${bucketSql(b)} group by status`.execute(db)).rows;
      const counts = emptyCounts();
      for (const r of byStatus) counts[r.status] = (counts[r.status] ?? 0) + toInt(r.n);
      // Overdue and escalated are open cases only: (responsible_role, status, area_path) finds just those rows.
      const open = (
        await sql<{ overdue: number | string | null; escalated: number | string | null }>`select sum(case when due_at <= ${at} then 1 else 0 end) as overdue, sum(case when escalation_level > 0 then 1 else 0 end) as escalated from ${casesVia(db, 'cases_role')} where ${bucketSql(b)} and status in (${sql.join(OPEN)})`.execute(db)
      ).rows[0];
      return { bucket: b, row: { areaId: b.areaId, areaName: b.areaName, counts, overdue: toInt(open?.overdue), escalated: toInt(open?.escalated) } };
    }),
  );
  const shown = rows.filter(({ bucket, row }) => !bucket.archived || Object.values(row.counts).some((n) => n > 0)).map(({ row }) => row);
  const total = { counts: emptyCounts(), overdue: 0, escalated: 0 };
  for (const r of shown) {
    for (const [s, n] of Object.entries(r.counts)) total.counts[s] = (total.counts[s] ?? 0) + n;
    total.overdue += r.overdue;
    total.escalated += r.escalated;
  }

  // My work, counted with the same filters as the my-work list (GET /api/cases?mine=1).
  const soon = new Date(now.getTime() + DUE_SOON_MS).toISOString();
  const [toDo, dueSoon, overdue, toVerify] = await Promise.all([
    casesFilter(db, actor, { mine: '1' }, now).then(countOf),
    // Due soon = the last quarter of the current time limit, as presentCase marks it in the lists.
    casesQuery(db, actor, { mine: '1' }, now).then(async (q) => {
      const rows = await q.where('cases.due_at', '>', at).where('cases.due_at', '<=', soon).limit(10_000).execute();
      return rows.filter((r) => Date.parse(r.due_at!) - now.getTime() <= 0.25 * (r.status === 'reported' ? r.accept_hours : r.resolve_hours) * HOUR).length;
    }),
    casesFilter(db, actor, { mine: '1', overdue: '1' }, now).then(countOf),
    casesFilter(db, actor, { mine: '1', status: 'resolved' }, now).then(countOf),
  ]);
  return { area: area ? { id: area.id, name: area.name } : null, rows: shown, total, mine: { toDo, dueSoon, overdue, toVerify } };
}

/** The UTC instant a calendar day starts in `timeZone`. */
export function startOfDayIn(timeZone: string, day: string): Date {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const offset = (t: number) => {
    const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(t / 1000) * 1000;
  };
  const guess = Date.parse(`${day}T00:00:00Z`);
  // Twice: the offset at the guess may differ from the offset at the answer around a clock change.
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** The statistics range: days in the deployment's time zone, the last 30 days by default, at most a year. */
function statsRange(query: { from?: string; to?: string }, timeZone: string, now: Date) {
  const today = dayIn(timeZone, now);
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, -29);
  for (const [field, day] of [['from', from], ['to', to]] as const) {
    if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || addDays(day, 0) !== day) throw new AppError('VALIDATION_FAILED', 'that is not a date on the calendar', { [field]: 'not a real date' });
  }
  if (to < from) throw new AppError('VALIDATION_FAILED', 'the range ends before it starts', { to: 'must not be before from' });
  if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) > 366 * DAY) throw new AppError('VALIDATION_FAILED', 'choose at most one year at a time', { from: 'range too long' });
  return { from, to, start: startOfDayIn(timeZone, from).toISOString(), end: startOfDayIn(timeZone, addDays(to, 1)).toISOString() };
}

interface Sums {
  opened: number;
  overdueOnce: number;
  closed: number;
  hours: number;
  ratings: number;
  ratingSum: number;
}

function statsRow(areaId: number, areaName: string, s: Sums): TCaseStatsRow {
  return {
    areaId,
    areaName,
    opened: s.opened,
    closed: s.closed,
    avgHoursToClose: s.closed > 0 ? Math.round((s.hours / s.closed) * 10) / 10 : null,
    overdueRate: s.opened > 0 ? Math.round((s.overdueOnce / s.opened) * 10_000) / 10_000 : null,
    satisfaction: s.ratings > 0 ? Math.round((s.ratingSum / s.ratings) * 100) / 100 : null,
    ratings: s.ratings,
  };
}

/** `GET /api/cases/stats`: per child area, cases opened and closed in the range, time to close, overdue rate, satisfaction. */
export async function caseStats(db: Db, actor: Actor, query: { area?: number; from?: string; to?: string }, opts: { timeZone: string; now?: Date }): Promise<TCaseStats> {
  const range = statsRange(query, opts.timeZone, opts.now ?? new Date());
  const { area, buckets } = await breakdown(db, actor, query.area);
  // Hours from report to close, in SQL so only sums leave the database.
  const hours =
    dialectOf(db) === 'postgres'
      ? sql<number>`extract(epoch from (cast(closed_at as timestamptz) - cast(created_at as timestamptz))) / 3600.0`
      : sql<number>`(julianday(closed_at) - julianday(created_at)) * 24.0`;
  const sums = await Promise.all(
    buckets.map(async (b): Promise<Sums> => {
      const opened = (
        await sql<{ n: number | string; overdue: number | string | null }>`select count(*) as n, sum(overdue_once) as overdue from ${casesVia(db, 'cases_created')} where ${bucketSql(b)} and created_at >= ${range.start} and created_at < ${range.end}`.execute(db)
      ).rows[0];
      const closed = await db
        .selectFrom('cases')
        .select([(eb) => eb.fn.countAll().as('n'), sql<number>`sum(${hours})`.as('hours'), (eb) => eb.fn.count('rating').as('ratings'), (eb) => eb.fn.sum<number>('rating').as('rating_sum')])
        .where(inBucket(b))
        // closed_at is set only when a case closes (a final status), so it alone says "closed in the range";
        // cases_closed (area_path, closed_at) serves it (a 1M-case district: ~5 s without, under 0.5 s with).
        .where('closed_at', '>=', range.start)
        .where('closed_at', '<', range.end)
        .executeTakeFirst();
      return {
        opened: toInt(opened?.n),
        overdueOnce: toInt(opened?.overdue),
        closed: toInt(closed?.n),
        hours: Number(closed?.hours ?? 0),
        ratings: toInt(closed?.ratings),
        ratingSum: toInt(closed?.rating_sum),
      };
    }),
  );
  const shown = buckets.map((b, i) => ({ b, s: sums[i] })).filter(({ b, s }) => !b.archived || s.opened > 0 || s.closed > 0);
  const total: Sums = { opened: 0, overdueOnce: 0, closed: 0, hours: 0, ratings: 0, ratingSum: 0 };
  for (const { s } of shown) for (const k of Object.keys(total) as (keyof Sums)[]) total[k] += s[k];
  return {
    from: range.from,
    to: range.to,
    rows: shown.map(({ b, s }) => statsRow(b.areaId, b.areaName, s)),
    total: statsRow(area?.id ?? 0, area ? `${area.name}（合计）` : '合计', total),
  };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `GET /api/cases/stats/export`: the statistics table as a workbook (audited). */
export async function exportCaseStats(db: Db, actor: Actor, query: { area?: number; from?: string; to?: string }, opts: { timeZone: string; now?: Date }): Promise<{ body: Buffer; fileName: string }> {
  const stats = await caseStats(db, actor, query, opts);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工单统计');
  sheet.addRow([`统计区间：${stats.from} 至 ${stats.to}`]);
  sheet.addRow(['区域', '新增工单', '办结工单', '平均办结时长（小时）', '超期率', '满意度（1–5）', '评价数']);
  for (const r of [...stats.rows, stats.total]) {
    sheet.addRow([r.areaName, r.opened, r.closed, r.avgHoursToClose ?? '', r.overdueRate ?? '', r.satisfaction ?? '', r.ratings]);
  }
  sheet.getColumn(5).numFmt = '0.0%';
  sheet.getColumn(1).width = 24;
  for (const c of [2, 3, 4, 5, 6, 7]) sheet.getColumn(c).width = 14;
  sheet.getRow(2).font = { bold: true };
  sheet.getRow(sheet.rowCount).font = { bold: true };
  await recordAudit(db, whoOf(actor), { action: 'case.stats_export', entityType: 'case', entityId: null, areaId: query.area ?? null, after: { area: query.area, from: stats.from, to: stats.to } });
  return { body: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: `case-stats-${stats.from}-${stats.to}.xlsx` };
}

type ListFilter = { area?: number; status?: CaseStatus; mine?: '1'; overdue?: '1'; escalated?: '1'; category?: number; type?: CaseType; inspection?: number; q?: string };

const minuteFormats = new Map<string, Intl.DateTimeFormat>();
/** A timestamp as the office reads it: local date and minute (the formatter is made once per zone; making one is slow). */
function localTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  let f = minuteFormats.get(timeZone);
  if (!f) minuteFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })));
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(iso))) p[x.type] = x.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * `GET /api/cases/export`: the filtered case list as a workbook, streamed a thousand rows at a time by
 * id (newest first), phones masked. The export itself is audited with its filter.
 */
export async function exportCases(db: Db, actor: Actor, query: ListFilter, opts: { timeZone: string; now?: Date }): Promise<{ stream: PassThrough; fileName: string }> {
  if (!canAnywhere(actor, 'case.read')) throw new AppError('FORBIDDEN', 'your role does not allow reading cases');
  const now = opts.now ?? new Date();
  // Built before the response starts, so an area out of scope is a 404 rather than a broken download.
  const q = await casesQuery(db, actor, query, now);
  await recordAudit(db, whoOf(actor), { action: 'case.export', entityType: 'case', entityId: null, areaId: query.area ?? null, after: { filter: query } });

  const out = new PassThrough();
  const header = ['编号', '标题', '类别', '区域', '状态', '上报人', '联系电话', '处理人', '办理时限', '是否超期', '上报时间', '办结时间', '评价'];
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet('工单');
    sheet.addRow(header).commit();
    let lastId: number | null = null;
    for (;;) {
      const page: typeof q = lastId === null ? q : q.where('cases.id', '<', lastId);
      const rows: Awaited<ReturnType<typeof q.execute>> = await page.orderBy('cases.id', 'desc').limit(1000).execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        const c = presentCase(row, null, now);
        const assignee = c.assigneeName ?? (c.assigneeAreaName ? `${c.assigneeAreaName}（网格）` : '');
        const cells = [c.reference, c.title, c.categoryName, c.areaName, CASE_STATUS_LABELS[c.status], c.reporterName ?? '', c.reporterPhone ?? '', assignee, localTime(c.dueAt, opts.timeZone), c.overdue && OPEN.includes(c.status) ? '是' : '', localTime(c.createdAt, opts.timeZone), localTime(c.closedAt, opts.timeZone), c.rating ?? ''];
        sheet.addRow(cells).commit();
      }
      lastId = rows[rows.length - 1].id;
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err) => out.destroy(err));
  return { stream: out, fileName: `cases-${dayIn(opts.timeZone, now)}.xlsx` };
}

/** `GET /api/cases/map`: cases with a location (newest first, at most MAP_LIMIT), for the map view. */
export async function caseMap(db: Db, actor: Actor, query: { area?: number; status?: CaseStatus; open?: '1' }, now = new Date()): Promise<TCaseMapPoint[]> {
  if (!canAnywhere(actor, 'case.read')) throw new AppError('FORBIDDEN', 'your role does not allow reading cases');
  let q = await casesQuery(db, actor, { area: query.area, status: query.status }, now);
  if (query.open) q = q.where('cases.status', 'in', OPEN);
  const rows = await q
    .clearSelect()
    .select(['cases.id', 'cases.reference', 'cases.lat', 'cases.lng', 'cases.status', 'cases.title', 'cases.due_at'])
    .where('cases.lat', 'is not', null)
    .where('cases.lng', 'is not', null)
    .orderBy('cases.id', 'desc')
    .limit(MAP_LIMIT)
    .execute();
  const at = now.toISOString();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    lat: Number(r.lat),
    lng: Number(r.lng),
    status: r.status as CaseStatus,
    title: r.title,
    overdue: r.due_at !== null && r.due_at <= at && OPEN.includes(r.status as CaseStatus),
  }));
}
