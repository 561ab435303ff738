import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Condition, ConditionOp, FormField } from '../../../../../common/form-definition';
import { ANSWERABLE, NUMERIC, conditionOpsFor } from '../utils/fieldOperators';

type Rule = Extract<Condition, { field: string }>;
type Parsed = { combiner: 'all' | 'any'; rules: Rule[] };

const isRule = (c: Condition): c is Rule => 'field' in c;

/** A condition the builder can show: one rule, or one level of all/any over rules. Null for anything deeper. */
function parse(condition: Condition | undefined): Parsed | null {
  if (!condition) return { combiner: 'all', rules: [] };
  if (isRule(condition)) return { combiner: 'all', rules: [condition] };
  const list = 'all' in condition ? condition.all : condition.any;
  if (!list.every(isRule)) return null;
  return { combiner: 'all' in condition ? 'all' : 'any', rules: list };
}

function build({ combiner, rules }: Parsed): Condition | undefined {
  if (rules.length === 0) return undefined;
  if (rules.length === 1) return rules[0];
  return combiner === 'all' ? { all: rules } : { any: rules };
}

/** A starting rule on a question: its first operator and, for yes/no and choices, its first value. */
function ruleFor(field: FormField): Rule {
  const op = conditionOpsFor(field.type)[0];
  if (field.type === 'yes_no') return { field: field.name, op, value: 'yes' };
  if (field.type === 'single_choice' || field.type === 'multiple_choice') return { field: field.name, op, value: field.options?.[0]?.value ?? '' };
  if (op === 'answered' || op === 'not_answered') return { field: field.name, op };
  return { field: field.name, op, value: NUMERIC.has(field.type) ? 0 : '' };
}

/** The value a rule keeps when its operator changes: a list for `in`, nothing for answered, one value otherwise. */
function withOp(rule: Rule, op: ConditionOp, target: FormField | undefined): Rule {
  if (op === 'answered' || op === 'not_answered') return { field: rule.field, op };
  if (op === 'in') return { field: rule.field, op, value: Array.isArray(rule.value) ? rule.value : rule.value !== undefined && rule.value !== '' ? [String(rule.value)] : [] };
  const single = Array.isArray(rule.value) ? rule.value[0] : rule.value;
  const fallback = target ? ruleFor(target).value : '';
  return { field: rule.field, op, value: single ?? fallback ?? '' };
}

/**
 * Show this question only when earlier answers say so: pick an earlier question, an operator fitting its
 * type and a value (the options of a choice question, yes/no, a number), combined with all/any.
 */
