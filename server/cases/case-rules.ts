import { type CaseAction, type CaseStatus, canTransition } from '../../common/case-workflow.js';
import { type Actor, canAt } from '../auth/actor.js';
import type { CaseRow } from '../db/types.js';

/** Whether the actor is among those the case is assigned to: personally, or as a grid worker of the assigned grid. */
export function isAssignee(actor: Actor, row: Pick<CaseRow, 'assignee_user_id' | 'assignee_area_path'>): boolean {
  if (row.assignee_user_id !== null) return row.assignee_user_id === actor.userId;
  return row.assignee_area_path !== null && canAt(actor, 'case.handle', row.assignee_area_path);
}

/**
 * Whether `actor` may take `action` on the case as staff (the resident's own actions — rating, confirming an
 * errand — go through the tracking link). Status rules are separate (TRANSITIONS); this is about who.
 */
export function mayAct(actor: Actor, row: CaseRow, action: CaseAction): boolean {
  const at = row.area_path;
  switch (action) {
    case 'accept':
    case 'reject':
    case 'assign':
      return canAt(actor, 'case.manage', at);
    case 'claim':
      // Errands are claimed by whoever handles cases there (or in the grid it was sent to); once someone has it, it is theirs.
      return row.type === 'errand' && row.assignee_user_id === null && (canAt(actor, 'case.handle', at) || isAssignee(actor, row));
    case 'start':
    case 'resolve':
      return isAssignee(actor, row) || canAt(actor, 'case.manage', at);
    case 'verify':
    case 'return':
      return canAt(actor, 'case.verify', at) && row.resolved_by !== actor.userId;
    case 'comment':
      return canAt(actor, 'case.report', at) || isAssignee(actor, row);
    case 'confirm_receipt':
    case 'rate':
      return false;
  }
}

/** The buttons to show: actions the status allows and the actor may take. */
export function allowedActions(actor: Actor, row: CaseRow): CaseAction[] {
  const all: CaseAction[] = ['accept', 'reject', 'assign', 'claim', 'start', 'resolve', 'verify', 'return', 'comment'];
  return all.filter((a) => canTransition(row.status as CaseStatus, a) && mayAct(actor, row, a));
}
