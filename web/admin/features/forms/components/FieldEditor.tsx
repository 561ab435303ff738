import { ThunderboltOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TEMPERATURE_RANGE } from '../../../../../common/form-answers';
import { FIELD_TYPES, type FieldType, type FormField } from '../../../../../common/form-definition';
import type { DraftField } from '../utils/designerState';
import { errorFor } from '../utils/serverErrors';
import { DateBoundInput } from './DateBoundInput';
import { OptionsEditor } from './OptionsEditor';
import { ShowIfEditor } from './ShowIfEditor';

const PATTERN_PRESETS = [
  { key: 'presetDigits6', pattern: '[0-9]{6}', message: '请填写 6 位数字' },
  { key: 'presetPlate', pattern: '[\\u4e00-\\u9fa5][A-Z][A-Z0-9]{5,6}', message: '请填写正确的车牌号，例如 鲁A12345' },
  { key: 'presetChinese', pattern: '[\\u4e00-\\u9fa5·]+', message: '请填写中文' },
] as const;

/** What a field keeps when its type changes: only the settings the new type understands. */
function retype(field: FormField, type: FieldType): FormField {
  const next: FormField = { name: field.name, type, label: field.label, help: field.help, required: type === 'section' ? undefined : field.required, showIf: field.showIf };
  const choice = (t: FieldType) => t === 'single_choice' || t === 'multiple_choice';
  if (choice(type)) next.options = field.options ?? [];
  if (choice(type) && choice(field.type)) return { ...next, min: type === 'multiple_choice' ? field.min : undefined, max: type === 'multiple_choice' ? field.max : undefined };
  if (type === field.type) return field;
  return next;
}

interface Props {
  draft: DraftField;
  index: number;
  /** The questions before this one: what a show-if may refer to. */
  earlier: FormField[];
  /** Problems of this question from the server, keyed like `options`, `name`, `showIf`. */
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (patch: Partial<FormField>) => void;
  onReplace: (field: FormField) => void;
  onNameTyped: (name: string) => void;
  onSuggestName: () => void;
}

