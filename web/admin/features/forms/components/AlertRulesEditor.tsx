import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertOp, AlertRule, FormField } from '../../../../../common/form-definition';
import { NUMERIC, WATCHABLE, alertOpsFor } from '../utils/fieldOperators';

/** A rule on a question, with a value that fits: 37.3 for a temperature, yes for a yes/no, the first option. */
function ruleFor(field: FormField, name: string): AlertRule {
  const op = alertOpsFor(field.type)[0];
  if (field.type === 'temperature') return { name, field: field.name, op, value: 37.3 };
  if (NUMERIC.has(field.type)) return { name, field: field.name, op, value: 0 };
  if (field.type === 'yes_no') return { name, field: field.name, op, value: 'yes' };
  if (field.type === 'itinerary') return { name, field: field.name, op, value: [] };
  if (field.type === 'single_choice' || field.type === 'multiple_choice') return { name, field: field.name, op, value: field.options?.[0]?.value ?? '' };
  return { name, field: field.name, op, value: '' };
}

/**
 * 预警规则: name, question, an operator fitting its type and a value; for an itinerary, the list of risky
 * places a stop must not pass through. A matching submission raises an alert for the grid worker.
 */
export function AlertRulesEditor({ rules, fields, errors, onChange, disabled }: { rules: AlertRule[]; fields: FormField[]; errors: Record<string, string>; onChange: (next: AlertRule[]) => void; disabled?: boolean }) {
  const { t } = useTranslation('forms');
  const candidates = fields.filter((f) => WATCHABLE(f.type));
  const byName = new Map(candidates.map((f) => [f.name, f]));
  const set = (i: number, rule: AlertRule) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  const errorAt = (i: number) => Object.entries(errors).filter(([path]) => path === `alertRules.${i}` || path.startsWith(`alertRules.${i}.`));
  const temperature = candidates.find((f) => f.type === 'temperature');

  const valueInput = (rule: AlertRule, i: number) => {
    const target = byName.get(rule.field);
    const testId = `alert-value-${i}`;
    if (!target) return null;
    if (rule.op === 'itinerary_through') {
      return (
        <Select
          mode="tags"
          style={{ minWidth: 260, flex: 1 }}
          value={Array.isArray(rule.value) ? rule.value : []}
          onChange={(v: string[]) => set(i, { ...rule, value: v.map((s) => s.trim()).filter(Boolean) })}
          tokenSeparators={[',', '，', '、', '\n']}
          placeholder={t('alerts.placesPlaceholder')}
          open={false}
          suffixIcon={null}
          disabled={disabled}
          data-testid={testId}
        />
      );
    }
    if (NUMERIC.has(target.type)) {
      return <InputNumber style={{ width: 110 }} value={typeof rule.value === 'number' ? rule.value : Number(rule.value) || 0} step={target.type === 'temperature' ? 0.1 : 1} onChange={(v) => set(i, { ...rule, value: v ?? 0 })} disabled={disabled} data-testid={testId} />;
    }
    if (target.type === 'yes_no') {
      return (
        <Select
          style={{ width: 90 }}
          value={String(rule.value)}
          onChange={(v: string) => set(i, { ...rule, value: v })}
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
      return <Select style={{ minWidth: 140 }} value={String(rule.value)} onChange={(v: string) => set(i, { ...rule, value: v })} options={(target.options ?? []).map((o) => ({ value: o.value, label: o.label }))} disabled={disabled} data-testid={testId} />;
    }
    return <Input style={{ width: 160 }} value={String(rule.value ?? '')} onChange={(e) => set(i, { ...rule, value: e.target.value })} disabled={disabled} data-testid={testId} />;
  };

  return (
    <div data-testid="alert-rules">
      <Typography.Paragraph type="secondary">{t('alerts.hint')}</Typography.Paragraph>
      {rules.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.none')} />}
      {rules.map((rule, i) => {
        const target = byName.get(rule.field);
        const ops: AlertOp[] = target ? alertOpsFor(target.type) : [rule.op];
        const problems = errorAt(i);
        return (
          <div key={i} style={{ marginBottom: 10 }} data-testid="alert-rule">
            <Space wrap style={{ display: 'flex' }}>
              <Input style={{ width: 150 }} value={rule.name} maxLength={100} placeholder={t('alerts.namePlaceholder')} onChange={(e) => set(i, { ...rule, name: e.target.value })} disabled={disabled} data-testid={`alert-name-${i}`} />
              <Select
                style={{ width: 200 }}
                value={target ? rule.field : undefined}
                status={target ? undefined : 'error'}
                placeholder={t('alerts.question')}
                popupMatchSelectWidth={false}
                onChange={(name: string) => {
                  const f = byName.get(name);
                  if (f) set(i, ruleFor(f, rule.name.trim() ? rule.name : f.label.slice(0, 100)));
                }}
                options={candidates.map((f) => ({ value: f.name, label: f.label || f.name }))}
                disabled={disabled}
                data-testid={`alert-field-${i}`}
              />
              <Select style={{ width: 110 }} value={rule.op} onChange={(op: AlertOp) => set(i, { ...rule, op, value: op === 'itinerary_through' ? [] : Array.isArray(rule.value) ? '' : rule.value })} options={ops.map((op) => ({ value: op, label: t(`op.${op}`) }))} disabled={disabled} data-testid={`alert-op-${i}`} />
              {valueInput(rule, i)}
              <Button icon={<DeleteOutlined />} danger onClick={() => onChange(rules.filter((_, j) => j !== i))} disabled={disabled} aria-label={t('alerts.delete')} data-testid={`alert-delete-${i}`} />
            </Space>
            {problems.map(([path, message]) => (
              <div key={path}>
                <Typography.Text type="danger">{message}</Typography.Text>
              </div>
            ))}
          </div>
        );
      })}
      <Space wrap>
        <Button size="small" icon={<PlusOutlined />} disabled={disabled || candidates.length === 0} onClick={() => onChange([...rules, ruleFor(candidates[0], candidates[0].label.slice(0, 100))])} data-testid="alert-add">
          {t('alerts.add')}
        </Button>
        {temperature && !rules.some((r) => r.field === temperature.name) && (
          <Button size="small" disabled={disabled} onClick={() => onChange([...rules, { name: t('alerts.temperatureName'), field: temperature.name, op: 'gte', value: 37.3 }])}>
            {t('alerts.temperaturePreset')}
          </Button>
        )}
      </Space>
    </div>
  );
}
