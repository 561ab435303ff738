import { z } from 'zod';
import { CASE_ACTIONS, CASE_STATUSES, CASE_TYPES, ESCALATION_LADDER } from './case-workflow.js';

/** API schemas for cases (工单): rectification, errands, supervision findings and resident suggestions. */

const ZIso = z.string().datetime({ offset: true });
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-29');
const PHONE = /^1\d{10}$/;

export const ZCaseCategoryCreate = z
  .object({
    code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (at most 64); it is the Open311 service_code'),
    name: z.string().trim().min(1, 'give the category a name').max(100),
    type: z.enum(CASE_TYPES),
    description: z.string().max(1000).optional(),
    /** Who acts on a new case first; overdue cases climb the roster from here. */
    defaultRole: z.enum(ESCALATION_LADDER),
    /** Hours to accept a reported case, and to resolve it once accepted. */
    acceptHours: z.number().positive().max(24 * 90),
    resolveHours: z.number().positive().max(24 * 365),
    /** Residents may choose it on the public report page (and Open311 clients as a service). */
    publicReporting: z.boolean().default(true),
    active: z.boolean().default(true),
  })
  .strict();
export const ZCaseCategoryUpdate = ZCaseCategoryCreate.partial().strict();
export const ZCaseCategory = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  type: z.enum(CASE_TYPES),
  description: z.string().nullable(),
  defaultRole: z.enum(ESCALATION_LADDER),
  acceptHours: z.number(),
  resolveHours: z.number(),
  publicReporting: z.boolean(),
  active: z.boolean(),
});
export type TCaseCategory = z.infer<typeof ZCaseCategory>;

const ZLocation = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();

/** `POST /api/cases`: raised by staff (desktop or phone on patrol). */
export const ZCaseCreate = z
  .object({
    categoryId: z.number().int().positive(),
    areaId: z.number().int().positive(),
    title: z.string().trim().min(1, 'say in a few words what is wrong or needed').max(200),
    description: z.string().trim().max(5000).default(''),
    location: ZLocation.optional(),
    address: z.string().trim().max(200).optional(),
    attachmentIds: z.array(z.number().int().positive()).max(9).optional(),
    /** Errands: the household helped, and by when. */
    householdId: z.number().int().positive().optional(),
    neededBy: ZIso.optional(),
    /** On behalf of a resident (errands raised by a grid worker). */
    reporterName: z.string().trim().max(50).optional(),
    reporterPhone: z.string().trim().regex(PHONE, 'must be an 11-digit mobile number').optional(),
  })
  .strict();
export type TCaseCreate = z.infer<typeof ZCaseCreate>;

/** `POST /api/public/cases`: a resident without login (from the grid card or a link). */
export const ZPublicCaseCreate = z
  .object({
    /** Page-made UUID: a retried POST returns the first case. */
    id: z.string().uuid('must be a UUID the page generated'),
    categoryId: z.number().int().positive(),
    areaId: z.number().int().positive(),
    title: z.string().trim().max(200).optional(),
    description: z.string().trim().min(5, 'describe the problem or what you need (at least 5 characters)').max(2000),
    location: ZLocation.optional(),
    address: z.string().trim().max(200).optional(),
    attachmentIds: z.array(z.number().int().positive()).max(9).optional(),
    neededBy: ZIso.optional(),
    reporterName: z.string().trim().min(1, 'give your name').max(50),
    reporterPhone: z.string().trim().regex(PHONE, 'must be an 11-digit mobile number'),
  })
  .strict();
export const ZPublicCaseCreated = z.object({ reference: z.string(), trackingToken: z.string(), trackingUrl: z.string() });

export const ZAttachment = z.object({ id: z.number(), name: z.string(), mime: z.string(), size: z.number(), url: z.string(), thumbUrl: z.string().nullable() });
export type TAttachment = z.infer<typeof ZAttachment>;

