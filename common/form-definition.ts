/**
 * The shape of a self-report form (自主申报表单) as plain TypeScript types and constants, with no zod,
 * so the resident page (which must stay small) and the server share one definition. The zod schemas
 * for the API live in `forms.ts`; answer checking lives in `form-answers.ts`.
 */

export const FIELD_TYPES = [
  'text',
  'number',
  'single_choice',
  'multiple_choice',
  'yes_no',
  'date',
  'time',
  'phone',
  'id_number',
  'address',
  'itinerary',
  'temperature',
  'photo',
  'section',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Types whose answers are personal data: stored encrypted, masked in lists, revealed only with a right and audited. */
export const PERSONAL_FIELD_TYPES: ReadonlySet<FieldType> = new Set(['phone', 'id_number']);

/** Types whose answers are counted per option in the statistics tables. */
export const COUNTED_FIELD_TYPES: ReadonlySet<FieldType> = new Set(['single_choice', 'multiple_choice', 'yes_no']);

/**
 * Names the page always asks (identity by name + phone, optional ID number); designers cannot reuse them.
 * They travel inside `answers` like any other field.
 */
export const REPORTER_NAME = 'reporter_name';
export const REPORTER_PHONE = 'reporter_phone';
export const REPORTER_ID_NUMBER = 'reporter_id_number';
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set([REPORTER_NAME, REPORTER_PHONE, REPORTER_ID_NUMBER]);

export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export const FORM_MODES = ['survey', 'daily', 'continuous'] as const;
/** survey: one answer per person; daily (健康打卡): one per person per day, a resubmission replaces that day's; continuous: every report stands. */
export type FormMode = (typeof FORM_MODES)[number];

export const FORM_STATUSES = ['draft', 'published', 'closed'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

export interface ChoiceOption {
  value: string;
  label: string;
}

export type ConditionOp = 'eq' | 'neq' | 'in' | 'includes' | 'gt' | 'gte' | 'lt' | 'lte' | 'answered' | 'not_answered';

/** A show-if rule on an earlier answer; `all`/`any` combine rules. */
export type Condition =
  | { field: string; op: ConditionOp; value?: string | number | boolean | string[] }
  | { all: Condition[] }
  | { any: Condition[] };

export interface FormField {
  /** Stable name: the key of the answer, the column in exports, the XLSForm `name` when imported. */
  name: string;
  type: FieldType;
  label: string;
  help?: string;
  required?: boolean;
  /** number/temperature: value bounds; text: length bounds; multiple_choice: how many may be ticked; itinerary: number of stops. */
  min?: number;
  max?: number;
  /** date: earliest/latest day (YYYY-MM-DD) or `today`. */
  minDate?: string;
  maxDate?: string;
  /** text/phone/id_number: a regular expression the whole answer must match. */
  pattern?: string;
  /** What to tell the resident when `pattern` does not match. */
  patternMessage?: string;
  /** single_choice/multiple_choice: the options, in order. */
  options?: ChoiceOption[];
  showIf?: Condition;
}

export const ALERT_OPS = ['gte', 'gt', 'lte', 'lt', 'eq', 'neq', 'includes', 'itinerary_through'] as const;
export type AlertOp = (typeof ALERT_OPS)[number];

/**
 * A rule that flags a submission for the grid worker: temperature ≥ 37.3, yes to contact history,
 * an itinerary through a place marked at risk (`itinerary_through` with the risky place names).
 */
export interface AlertRule {
  name: string;
  field: string;
  op: AlertOp;
  value: string | number | boolean | string[];
}

export interface FormDefinition {
  title: string;
  description?: string;
  fields: FormField[];
  /** Ask for the reporter's ID number (name and phone are always asked). */
  askIdNumber?: boolean;
  requireIdNumber?: boolean;
  alertRules?: AlertRule[];
}

/** Answer shapes by type, as the page sends them and the server stores them. */
export interface ItineraryStop {
  place: string;
  date: string;
}
export interface AddressAnswer {
  /** An area under the form link's area (building, unit…). */
  areaId: number;
  /** Free text below the smallest area, e.g. the room number. */
  room?: string;
}
export type AnswerValue = string | number | boolean | string[] | ItineraryStop[] | AddressAnswer | null;
export type Answers = Record<string, AnswerValue>;

/** Resident-page facts about a form, from `GET /api/public/forms/{token}`. */
export interface PublicForm {
  token: string;
  formId: number;
  version: number;
  mode: FormMode;
  areaId: number;
  areaName: string;
  definition: FormDefinition;
  /** Whether the page must ask for a verification code sent to the phone. */
  verification: boolean;
  open: boolean;
  /** Why the form does not accept answers now (not yet open, closed…), in Chinese. */
  closedReason: string | null;
  /** Today in the deployment's time zone (YYYY-MM-DD): the day a daily check-in counts for. */
  today: string;
}

export interface SubmissionReceipt {
  /** The reference number a resident can quote, e.g. `F12-20261129-0000123`. */
  reference: string;
  submittedAt: string;
  /** For daily check-ins: the day it counts for. */
  day: string;
  /** True when this submission replaced the same person's earlier one (daily check-in). */
  replaced: boolean;
}
