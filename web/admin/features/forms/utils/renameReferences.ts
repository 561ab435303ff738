import type { AlertRule, Condition } from '../../../../../common/form-definition';

/** The condition with every rule on question `from` pointed at `to` instead. */
export function renameInCondition(condition: Condition | undefined, from: string, to: string): Condition | undefined {
  if (!condition) return condition;
  if ('all' in condition) return { all: condition.all.map((c) => renameInCondition(c, from, to)!) };
  if ('any' in condition) return { any: condition.any.map((c) => renameInCondition(c, from, to)!) };
  return condition.field === from ? { ...condition, field: to } : condition;
}

export function renameInRules(rules: AlertRule[], from: string, to: string): AlertRule[] {
  return rules.map((r) => (r.field === from ? { ...r, field: to } : r));
}
