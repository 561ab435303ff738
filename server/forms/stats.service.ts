import { type Kysely, sql } from 'kysely';
import { COUNTED_FIELD_TYPES } from '../../common/form-definition.js';
import type { TStats } from '../../common/forms.js';
import { type Actor, canAt, pathsWith } from '../auth/actor.js';
import { pathUpperBound, toInt } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { versionDefinition } from './form-versions.js';
import { loadForm } from './forms.service.js';
import { dayIn } from './public-forms.service.js';
import { ALERT_FIELD, COUNT_FIELD, tallyPending } from './tally.js';

type Db = Kysely<Database>;
type Row = TStats['rows'][number];
type Options = Record<string, Record<string, number>>;

/** Registered residents per area path change slowly; a minute-old count is good enough for "expected". */
const EXPECTED_TTL_MS = 60_000;
type ExpectedCache = Map<string, { at: number; byPath: Map<string, number> }>;
/** Per database (keyed by its adapter): area paths of two databases in one process must not mix. */
const expectedCaches = new WeakMap<object, ExpectedCache>();

/** Present residents under `path`, grouped by the exact area path they live at. */
async function residentsByPath(db: Db, path: string): Promise<Map<string, number>> {
  const owner = db.getExecutor().adapter;
  let expectedCache = expectedCaches.get(owner);
  if (!expectedCache) expectedCaches.set(owner, (expectedCache = new Map()));
  const hit = expectedCache.get(path);
  if (hit && Date.now() - hit.at < EXPECTED_TTL_MS) return hit.byPath;
  const rows = await db
    .selectFrom('residents')
    .select(['area_path', (eb) => eb.fn.countAll().as('n')])
    .where('area_path', '>=', path)
    .where('area_path', '<', pathUpperBound(path))
    .where('status', '=', 'present')
    .where('merged_into', 'is', null)
    .groupBy('area_path')
    .execute();
  const byPath = new Map(rows.map((r) => [r.area_path, toInt(r.n)]));
  if (expectedCache.size > 2000) expectedCache.clear();
  expectedCache.set(path, { at: Date.now(), byPath });
  return byPath;
}

/** Drop cached expected counts (tests, after registry changes they want seen at once). */
export function forgetExpectedCounts(db: Db): void {
  expectedCaches.delete(db.getExecutor().adapter);
}