export function ShowIfEditor({ value, earlier, onChange, error, disabled }: { value: Condition | undefined; earlier: FormField[]; onChange: (next: Condition | undefined) => void; error?: string; disabled?: boolean }) {
  const { t } = useTranslation('forms');
  const candidates = earlier.filter((f) => ANSWERABLE(f.type));
  const parsed = parse(value);
  if (!parsed) {
    return (
      <Alert
        type="info"
        title={t('field.showIfComplex')}
        description={<Typography.Text code>{JSON.stringify(value)}</Typography.Text>}
        action={
          <Button size="small" disabled={disabled} onClick={() => onChange(undefined)}>
            {t('field.showIfClear')}
          </Button>
        }
      />
    );
  }
  const update = (next: Parsed) => onChange(build(next));
  const setRule = (i: number, rule: Rule) => update({ ...parsed, rules: parsed.rules.map((r, j) => (j === i ? rule : r)) });
  const byName = new Map(candidates.map((f) => [f.name, f]));

  const valueInput = (rule: Rule, i: number) => {
    const target = byName.get(rule.field);
    if (rule.op === 'answered' || rule.op === 'not_answered' || !target) return null;
    const testId = `showif-value-${i}`;
    if (target.type === 'yes_no') {
      return (
        <Select
          style={{ width: 100 }}
          value={String(rule.value ?? '')}
          onChange={(v) => setRule(i, { ...rule, value: v })}
          options={[
            { value: 'yes', label: t('field.yes') },
            { value: 'no', label: t('field.no') },
          ]}
          disabled={disabled}
          data-testid={testId}
        />
      );
    }
    if (target.type === 'single_choice' || target.type === 'multiple_choice') {
      const options = (target.options ?? []).map((o) => ({ value: o.value, label: o.label }));
      return rule.op === 'in' ? (
        <Select
          mode="multiple"
          style={{ minWidth: 180, flex: 1 }}
          value={Array.isArray(rule.value) ? rule.value : []}
          onChange={(v: string[]) => setRule(i, { ...rule, value: v })}
          options={options}
          placeholder={t('field.pickValue')}
          disabled={disabled}
          data-testid={testId}
        />
      ) : (
        <Select style={{ minWidth: 140, flex: 1 }} value={rule.value === '' ? undefined : String(rule.value ?? '')} onChange={(v: string) => setRule(i, { ...rule, value: v })} options={options} placeholder={t('field.pickValue')} disabled={disabled} data-testid={testId} />
      );
    }
    if (NUMERIC.has(target.type)) {
      return <InputNumber style={{ width: 120 }} value={typeof rule.value === 'number' ? rule.value : Number(rule.value) || 0} onChange={(v) => setRule(i, { ...rule, value: v ?? 0 })} disabled={disabled} data-testid={testId} />;
    }
    return <Input style={{ width: 160 }} value={String(rule.value ?? '')} placeholder={target.type === 'date' ? '2026-11-29' : target.type === 'time' ? '08:30' : t('field.value')} onChange={(e) => setRule(i, { ...rule, value: e.target.value })} disabled={disabled} data-testid={testId} />;
  };

  return (
    <div data-testid="showif-editor">
      {parsed.rules.length === 0 && <Typography.Text type="secondary">{t('field.showIfNone')}</Typography.Text>}
      {parsed.rules.length > 1 && (
        <Radio.Group
          size="small"
          style={{ display: 'block', marginBottom: 8 }}
          value={parsed.combiner}
          onChange={(e) => update({ ...parsed, combiner: e.target.value as 'all' | 'any' })}
          disabled={disabled}
          options={[
            { value: 'all', label: t('field.showIfAll') },
            { value: 'any', label: t('field.showIfAny') },
          ]}
          data-testid="showif-combiner"
        />
      )}
      {parsed.rules.map((rule, i) => {
        const target = byName.get(rule.field);
        const ops = target ? conditionOpsFor(target.type) : [rule.op];
        return (
          <Space key={i} wrap style={{ display: 'flex', marginBottom: 8 }} data-testid="showif-rule">
            <Select
              style={{ width: 220 }}
              value={target ? rule.field : undefined}
              placeholder={t('field.pickQuestion')}
              status={target ? undefined : 'error'}
              onChange={(name: string) => {
                const f = byName.get(name);
                if (f) setRule(i, ruleFor(f));
              }}
              options={candidates.map((f) => ({ value: f.name, label: f.label || f.name }))}
              popupMatchSelectWidth={false}
              disabled={disabled}
              data-testid={`showif-field-${i}`}
            />
            <Select style={{ width: 110 }} value={rule.op} onChange={(op: ConditionOp) => setRule(i, withOp(rule, op, target))} options={ops.map((op) => ({ value: op, label: t(`op.${op}`) }))} disabled={disabled} data-testid={`showif-op-${i}`} />
            {valueInput(rule, i)}
            <Button icon={<DeleteOutlined />} danger disabled={disabled} onClick={() => update({ ...parsed, rules: parsed.rules.filter((_, j) => j !== i) })} aria-label={t('designer.delete')} data-testid={`showif-delete-${i}`} />
          </Space>
        );
      })}
      {error && (
        <div>
          <Typography.Text type="danger" data-testid="showif-error">
            {error}
          </Typography.Text>
        </div>
      )}
      <div style={{ marginTop: 4 }}>
        {candidates.length === 0 ? (
          <Typography.Text type="secondary">{t('field.showIfNoEarlier')}</Typography.Text>
        ) : (
          <Button size="small" icon={<PlusOutlined />} disabled={disabled} onClick={() => update({ ...parsed, rules: [...parsed.rules, ruleFor(candidates[candidates.length - 1])] })} data-testid="showif-add">
            {t('field.showIfAdd')}
          </Button>
        )}
      </div>
    </div>
  );
}
