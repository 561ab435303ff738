import { type Kysely, sql } from 'kysely';
import { COUNTED_FIELD_TYPES, type Answers, type FormDefinition } from '../../common/form-definition.js';
import { dialectOf } from '../db/dialect.js';
import { versionDefinition } from './form-versions.js';
import type { Database } from '../db/types.js';

/**
 * Statistics tables read running tallies, never the submissions themselves: 10 million submissions
 * would be too many to count per request. A tally pass folds new submissions (in `seq` order) into
 * `form_tallies` for the attributed area and every area above it up to the form's area, so a table
 * for any node reads only its children's rows. How far it got is stored in the same transaction,
 * so a crash neither loses nor doubles a count.
 *
 * What the tallies hold, for every submission with `seq <= last_seq`: the contribution of each live
 * one (not deleted, and not replaced by a later submission that is itself counted).
 */

type Db = Kysely<Database>;

const PROGRESS = 'forms';
/** The submission count itself. */
export const COUNT_FIELD = '';
/** Flagged (alert) submissions. */
export const ALERT_FIELD = '!';

export interface TallySource {
  form_id: number;
  version: number;
  area_path: string;
  day: string;
  answers: string;
  flagged: number;
}

/** Form area paths, read once per tally pass (a moved area rewrites them between passes). */
type FormPaths = Map<number, string>;

async function formPathOf(db: Db, paths: FormPaths, formId: number): Promise<string> {
  let path = paths.get(formId);
  if (!path) {
    path = (await db.selectFrom('forms').select('area_path').where('id', '=', formId).executeTakeFirstOrThrow()).area_path;
    paths.set(formId, path);
  }
  return path;
}

/** `/1/5/23/40/` with form at `/1/5/` → ['/1/5/', '/1/5/23/', '/1/5/23/40/']. */
export function rollupPaths(areaPath: string, formPath: string): string[] {
  const ids = areaPath.split('/').filter(Boolean);
  const from = formPath.split('/').filter(Boolean).length;
  const out: string[] = [];
  for (let i = Math.max(from, 1); i <= ids.length; i++) out.push(`/${ids.slice(0, i).join('/')}/`);
  return out;
}

/** The (field, option) keys one submission adds to. */
export function contributionKeys(definition: FormDefinition, answersJson: string, flagged: boolean): [string, string][] {
  const keys: [string, string][] = [[COUNT_FIELD, '']];
  if (flagged) keys.push([ALERT_FIELD, '']);
  const answers = JSON.parse(answersJson) as Answers;
  for (const field of definition.fields) {
    if (!COUNTED_FIELD_TYPES.has(field.type)) continue;
    const value = answers[field.name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) keys.push([field.name, String(v).slice(0, 64)]);
    else keys.push([field.name, String(value).slice(0, 64)]);
  }
  return keys;
}

type Deltas = Map<string, { form_id: number; area_path: string; day: string; field: string; option: string; count: number }>;

async function addContribution(db: Db, formPaths: FormPaths, deltas: Deltas, row: TallySource, sign: 1 | -1) {
  const definition = await versionDefinition(db, row.form_id, row.version);
  const paths = rollupPaths(row.area_path, await formPathOf(db, formPaths, row.form_id));
  for (const [field, option] of contributionKeys(definition, row.answers, row.flagged === 1)) {
    for (const area_path of paths) {
      const key = `${row.form_id}|${area_path}|${row.day}|${field}|${option}`;
      const d = deltas.get(key);
      if (d) d.count += sign;
      else deltas.set(key, { form_id: row.form_id, area_path, day: row.day, field, option, count: sign });
    }
  }
}

async function applyDeltas(trx: Db, formPaths: FormPaths, deltas: Deltas) {
  const rows = [...deltas.values()].filter((d) => d.count !== 0);
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('form_tallies')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['form_id', 'area_path', 'day', 'field', 'option']).doUpdateSet({ count: sql`form_tallies.count + excluded.count` }))
      .execute();
  }
  const perForm = new Map<number, number>();
  for (const d of rows) {
    if (d.field !== COUNT_FIELD) continue;
    // Count each submission once: at the shallowest (form-level) path.
    const depth = d.area_path.split('/').filter(Boolean).length;
    const formDepth = (await formPathOf(trx, formPaths, d.form_id)).split('/').filter(Boolean).length;
    if (depth === formDepth) perForm.set(d.form_id, (perForm.get(d.form_id) ?? 0) + d.count);
  }
  for (const [formId, n] of perForm) await trx.updateTable('forms').set({ submission_count: sql`submission_count + ${n}` }).where('id', '=', formId).execute();
}

