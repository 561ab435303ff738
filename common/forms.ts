import { z } from 'zod';
import { ALERT_OPS, FIELD_NAME, FIELD_TYPES, FORM_MODES, FORM_STATUSES, RESERVED_FIELD_NAMES, type Condition } from './form-definition.js';

/** API schemas for self-report forms (自主申报). Plain types shared with the resident page are in form-definition.ts. */

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-29');
const ZDayOrToday = z.union([ZDay, z.literal('today')]);

export const ZCondition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ZCondition).min(1).max(20) }).strict(),
    z.object({ any: z.array(ZCondition).min(1).max(20) }).strict(),
    z
      .object({
        field: z.string().regex(FIELD_NAME, 'must name an earlier question'),
        op: z.enum(['eq', 'neq', 'in', 'includes', 'gt', 'gte', 'lt', 'lte', 'answered', 'not_answered']),
        value: z.union([z.string().max(200), z.number(), z.boolean(), z.array(z.string().max(200)).max(100)]).optional(),
      })
      .strict(),
  ]),
);

export const ZChoiceOption = z.object({ value: z.string().trim().min(1).max(64), label: z.string().trim().min(1).max(200) }).strict();

export const ZFormField = z
  .object({
    name: z
      .string()
      .regex(FIELD_NAME, 'must start with a letter and use only letters, digits and _ (at most 64)')
      .refine((n) => !RESERVED_FIELD_NAMES.has(n), 'is reserved for the reporter’s name, phone and ID number, which every form asks'),
    type: z.enum(FIELD_TYPES),
    label: z.string().trim().min(1, 'give the question text').max(500),
    help: z.string().max(1000).optional(),
    required: z.boolean().optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    minDate: ZDayOrToday.optional(),
    maxDate: ZDayOrToday.optional(),
    pattern: z.string().max(500).optional(),
    patternMessage: z.string().max(200).optional(),
    options: z.array(ZChoiceOption).max(200).optional(),
    showIf: ZCondition.optional(),
  })
  .strict();

export const ZAlertRule = z
  .object({
    name: z.string().trim().min(1).max(100),
    field: z.string().regex(FIELD_NAME),
    op: z.enum(ALERT_OPS),
    value: z.union([z.string().max(200), z.number(), z.boolean(), z.array(z.string().trim().min(1).max(100)).max(500)]),
  })
  .strict();

export const ZFormDefinition = z
  .object({
    title: z.string().trim().min(1, 'give the form a title').max(200),
    description: z.string().max(5000).optional(),
    fields: z.array(ZFormField).max(300),
    askIdNumber: z.boolean().optional(),
    requireIdNumber: z.boolean().optional(),
    alertRules: z.array(ZAlertRule).max(50).optional(),
  })
  .strict();

const ZIso = z.string().datetime({ offset: true });

/** `POST /api/forms`: a draft form for an area subtree. */
export const ZFormCreate = z
  .object({
    areaId: z.number().int().positive(),
    mode: z.enum(FORM_MODES),
    definition: ZFormDefinition,
    opensAt: ZIso.nullish(),
    closesAt: ZIso.nullish(),
    /** Ask for a code sent to the phone before accepting an answer. */
    verification: z.boolean().optional(),
  })
  .strict();
export type TFormCreate = z.infer<typeof ZFormCreate>;

/** `PATCH /api/forms/{id}`: edits the draft; publishing makes it the next version. */
export const ZFormUpdate = ZFormCreate.omit({ areaId: true }).partial().strict();
export type TFormUpdate = z.infer<typeof ZFormUpdate>;