export const ZCase = z.object({
  id: z.number(),
  reference: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  type: z.enum(CASE_TYPES),
  status: z.enum(CASE_STATUSES),
  areaId: z.number(),
  areaName: z.string(),
  title: z.string(),
  description: z.string(),
  location: ZLocation.nullable(),
  address: z.string().nullable(),
  /** staff | resident | open311 | inspection */
  source: z.string(),
  reporterName: z.string().nullable(),
  /** Masked. */
  reporterPhone: z.string().nullable(),
  assigneeId: z.number().nullable(),
  assigneeName: z.string().nullable(),
  assigneeAreaId: z.number().nullable(),
  assigneeAreaName: z.string().nullable(),
  /** The roster role expected to act now; climbs when the case is overdue. */
  responsibleRole: z.string(),
  escalationLevel: z.number(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** Due within the next quarter of its time limit. */
  dueSoon: z.boolean(),
  neededBy: z.string().nullable(),
  householdAddress: z.string().nullable(),
  resolvedBy: z.number().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  rating: z.number().nullable(),
  ratingNote: z.string().nullable(),
  inspectionId: z.number().nullable(),
  /** Bumped on every change; send it back with a transition to refuse acting on a stale page. */
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the caller may do now (buttons to show). */
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
});
export type TCase = z.infer<typeof ZCase>;

export const ZCaseEvent = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  attachments: z.array(ZAttachment),
});
export const ZCaseDetail = ZCase.extend({ timeline: z.array(ZCaseEvent), attachments: z.array(ZAttachment) });
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCaseQuery = z.object({
  area: z.coerce.number().int().positive().optional(),
  status: z.enum(CASE_STATUSES).optional(),
  /** `mine=1`: my work — assigned to me or my grid, waiting for my role, or mine to verify. */
  mine: z.enum(['1']).optional(),
  overdue: z.enum(['1']).optional(),
  escalated: z.enum(['1']).optional(),
  category: z.coerce.number().int().positive().optional(),
  type: z.enum(CASE_TYPES).optional(),
  inspection: z.coerce.number().int().positive().optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZCasePage = z.object({ items: z.array(ZCase), total: z.number() });

/** `POST /api/cases/{id}/transitions`. */
export const ZCaseTransition = z
  .object({
    action: z.enum(CASE_ACTIONS),
    note: z.string().trim().max(2000).optional(),
    /** assign: a person (user id)… */
    assignee: z.number().int().positive().optional(),
    /** …or a grid (area id) whose grid workers share it. */
    assigneeAreaId: z.number().int().positive().optional(),
    attachmentIds: z.array(z.number().int().positive()).max(9).optional(),
    rating: z.number().int().min(1).max(5).optional(),
    /** The version the caller saw; a different current version → 409 CASE_CONFLICT. */
    version: z.number().int().positive().optional(),
  })
  .strict();
export type TCaseTransition = z.infer<typeof ZCaseTransition>;

/** Per status counts under an area (the supervision view's header, the "by area" view). */
export const ZCaseSummaryQuery = z.object({ area: z.coerce.number().int().positive().optional() });
export const ZCaseSummary = z.object({
  area: z.object({ id: z.number(), name: z.string() }).nullable(),
  rows: z.array(z.object({ areaId: z.number(), areaName: z.string(), counts: z.record(z.string(), z.number()), overdue: z.number(), escalated: z.number() })),
  total: z.object({ counts: z.record(z.string(), z.number()), overdue: z.number(), escalated: z.number() }),
  mine: z.object({ toDo: z.number(), dueSoon: z.number(), overdue: z.number(), toVerify: z.number() }),
});

export const ZCaseStatsQuery = z.object({ area: z.coerce.number().int().positive().optional(), from: ZDay.optional(), to: ZDay.optional() });
export const ZCaseStatsRow = z.object({
  areaId: z.number(),
  areaName: z.string(),
  opened: z.number(),
  closed: z.number(),
  /** Mean hours from report to close, of those closed in the range. */
  avgHoursToClose: z.number().nullable(),
  /** Share of cases opened in the range that went past a time limit. */
  overdueRate: z.number().nullable(),
  /** Mean resident rating (1–5) and how many rated. */
  satisfaction: z.number().nullable(),
  ratings: z.number(),
});
export const ZCaseStats = z.object({ from: z.string(), to: z.string(), rows: z.array(ZCaseStatsRow), total: ZCaseStatsRow });

export const ZCaseMapQuery = z.object({ area: z.coerce.number().int().positive().optional(), status: z.enum(CASE_STATUSES).optional(), open: z.enum(['1']).optional() });
export const ZCaseMapPoint = z.object({ id: z.number(), reference: z.string(), lat: z.number(), lng: z.number(), status: z.enum(CASE_STATUSES), title: z.string(), overdue: z.boolean() });

/** The resident's view of their case, by tracking token: no staff names or phones. */
export const ZPublicCase = z.object({
  reference: z.string(),
  categoryName: z.string(),
  type: z.enum(CASE_TYPES),
  status: z.enum(CASE_STATUSES),
  title: z.string(),
  description: z.string(),
  areaName: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  rating: z.number().nullable(),
  canRate: z.boolean(),
  canConfirmReceipt: z.boolean(),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), toStatus: z.string().nullable(), note: z.string().nullable(), attachments: z.array(ZAttachment) })),
});
export const ZPublicRate = z.object({ rating: z.number().int().min(1).max(5), note: z.string().trim().max(500).optional() }).strict();

/** Inspections (督查). */
export const ZInspectionCreate = z
  .object({
    areaId: z.number().int().positive(),
    title: z.string().trim().min(1).max(200),
    /** Inspect a grid, or a campaign/task carried out there. */
    kind: z.enum(['grid', 'task']),
    target: z.string().trim().max(200).optional(),
    plannedAt: ZIso.optional(),
    checklist: z.array(z.object({ item: z.string().trim().min(1).max(300) }).strict()).min(1, 'an inspection needs at least one checklist item').max(100),
  })
  .strict();
export const ZInspectionRecord = z
  .object({
    items: z.array(z.object({ id: z.number().int().positive(), passed: z.boolean(), note: z.string().trim().max(1000).optional(), attachmentIds: z.array(z.number().int().positive()).max(9).optional() }).strict()).min(1),
    score: z.number().min(0).max(100).optional(),
    /** The category failed items become cases of (type rectification or inspection_finding). */
    findingCategoryId: z.number().int().positive(),
  })
  .strict();
export const ZInspection = z.object({
  id: z.number(),
  areaId: z.number(),
  areaName: z.string(),
  title: z.string(),
  kind: z.enum(['grid', 'task']),
  target: z.string().nullable(),
  /** planned → recorded (findings open) → closed (all findings closed) */
  status: z.enum(['planned', 'recorded', 'closed']),
  plannedAt: z.string().nullable(),
  inspectorId: z.number().nullable(),
  inspectorName: z.string().nullable(),
  score: z.number().nullable(),
  recordedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  items: z.array(z.object({ id: z.number(), item: z.string(), passed: z.boolean().nullable(), note: z.string().nullable(), caseId: z.number().nullable(), caseStatus: z.string().nullable() })),
  createdAt: z.string(),
});
export const ZInspectionQuery = z.object({ area: z.coerce.number().int().positive().optional(), status: z.enum(['planned', 'recorded', 'closed']).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) });
export const ZInspectionPage = z.object({ items: z.array(ZInspection), total: z.number() });
