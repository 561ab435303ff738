import type { AlertRule, Answers, FormDefinition, ItineraryStop } from '../../common/form-definition.js';

export interface AlertMatch {
  rule: string;
  /** What matched, in words a grid worker reads at a glance: `体温 = 38.2`. */
  detail: string;
}

function labelOf(definition: FormDefinition, field: string): string {
  return definition.fields.find((f) => f.name === field)?.label ?? field;
}

function optionLabel(definition: FormDefinition, field: string, value: string): string {
  const f = definition.fields.find((x) => x.name === field);
  if (f?.type === 'yes_no') return value === 'yes' ? '是' : value === 'no' ? '否' : value;
  return f?.options?.find((o) => o.value === value)?.label ?? value;
}

function matches(rule: AlertRule, answer: unknown): string | null {
  if (answer === undefined || answer === null || answer === '') return null;
  const expected = rule.value;
  switch (rule.op) {
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt': {
      const a = Number(answer);
      const b = Number(expected);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
      const hit = rule.op === 'gte' ? a >= b : rule.op === 'gt' ? a > b : rule.op === 'lte' ? a <= b : a < b;
      return hit ? String(a) : null;
    }
    case 'eq': {
      const want = expected === true ? 'yes' : expected === false ? 'no' : String(expected);
      return !Array.isArray(answer) && String(answer) === want ? String(answer) : null;
    }
    case 'neq': {
      const want = expected === true ? 'yes' : expected === false ? 'no' : String(expected);
      return !Array.isArray(answer) && String(answer) !== want ? String(answer) : null;
    }
    case 'includes': {
      if (!Array.isArray(answer)) return null;
      const wanted = Array.isArray(expected) ? expected.map(String) : [String(expected)];
      const hit = (answer as unknown[]).map(String).filter((v) => wanted.includes(v));
      return hit.length > 0 ? hit.join('、') : null;
    }
    case 'itinerary_through': {
      if (!Array.isArray(answer)) return null;
      const places = (Array.isArray(expected) ? expected : [String(expected)]).map((p) => String(p).trim()).filter(Boolean);
      const hit = (answer as ItineraryStop[]).filter((stop) => places.some((p) => stop.place.includes(p)));
      return hit.length > 0 ? hit.map((s) => `${s.date} ${s.place}`).join('；') : null;
    }
  }
}

/** The alert rules a submission's (checked) answers trip, with what matched. */
export function evaluateAlertRules(definition: FormDefinition, answers: Answers): AlertMatch[] {
  const found: AlertMatch[] = [];
  for (const rule of definition.alertRules ?? []) {
    const hit = matches(rule, answers[rule.field]);
    if (hit === null) continue;
    const shown = rule.op === 'eq' || rule.op === 'neq' ? optionLabel(definition, rule.field, hit) : rule.op === 'includes' ? hit.split('、').map((v) => optionLabel(definition, rule.field, v)).join('、') : hit;
    found.push({ rule: rule.name, detail: `${labelOf(definition, rule.field)}：${shown}`.slice(0, 500) });
  }
  return found;
}