function sumUnder(byPath: Map<string, number>, prefix: string): number {
  let n = 0;
  for (const [p, c] of byPath) if (p.startsWith(prefix)) n += c;
  return n;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function addOptions(into: Options, field: string, option: string, n: number) {
  const f = (into[field] ??= {});
  f[option] = (f[option] ?? 0) + n;
}

function emptyRow(area: { id: number; name: string; level: string }, hasChildren: boolean): Row {
  return { areaId: area.id, areaName: area.name, areaLevel: area.level, hasChildren, submissions: 0, expected: 0, coverage: null, alerts: 0, options: {} };
}

/**
 * The statistics table of a form for one area node: a row per child area (and one for answers given
 * through the node's own QR code, if any), totals, a trend per day and the counted questions.
 */
export async function formStats(db: Db, actor: Actor, formId: number, query: { area?: number; from?: string; to?: string }, opts: { timeZone: string; now?: Date }): Promise<TStats> {
  const form = await loadForm(db, actor, formId);
  const areaId = query.area ?? (canAt(actor, 'form.read', form.area_path) ? form.area_id : await firstReadableUnder(db, actor, form.area_path));
  const area = await db.selectFrom('areas').select(['id', 'name', 'level', 'path']).where('id', '=', areaId).executeTakeFirst();
  if (!area || !canAt(actor, 'area.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { area: 'no such area in your scope' });
  if (!canAt(actor, 'form.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { area: 'no such area in your scope' });
  if (!area.path.startsWith(form.area_path)) throw new AppError('VALIDATION_FAILED', 'this area is outside the form’s area; choose the form’s area or one below it', { area: 'outside the form’s area' });

  const today = dayIn(opts.timeZone, opts.now ?? new Date());
  const defaultFrom = form.mode === 'daily' ? today : (form.opens_at ?? form.created_at).slice(0, 10);
  const from = query.from ?? (query.to && query.to < defaultFrom ? query.to : defaultFrom);
  const to = query.to ?? (from > today ? from : today);
  if (to < from) throw new AppError('VALIDATION_FAILED', 'the range ends before it starts', { to: 'must not be before from' });
  if (daysBetween(from, to) > 366) throw new AppError('VALIDATION_FAILED', 'choose at most one year at a time', { from: 'range too long' });

  // Read-your-writes: fold in anything submitted since the last pass, so the table is never behind.
  await tallyPending(db);

  const children = await db
    .selectFrom('areas')
    .select(['id', 'name', 'level', 'path', (eb) => eb.exists(eb.selectFrom('areas as c').select('c.id').whereRef('c.parent_id', '=', 'areas.id').where('c.archived_at', 'is', null)).as('has_children')])
    .where('parent_id', '=', area.id)
    .where('archived_at', 'is', null)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();

  const paths = [area.path, ...children.map((c) => c.path)];
  const tallies: { area_path: string; field: string; option: string; n: number }[] = [];
  for (let i = 0; i < paths.length; i += 500) {
    const part = await db
      .selectFrom('form_tallies')
      .select(['area_path', 'field', 'option', (eb) => eb.fn.sum<number>('count').as('n')])
      .where('form_id', '=', form.id)
      .where('area_path', 'in', paths.slice(i, i + 500))
      .where('day', '>=', from)
      .where('day', '<=', to)
      .groupBy(['area_path', 'field', 'option'])
      .execute();
    tallies.push(...part.map((p) => ({ ...p, n: toInt(p.n) })));
  }
  const trendRows = await db
    .selectFrom('form_tallies')
    .select(['day', 'field', 'option', sql<number>`sum(count)`.as('n')])
    .where('form_id', '=', form.id)
    .where('area_path', '=', area.path)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'field', 'option'])
    .orderBy('day')
    .execute();

  const residents = await residentsByPath(db, area.path);
  const days = daysBetween(from, to);
  const coverageOf = (submissions: number, expected: number) => (expected > 0 ? Math.round((submissions / (form.mode === 'daily' ? expected * days : expected)) * 10_000) / 10_000 : null);

  const byPath = new Map<string, Row>();
  const total = emptyRow(area, children.length > 0);
  byPath.set(area.path, total);
  const rows: Row[] = children.map((c) => {
    const row = emptyRow(c, !!c.has_children);
    byPath.set(c.path, row);
    return row;
  });
  for (const t of tallies) {
    const row = byPath.get(t.area_path)!;
    if (t.field === COUNT_FIELD) row.submissions += t.n;
    else if (t.field === ALERT_FIELD) row.alerts += t.n;
    else addOptions(row.options, t.field, t.option, t.n);
  }
  total.expected = sumUnder(residents, area.path);
  for (const [i, c] of children.entries()) rows[i].expected = sumUnder(residents, c.path);

  // Answers given through this node's own QR code (not attributed to any child) get a row of their own.
  const direct = emptyRow({ id: area.id, name: `${area.name}（本级）`, level: area.level }, false);
  direct.submissions = total.submissions - rows.reduce((s, r) => s + r.submissions, 0);
  direct.alerts = total.alerts - rows.reduce((s, r) => s + r.alerts, 0);
  direct.expected = residents.get(area.path) ?? 0;
  for (const [field, options] of Object.entries(total.options)) {
    for (const [option, n] of Object.entries(options)) {
      const rest = n - rows.reduce((s, r) => s + (r.options[field]?.[option] ?? 0), 0);
      if (rest !== 0) addOptions(direct.options, field, option, rest);
    }
  }
  const out = children.length === 0 ? [] : rows;
  if (children.length > 0 && (direct.submissions !== 0 || direct.expected !== 0)) out.push(direct);
  for (const r of [...out, total]) r.coverage = coverageOf(r.submissions, r.expected);

  const trendByDay = new Map<string, TStats['trend'][number]>();
  for (const t of trendRows) {
    let d = trendByDay.get(t.day);
    if (!d) trendByDay.set(t.day, (d = { day: t.day, submissions: 0, alerts: 0, options: {} }));
    const n = toInt(t.n);
    if (t.field === COUNT_FIELD) d.submissions += n;
    else if (t.field === ALERT_FIELD) d.alerts += n;
    else addOptions(d.options, t.field, t.option, n);
  }
  const trend: TStats['trend'] = [];
  for (let i = 0; i < days; i++) {
    const day = new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    trend.push(trendByDay.get(day) ?? { day, submissions: 0, alerts: 0, options: {} });
  }

  return { area: { id: area.id, name: area.name, level: area.level }, from, to, days, rows: out, total, trend, columns: await countedColumns(db, form.id, form.version) };
}

async function firstReadableUnder(db: Db, actor: Actor, formPath: string): Promise<number> {
  const scope = pathsWith(actor, 'form.read');
  const under = scope === 'all' ? [] : scope.filter((p) => p.startsWith(formPath));
  if (under.length === 0) throw new AppError('NOT_FOUND', 'form not found');
  const ids = under[0].split('/').filter(Boolean);
  return Number(ids[ids.length - 1]);
}

async function countedColumns(db: Db, formId: number, version: number | null): Promise<TStats['columns']> {
  if (version === null) return [];
  const definition = await versionDefinition(db, formId, version);
  return definition.fields
    .filter((f) => COUNTED_FIELD_TYPES.has(f.type))
    .map((f) => ({
      field: f.name,
      label: f.label,
      options:
        f.type === 'yes_no'
          ? [
              { value: 'yes', label: '是' },
              { value: 'no', label: '否' },
            ]
          : (f.options ?? []),
    }));
}