/** Everything about one question: text, name, help, required, limits by type, options, pattern, show-if. */
export function FieldEditor({ draft, index, earlier, errors, disabled, onChange, onReplace, onNameTyped, onSuggestName }: Props) {
  const { t } = useTranslation('forms');
  const f = draft.field;
  const item = (key: string) => {
    const message = errorFor(errors, key);
    return message ? { validateStatus: 'error' as const, help: <span data-testid={`field-error-${key}`}>{message}</span> } : {};
  };
  const num = (v: number | null) => (v === null ? undefined : v);
  const isSection = f.type === 'section';

  const bounds = (minLabel: string, maxLabel: string, opts: { precision?: number; min?: number; extra?: string } = {}) => (
    <Row gutter={12}>
      <Col span={12}>
        <Form.Item label={minLabel} {...item('min')} extra={opts.extra}>
          <InputNumber style={{ width: '100%' }} value={f.min} min={opts.min} precision={opts.precision} onChange={(v) => onChange({ min: num(v) })} data-testid="field-min" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item label={maxLabel} {...item('max')}>
          <InputNumber style={{ width: '100%' }} value={f.max} min={opts.min} precision={opts.precision} onChange={(v) => onChange({ max: num(v) })} data-testid="field-max" />
        </Form.Item>
      </Col>
    </Row>
  );

  const pattern = (
    <>
      <Form.Item label={t('field.pattern')} {...item('pattern')}>
        <Space.Compact style={{ width: '100%' }}>
          <Input value={f.pattern} placeholder={t('field.patternPlaceholder')} onChange={(e) => onChange({ pattern: e.target.value || undefined })} maxLength={500} style={{ fontFamily: 'monospace' }} data-testid="field-pattern" />
          <Select<string>
            style={{ width: 130 }}
            placeholder={t('field.patternPreset')}
            value={null as unknown as string}
            onChange={(key) => {
              const preset = PATTERN_PRESETS.find((p) => p.key === key);
              if (preset) onChange({ pattern: preset.pattern, patternMessage: preset.message });
            }}
            options={PATTERN_PRESETS.map((p) => ({ value: p.key, label: t(`field.${p.key}`) }))}
          />
        </Space.Compact>
      </Form.Item>
      {f.pattern && (
        <Form.Item label={t('field.patternMessage')} {...item('patternMessage')}>
          <Input value={f.patternMessage} placeholder={t('field.patternMessagePlaceholder')} onChange={(e) => onChange({ patternMessage: e.target.value || undefined })} maxLength={200} data-testid="field-pattern-message" />
        </Form.Item>
      )}
    </>
  );

  let specific: React.ReactNode = null;
  switch (f.type) {
    case 'text':
      specific = (
        <>
          {bounds(t('field.minLength'), t('field.maxLength'), { precision: 0, min: 0 })}
          {pattern}
        </>
      );
      break;
    case 'phone':
      specific = pattern;
      break;
    case 'number':
      specific = bounds(t('field.min'), t('field.max'));
      break;
    case 'temperature':
      specific = bounds(t('field.minTemperature'), t('field.maxTemperature'), { precision: 1, extra: t('field.temperatureHint', { min: TEMPERATURE_RANGE.min, max: TEMPERATURE_RANGE.max }) });
      break;
    case 'itinerary':
      specific = bounds(t('field.minStops'), t('field.maxStops'), { precision: 0, min: 0 });
      break;
    case 'single_choice':
    case 'multiple_choice':
      specific = (
        <>
          <Form.Item label={t('field.options')} required {...(errorFor(errors, 'options') ? { validateStatus: 'error' as const } : {})}>
            <OptionsEditor options={f.options ?? []} onChange={(options) => onChange({ options })} error={errorFor(errors, 'options')} disabled={disabled} />
          </Form.Item>
          {f.type === 'multiple_choice' && bounds(t('field.minPick'), t('field.maxPick'), { precision: 0, min: 0 })}
        </>
      );
      break;
    case 'date':
      specific = (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('field.minDate')} {...item('minDate')}>
              <DateBoundInput value={f.minDate} onChange={(minDate) => onChange({ minDate })} disabled={disabled} data-testid="field-min-date" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('field.maxDate')} {...item('maxDate')}>
              <DateBoundInput value={f.maxDate} onChange={(maxDate) => onChange({ maxDate })} disabled={disabled} data-testid="field-max-date" />
            </Form.Item>
          </Col>
        </Row>
      );
      break;
    default:
      specific = null;
  }

  return (
    <Form layout="vertical" disabled={disabled} data-testid="field-editor" data-index={index} data-name={f.name} component="div">
      <Row gutter={12}>
        <Col xs={24} md={14}>
          <Form.Item label={isSection ? t('field.sectionLabel') : t('field.label')} required {...item('label')}>
            <Input.TextArea value={f.label} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} onChange={(e) => onChange({ label: e.target.value })} data-testid="field-label" />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item label={t('field.type')} style={{ marginBottom: 0 }}>
            <Select value={f.type} onChange={(type: FieldType) => onReplace(retype(f, type))} options={FIELD_TYPES.map((type) => ({ value: type, label: t(`fieldType.${type}`) }))} data-testid="field-type" />
          </Form.Item>
          {!isSection && (
            <Form.Item label={t('field.required')} style={{ marginTop: 8 }}>
              <Switch checked={!!f.required} onChange={(required) => onChange({ required })} data-testid="field-required" />
            </Form.Item>
          )}
        </Col>
      </Row>
      {!isSection && (
        <Form.Item label={t('field.name')} extra={t('field.nameHint')} {...item('name')}>
          <Space.Compact style={{ width: '100%' }}>
            <Input value={f.name} maxLength={64} onChange={(e) => onNameTyped(e.target.value.trim())} style={{ fontFamily: 'monospace' }} data-testid="field-name" />
            <Button icon={<ThunderboltOutlined />} onClick={onSuggestName} title={t('field.suggestName')}>
              {t('field.suggestName')}
            </Button>
          </Space.Compact>
        </Form.Item>
      )}
      <Form.Item label={t('field.help')} {...item('help')}>
        <Input.TextArea value={f.help} placeholder={t('field.helpPlaceholder')} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} onChange={(e) => onChange({ help: e.target.value || undefined })} data-testid="field-help" />
      </Form.Item>
      {specific}
      {/* The first question has nothing before it to depend on, but a condition moved there must still show (and its error). */}
      {(index > 0 || f.showIf !== undefined) && (
        <>
          <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
            {t('field.showIf')}
          </Divider>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('field.showIfHint')}
          </Typography.Paragraph>
          <ShowIfEditor value={f.showIf} earlier={earlier} onChange={(showIf) => onChange({ showIf })} error={errorFor(errors, 'showIf')} disabled={disabled} />
        </>
      )}
      {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
    </Form>
  );
}
