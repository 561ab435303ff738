import dayjs, { type Dayjs } from 'dayjs';
import type { AlertRule, FieldType, FormDefinition, FormField, FormMode } from '../../../../../common/form-definition';
import type { TFormCreate, TFormDetail, TFormUpdate } from '../../../../../common/forms';

/** A question in the designer: the field plus a key that survives reordering and renaming. */
export interface DraftField {
  key: string;
  field: FormField;
  /** The name still follows the label (a question added in this session whose name nobody typed). */
  autoName: boolean;
}

/** Everything the designer edits; turned into the API body by `toSaveBody`. */
export interface DesignerState {
  areaId: number | null;
  mode: FormMode;
  opensAt: Dayjs | null;
  closesAt: Dayjs | null;
  verification: boolean;
  title: string;
  description: string;
  askIdNumber: boolean;
  requireIdNumber: boolean;
  fields: DraftField[];
  alertRules: AlertRule[];
}

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `f${Date.now().toString(36)}${counter}`;
}

/** A fresh form: the caller's own area when they have one, a one-off survey, no questions yet. */
export function emptyState(areaId: number | null): DesignerState {
  return { areaId, mode: 'survey', opensAt: null, closesAt: null, verification: false, title: '', description: '', askIdNumber: false, requireIdNumber: false, fields: [], alertRules: [] };
}

/** The designer's state for a saved form: its draft definition and settings. */
export function stateFromDetail(detail: TFormDetail): DesignerState {
  const d = detail.draft;
  return {
    areaId: detail.areaId,
    mode: detail.mode,
    opensAt: detail.opensAt ? dayjs(detail.opensAt) : null,
    closesAt: detail.closesAt ? dayjs(detail.closesAt) : null,
    verification: detail.verification,
    title: d.title,
    description: d.description ?? '',
    askIdNumber: !!d.askIdNumber,
    requireIdNumber: !!d.requireIdNumber,
    fields: d.fields.map((field) => ({ key: newKey(), field, autoName: false })),
    alertRules: d.alertRules ?? [],
  };
}

/** Drops empty optional properties so the definition sent is what a person would write by hand. */
function cleanField(field: FormField): FormField {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(field)) {
    if (v === undefined || v === null || v === '') continue;
    if (k === 'required' && v === false) continue;
    out[k] = v;
  }
  return out as unknown as FormField;
}

export function definitionOf(state: DesignerState): FormDefinition {
  const definition: FormDefinition = { title: state.title, fields: state.fields.map((f) => cleanField(f.field)) };
  if (state.description.trim()) definition.description = state.description;
  if (state.askIdNumber || state.requireIdNumber) definition.askIdNumber = true;
  if (state.requireIdNumber) definition.requireIdNumber = true;
  if (state.alertRules.length > 0) definition.alertRules = state.alertRules;
  return definition;
}

/** The POST body for a new form, or the PATCH body for an existing one. */
export function toSaveBody(state: DesignerState, isNew: boolean): TFormCreate | TFormUpdate {
  const body: TFormUpdate = {
    mode: state.mode,
    definition: definitionOf(state),
    opensAt: state.opensAt ? state.opensAt.format() : null,
    closesAt: state.closesAt ? state.closesAt.format() : null,
    verification: state.verification,
  };
  return isNew ? ({ ...body, areaId: state.areaId ?? 0 } as TFormCreate) : body;
}

/** A stable text of what would be saved, to tell whether anything changed since the last save. */
export function fingerprint(state: DesignerState): string {
  return JSON.stringify(toSaveBody(state, false));
}

/** The first `q<n>` name no question uses yet. */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base.slice(0, 60)}_${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A new question of a type, with a placeholder text and, for choices, two options to start from. */
export function newField(type: FieldType, label: string, taken: ReadonlySet<string>): DraftField {
  let n = taken.size + 1;
  while (taken.has(`q${n}`)) n++;
  const field: FormField = { name: `q${n}`, type, label };
  if (type === 'single_choice' || type === 'multiple_choice') field.options = [];
  if (type !== 'section') field.required = true;
  return { key: newKey(), field, autoName: true };
}
