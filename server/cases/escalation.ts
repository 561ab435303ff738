import type { Kysely } from 'kysely';
import { nextEscalationRole, OPEN_CASE_STATUSES, type CaseStatus } from '../../common/case-workflow.js';
import type { Database } from '../db/types.js';

type Db = Kysely<Database>;
const HOUR = 3_600_000;

/**
 * Escalate every case whose time limit has passed: it climbs one rung of the roster (grid worker →
 * grid leader → … → chief advisor), and gets another full time limit at that level before climbing
 * again. The state is on the case row and each step is a conditional update on the level it read,
 * so a restart misses nothing and two processes (or two passes) never escalate the same step twice.
 * Returns how many cases were escalated.
 */
export async function escalateDue(db: Db, now: Date, batch = 500): Promise<number> {
  const at = now.toISOString();
  let total = 0;
  for (;;) {
    const due = await db
      .selectFrom('cases')
      .innerJoin('case_categories', 'case_categories.id', 'cases.category_id')
      .select(['cases.id', 'cases.status', 'cases.responsible_role', 'cases.escalation_level', 'cases.version', 'case_categories.accept_hours', 'case_categories.resolve_hours'])
      .where('cases.next_escalation_at', '<=', at)
      .where('cases.status', 'in', OPEN_CASE_STATUSES as CaseStatus[])
      .orderBy('cases.next_escalation_at')
      .limit(batch)
      .execute();
    if (due.length === 0) return total;
    let changed = 0;
    for (const c of due) {
      const role = nextEscalationRole(c.responsible_role);
      const hours = c.status === 'reported' ? c.accept_hours : c.resolve_hours;
      const escalated = await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('cases')
          .set({
            responsible_role: role ?? c.responsible_role,
            escalation_level: c.escalation_level + 1,
            overdue_once: 1,
            // At the top of the roster it stays in the supervision view; there is nobody further to tell.
            next_escalation_at: role ? new Date(now.getTime() + hours * HOUR).toISOString() : null,
            version: c.version + 1,
            updated_at: at,
          })
          .where('id', '=', c.id)
          .where('escalation_level', '=', c.escalation_level)
          .where('version', '=', c.version)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await trx
          .insertInto('case_events')
          .values({ case_id: c.id, at, action: 'escalate', from_status: c.status, to_status: c.status, actor_user_id: null, actor_name: null, note: null, data: JSON.stringify({ level: c.escalation_level + 1, role: role ?? c.responsible_role }) })
          .execute();
        return true;
      });
      if (escalated) changed++;
    }
    total += changed;
    // Rows changed under us (someone acted meanwhile) are picked up again only if still due.
    if (due.length < batch || changed === 0) return total;
  }
}

/** The in-app scheduler: a pass now and then every `pollMs`; the clock is injectable for tests. */
export function startEscalationLoop(db: Db, pollMs: number, clock: () => Date, log: { error: (obj: object, msg: string) => void }): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    running = escalateDue(db, clock())
      .catch((err) => log.error({ err }, 'escalating overdue cases failed; will retry'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };
  timer = setTimeout(tick, Math.min(pollMs, 1000));
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