/** Lock the progress row so tally passes and deletions take turns (PostgreSQL; SQLite has one writer anyway). */
async function lockProgress(trx: Db): Promise<number> {
  const pg = dialectOf(trx) === 'postgres';
  const q = trx.selectFrom('form_tally_progress').select('last_seq').where('name', '=', PROGRESS);
  const row = await (pg ? q.forUpdate() : q).executeTakeFirstOrThrow();
  return row.last_seq;
}

/**
 * The highest seq below which every submission has committed. On PostgreSQL, sequence numbers are
 * handed out before commit, so seq 101 can be visible while 100 is still in flight; a SHARE lock
 * waits for in-flight inserts to finish, after which everything up to max(seq) is final.
 */
async function committedHighWater(db: Db): Promise<number> {
  if (dialectOf(db) !== 'postgres') {
    const r = await db.selectFrom('form_submissions').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }
  return db.transaction().execute(async (trx) => {
    await sql`lock table form_submissions in share mode`.execute(trx);
    const r = await trx.selectFrom('form_submissions').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  });
}

/** Fold every submission not yet counted into the tallies; returns how many were read. */
export async function tallyPending(db: Db, batch = 5000): Promise<number> {
  let total = 0;
  const high = await committedHighWater(db);
  const formPaths: FormPaths = new Map();
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const last = await lockProgress(trx);
      if (last >= high) return 0;
      const rows = await trx
        .selectFrom('form_submissions')
        .select(['seq', 'form_id', 'version', 'area_path', 'day', 'answers', 'flagged', 'replaces_seq', 'deleted_at'])
        .where('seq', '>', last)
        .where('seq', '<=', high)
        .orderBy('seq')
        .limit(batch)
        .execute();
      if (rows.length === 0) return 0;
      const deltas: Deltas = new Map();
      const replacedSeqs = rows.map((r) => r.replaces_seq).filter((s): s is number => s !== null);
      const replaced = new Map<number, TallySource & { deleted_at: string | null }>();
      for (let i = 0; i < replacedSeqs.length; i += 500) {
        const found = await trx
          .selectFrom('form_submissions')
          .select(['seq', 'form_id', 'version', 'area_path', 'day', 'answers', 'flagged', 'deleted_at'])
          .where('seq', 'in', replacedSeqs.slice(i, i + 500))
          .execute();
        for (const f of found) replaced.set(f.seq, f);
      }
      for (const row of rows) {
        if (row.replaces_seq !== null) {
          const old = replaced.get(row.replaces_seq);
          // A deleted earlier answer was taken out of the tallies when it was deleted (or never counted).
          if (old && old.deleted_at === null) await addContribution(trx, formPaths, deltas, old, -1);
        }
        if (row.deleted_at === null) await addContribution(trx, formPaths, deltas, row, 1);
      }
      await applyDeltas(trx, formPaths, deltas);
      const next = rows[rows.length - 1].seq;
      await trx.updateTable('form_tally_progress').set({ last_seq: next }).where('name', '=', PROGRESS).execute();
      return rows.length;
    });
    total += done;
    if (done < batch) return total;
  }
}

/**
 * Take a deleted submission out of the tallies if it is in them: counted (seq at or below the
 * progress mark) and not already taken out by a counted replacement. Call inside the deleting
 * transaction, after setting deleted_at.
 */
export async function untallyDeleted(trx: Db, row: TallySource & { seq: number }): Promise<void> {
  const last = await lockProgress(trx);
  if (row.seq > last) return;
  const replacement = await trx.selectFrom('form_submissions').select('seq').where('replaces_seq', '=', row.seq).executeTakeFirst();
  if (replacement && replacement.seq <= last) return;
  const formPaths: FormPaths = new Map();
  const deltas: Deltas = new Map();
  await addContribution(trx, formPaths, deltas, row, -1);
  await applyDeltas(trx, formPaths, deltas);
}

/** The in-process loop that keeps statistics current within a fraction of a second. */
export function startTallyLoop(db: Db, pollMs: number, log: { error: (obj: object, msg: string) => void }): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    running = tallyPending(db)
      .catch((err) => log.error({ err }, 'tallying form submissions failed; will retry'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };
  timer = setTimeout(tick, pollMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
