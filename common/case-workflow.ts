/**
 * The work-order loop shared by rectification (整改), errands (代办) and supervision findings (督查):
 * a case is raised, someone is made responsible, it is handled, somebody else checks it, it closes.
 * Plain TypeScript (no zod) so the phone pages can show the allowed buttons without the schemas.
 */

export const CASE_TYPES = ['rectification', 'errand', 'inspection_finding', 'suggestion'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = ['reported', 'accepted', 'rejected', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which a case still needs someone (and can become overdue). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['reported', 'accepted', 'assigned', 'in_progress', 'resolved'];

export const CASE_ACTIONS = ['accept', 'reject', 'assign', 'claim', 'start', 'resolve', 'verify', 'return', 'confirm_receipt', 'rate', 'comment'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Where each action may be taken from, and where it leads (`null`: the status stays). */
export const TRANSITIONS: Record<CaseAction, { from: readonly CaseStatus[]; to: CaseStatus | null }> = {
  accept: { from: ['reported'], to: 'accepted' },
  reject: { from: ['reported', 'accepted'], to: 'rejected' },
  // Assign (or reassign) to a person or to a grid.
  assign: { from: ['reported', 'accepted', 'assigned', 'in_progress'], to: 'assigned' },
  // Errands are claimed by a grid worker or volunteer themselves.
  claim: { from: ['reported', 'accepted', 'assigned'], to: 'assigned' },
  start: { from: ['assigned'], to: 'in_progress' },
  resolve: { from: ['assigned', 'in_progress'], to: 'resolved' },
  // Checked by someone other than whoever resolved it.
  verify: { from: ['resolved'], to: 'closed' },
  // Sent back for rework.
  return: { from: ['resolved'], to: 'in_progress' },
  // The resident confirms an errand was done (their check in place of a verifier's).
  confirm_receipt: { from: ['resolved'], to: 'closed' },
  rate: { from: ['closed'], to: null },
  comment: { from: [...CASE_STATUSES], to: null },
};

/** Actions whose note is required (the reason must be on record). */
export const NOTE_REQUIRED: ReadonlySet<CaseAction> = new Set(['reject', 'resolve', 'return']);

export function canTransition(status: CaseStatus, action: CaseAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The roster above a role, in the order overdue cases climb it (grid worker → grid leader → … → chief advisor). */
export const ESCALATION_LADDER = ['grid_worker', 'grid_leader', 'grid_advisor', 'chief_grid_leader', 'chief_advisor'] as const;
export type EscalationRole = (typeof ESCALATION_LADDER)[number];

/** The next role up the ladder, or null at the top. */
export function nextEscalationRole(role: string): EscalationRole | null {
  const i = ESCALATION_LADDER.indexOf(role as EscalationRole);
  return i >= 0 && i < ESCALATION_LADDER.length - 1 ? ESCALATION_LADDER[i + 1] : null;
}

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  reported: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  assigned: '已派单',
  in_progress: '处理中',
  resolved: '待核查',
  closed: '已办结',
};

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  accept: '受理',
  reject: '不予受理',
  assign: '派单',
  claim: '认领',
  start: '开始处理',
  resolve: '办结上报',
  verify: '核查通过',
  return: '退回重办',
  confirm_receipt: '确认收到',
  rate: '评价',
  comment: '备注',
};

export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  rectification: '整改',
  errand: '代办',
  inspection_finding: '督查发现',
  suggestion: '居民建议',
};
