import type { Kysely } from 'kysely';
import type { TImportJob, TRowError } from '../../common/areas.js';
import type { Actor } from '../auth/actor.js';
import { nowIso } from '../db/dialect.js';
import type { Database, ImportJobRow } from '../db/types.js';
import { AppError } from '../http/errors.js';

/**
 * Imports run in the background of the process that received the file. Their progress lives in memory
 * while they run (a SQLite write transaction would block a progress write) and their outcome in the
 * import_jobs table, so any process can answer once they finish.
 */
const running = new Map<number, { processed: number; total: number }>();

function present(row: ImportJobRow): TImportJob {
  const live = running.get(row.id);
  const errors = JSON.parse(row.errors) as TRowError[];
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as TImportJob['status'],
    fileName: row.file_name,
    processed: live?.processed ?? row.processed,
    total: live?.total ?? row.total,
    created: row.created_count,
    updated: row.updated_count,
    errors,
    errorCount: row.error_count,
    message: row.message,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export async function getImportJob(db: Kysely<Database>, actor: Actor, id: number): Promise<TImportJob> {
  // Resident imports (kind 'residents') have a preview step and their own route: GET /api/imports/residents/{id}.
  const row = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).where('kind', '!=', 'residents').executeTakeFirst();
  if (!row || (row.user_id !== actor.userId && !actor.isSuperAdmin)) throw new AppError('NOT_FOUND', 'import not found');
  return present(row);
}

export interface JobOutcome {
  created: number;
  updated: number;
  total: number;
}

/**
 * Start `work` as a tracked job and return the job at once; `work` reports progress through the
 * callback it is given. A failure with row errors is stored with every row.
 */
export async function startImportJob(
  db: Kysely<Database>,
  actor: Actor,
  kind: string,
  fileName: string,
  work: (progress: (processed: number, total: number) => void) => Promise<JobOutcome>,
): Promise<TImportJob> {
  const { id } = await db
    .insertInto('import_jobs')
    .values({ kind, status: 'running', file_name: fileName.slice(0, 255), errors: '[]', processed: 0, total: 0, created_count: 0, updated_count: 0, error_count: 0, user_id: actor.userId, started_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  running.set(id, { processed: 0, total: 0 });
  const finish = async (values: Partial<ImportJobRow>) => {
    const live = running.get(id);
    running.delete(id);
    await db
      .updateTable('import_jobs')
      .set({ ...values, processed: values.processed ?? live?.processed ?? 0, finished_at: nowIso() })
      .where('id', '=', id)
      .execute();
  };
  void work((processed, total) => running.set(id, { processed, total }))
    .then((r) => finish({ status: 'succeeded', created_count: r.created, updated_count: r.updated, total: r.total, processed: r.total, message: null }))
    .catch((err: unknown) => {
      const rows = err instanceof AppError ? (err.rows ?? []) : [];
      const message = err instanceof AppError ? err.message : 'the import failed on the server; nothing was written';
      return finish({ status: 'failed', errors: JSON.stringify(rows), error_count: rows.length, message });
    })
    .catch(() => running.delete(id));
  return getImportJob(db, actor, id);
}

/** Wait until a job has finished (tests and the CLI use this). */
export async function waitForImportJob(db: Kysely<Database>, actor: Actor, id: number, timeoutMs = 600_000): Promise<TImportJob> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await getImportJob(db, actor, id);
    if (job.status !== 'running') return job;
    if (Date.now() > until) throw new Error(`import ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
