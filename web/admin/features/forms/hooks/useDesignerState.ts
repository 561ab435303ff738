import { useCallback, useState } from 'react';
import type { AlertRule, FieldType, FormField } from '../../../../../common/form-definition';
import { freeName, newField, newKey, type DesignerState, type DraftField } from '../utils/designerState';
import { renameInCondition, renameInRules } from '../utils/renameReferences';

/**
 * The designer's working copy and the edits on it. A question's name change follows into the show-if
 * rules and alert rules that refer to it, unless another question already has the new name.
 */
export function useDesignerState(initial: () => DesignerState) {
  const [state, setState] = useState<DesignerState>(initial);

  const patch = useCallback((p: Partial<DesignerState>) => setState((s) => ({ ...s, ...p })), []);

  const updateField = useCallback((key: string, update: (d: DraftField) => DraftField) => {
    setState((s) => {
      const before = s.fields.find((f) => f.key === key);
      if (!before) return s;
      const after = update(before);
      let fields = s.fields.map((f) => (f.key === key ? after : f));
      let alertRules = s.alertRules;
      const from = before.field.name;
      const to = after.field.name;
      if (from !== to && to && !s.fields.some((f) => f.key !== key && f.field.name === to)) {
        fields = fields.map((f) => (f.field.showIf ? { ...f, field: { ...f.field, showIf: renameInCondition(f.field.showIf, from, to) } } : f));
        alertRules = renameInRules(alertRules, from, to);
      }
      return { ...s, fields, alertRules };
    });
  }, []);

  const addField = useCallback((type: FieldType, label: string, after: string | null, extra: Partial<FormField> = {}): string => {
    const key = newKey();
    setState((s) => {
      const made = newField(type, label, new Set(s.fields.map((f) => f.field.name)));
      const draft = { ...made, key, field: { ...made.field, ...extra } };
      const at = after === null ? s.fields.length : s.fields.findIndex((f) => f.key === after) + 1;
      const fields = [...s.fields];
      fields.splice(at <= 0 ? s.fields.length : at, 0, draft);
      return { ...s, fields };
    });
    return key;
  }, []);

  const move = useCallback((from: number, to: number) => {
    setState((s) => {
      if (to < 0 || to >= s.fields.length) return s;
      const fields = [...s.fields];
      const [item] = fields.splice(from, 1);
      fields.splice(to, 0, item);
      return { ...s, fields };
    });
  }, []);

  const duplicate = useCallback((index: number, suffix: string): string => {
    const key = newKey();
    setState((s) => {
      const source = s.fields[index];
      if (!source) return s;
      const taken = new Set(s.fields.map((f) => f.field.name));
      const field: FormField = structuredClone(source.field);
      field.name = freeName(`${source.field.name.slice(0, 56)}_copy`, taken);
      field.label = `${source.field.label}${suffix}`.slice(0, 500);
      const fields = [...s.fields];
      fields.splice(index + 1, 0, { key, field, autoName: false });
      return { ...s, fields };
    });
    return key;
  }, []);

  const remove = useCallback((index: number) => setState((s) => ({ ...s, fields: s.fields.filter((_, i) => i !== index) })), []);
  const setAlertRules = useCallback((alertRules: AlertRule[]) => setState((s) => ({ ...s, alertRules })), []);

  return { state, setState, patch, updateField, addField, move, duplicate, remove, setAlertRules };
}