export const ZFormSummary = z.object({
  id: z.number(),
  areaId: z.number(),
  areaName: z.string(),
  title: z.string(),
  mode: z.enum(FORM_MODES),
  status: z.enum(FORM_STATUSES),
  /** The published version residents answer; null before the first publish. */
  version: z.number().nullable(),
  /** True when the draft differs from the published version. */
  hasDraftChanges: z.boolean(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  verification: z.boolean(),
  submissions: z.number(),
  openAlerts: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TFormSummary = z.infer<typeof ZFormSummary>;

export const ZFormDetail = ZFormSummary.extend({
  /** What the designer is editing (equal to the published one when there are no draft changes). */
  draft: ZFormDefinition,
  published: ZFormDefinition.nullable(),
  versions: z.array(z.object({ version: z.number(), publishedAt: z.string(), publishedBy: z.string().nullable() })),
});
export type TFormDetail = z.infer<typeof ZFormDetail>;

export const ZFormQuery = z.object({
  area: z.coerce.number().int().positive().optional(),
  status: z.enum(FORM_STATUSES).optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZFormPage = z.object({ items: z.array(ZFormSummary), total: z.number() });

/** `GET /api/forms/{id}/links?area=ID`: the QR link of a form for one area node. */
export const ZFormLinkQuery = z.object({ area: z.coerce.number().int().positive() });
export const ZFormLink = z.object({ token: z.string(), url: z.string(), qrSvg: z.string(), areaId: z.number(), areaName: z.string() });
export type TFormLink = z.infer<typeof ZFormLink>;

/** Posters: one area's, or all areas of one level below it (e.g. every building of a community) as one PDF. */
export const ZPosterQuery = z.object({
  area: z.coerce.number().int().positive(),
  format: z.enum(['pdf', 'png']).default('pdf'),
  /** With `each=building`, one page per building under `area`. */
  each: z.enum(['grid', 'building', 'unit']).optional(),
});

/** `POST /api/public/forms/{token}/submissions`. */
export const ZSubmissionCreate = z
  .object({
    id: z.string().uuid('must be a UUID the page generated'),
    answers: z.record(z.string().max(64), z.unknown()),
    verificationCode: z.string().regex(/^\d{6}$/).optional(),
  })
  .strict();
export const ZSubmissionCreated = z.object({
  id: z.string(),
  receipt: z.object({ reference: z.string(), submittedAt: z.string(), day: z.string(), replaced: z.boolean() }),
});

export const ZVerificationRequest = z.object({ phone: z.string().regex(/^1\d{10}$/, 'must be an 11-digit mobile number') }).strict();

/** Statistics tables (后台自动生成统计表格). */
export const ZStatsQuery = z.object({
  area: z.coerce.number().int().positive().optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});
const ZOptionCounts = z.record(z.string(), z.record(z.string(), z.number()));
export const ZStatsRow = z.object({
  areaId: z.number(),
  areaName: z.string(),
  areaLevel: z.string(),
  /** Whether the row has children to drill into. */
  hasChildren: z.boolean(),
  submissions: z.number(),
  /** Registered residents living there (present) — who should report. */
  expected: z.number(),
  /** submissions ÷ (expected × days) for daily check-ins, submissions ÷ expected otherwise; null when nobody is expected. */
  coverage: z.number().nullable(),
  alerts: z.number(),
  options: ZOptionCounts,
});
export const ZStats = z.object({
  area: z.object({ id: z.number(), name: z.string(), level: z.string() }),
  from: z.string(),
  to: z.string(),
  days: z.number(),
  rows: z.array(ZStatsRow),
  total: ZStatsRow,
  /** Per day for the whole area: the trend chart. */
  trend: z.array(z.object({ day: z.string(), submissions: z.number(), alerts: z.number(), options: ZOptionCounts })),
  /** The counted questions, for column headers: name, label and option labels. */
  columns: z.array(z.object({ field: z.string(), label: z.string(), options: z.array(ZChoiceOption) })),
});
export type TStats = z.infer<typeof ZStats>;

/** Submissions list and detail; personal answers are masked unless revealed. */
export const ZSubmissionQuery = z.object({
  area: z.coerce.number().int().positive().optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
  flagged: z.enum(['1', '0']).optional(),
  /** Reporter name prefix or last 4 digits of the phone. */
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZSubmission = z.object({
  id: z.string(),
  reference: z.string(),
  formId: z.number(),
  version: z.number(),
  areaId: z.number(),
  areaName: z.string(),
  day: z.string(),
  submittedAt: z.string(),
  reporterName: z.string(),
  reporterPhone: z.string(),
  reporterIdNumber: z.string().nullable(),
  flagged: z.boolean(),
  answers: z.record(z.string(), z.unknown()),
});
export type TSubmission = z.infer<typeof ZSubmission>;
export const ZSubmissionPage = z.object({ items: z.array(ZSubmission), total: z.number() });
export const ZSubmissionDetail = ZSubmission.extend({ definition: ZFormDefinition, alerts: z.array(z.object({ id: z.number(), rule: z.string(), status: z.string() })) });
export const ZReveal = z.object({ reason: z.string().trim().min(2, 'say why you need to see it').max(200) }).strict();
export const ZDeleteSubmission = ZReveal;

/** Who has not reported (未报名单) for a daily check-in. */
export const ZNotReportedQuery = z.object({
  area: z.coerce.number().int().positive(),
  day: ZDay.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const ZNotReported = z.object({
  day: z.string(),
  expected: z.number(),
  reported: z.number(),
  total: z.number(),
  items: z.array(
    z.object({
      residentId: z.number(),
      name: z.string(),
      gridId: z.number().nullable(),
      gridName: z.string().nullable(),
      address: z.string(),
      /** Masked; reveal through the resident's record to call. */
      phone: z.string().nullable(),
      householdPhone: z.string().nullable(),
    }),
  ),
});

/** Alerts raised by a form's rules. */
export const ALERT_STATUSES = ['open', 'following', 'closed'] as const;
export const ZAlertQuery = z.object({
  area: z.coerce.number().int().positive().optional(),
  form: z.coerce.number().int().positive().optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZFormAlert = z.object({
  id: z.number(),
  formId: z.number(),
  formTitle: z.string(),
  submissionId: z.string(),
  areaId: z.number(),
  areaName: z.string(),
  rule: z.string(),
  /** What matched, e.g. `temperature = 38.2`. */
  detail: z.string(),
  reporterName: z.string(),
  reporterPhone: z.string(),
  status: z.enum(ALERT_STATUSES),
  assigneeId: z.number().nullable(),
  assigneeName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const ZAlertPage = z.object({ items: z.array(ZFormAlert), total: z.number() });
/** Open a follow-up (跟进) on an alert, hand it to someone, or close it with a note. */
export const ZAlertAction = z
  .object({
    action: z.enum(['follow_up', 'close', 'reopen']),
    note: z.string().trim().max(1000).optional(),
    assigneeId: z.number().int().positive().optional(),
  })
  .strict();

/** XLSForm import result: the form made, and what could not be carried over. */
export const ZXlsFormImport = z.object({
  form: ZFormDetail,
  unsupported: z.array(z.object({ row: z.number(), sheet: z.string(), message: z.string() })),
});
