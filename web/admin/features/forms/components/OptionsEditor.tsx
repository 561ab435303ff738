import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChoiceOption } from '../../../../../common/form-definition';

/** The next numeric value no option uses yet ("1", "2", …): values stay stable when labels change. */
function nextValue(options: ChoiceOption[]): string {
  const used = new Set(options.map((o) => o.value));
  let n = options.length + 1;
  while (used.has(String(n))) n++;
  return String(n);
}

/**
 * The options of a choice question: text and value per line, add, remove, reorder, or paste many at once.
 * Values are what exports and statistics keep, so they are numbered once and survive relabelling.
 */
export function OptionsEditor({ options, onChange, error, disabled }: { options: ChoiceOption[]; onChange: (next: ChoiceOption[]) => void; error?: string; disabled?: boolean }) {
  const { t } = useTranslation('forms');
  const [bulk, setBulk] = useState<string | null>(null);
  const set = (i: number, patch: Partial<ChoiceOption>) => onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const move = (i: number, by: number) => {
    const next = [...options];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    onChange(next);
  };
  const add = () => {
    const value = nextValue(options);
    onChange([...options, { value, label: t('field.optionDefault', { n: options.length + 1 }) }]);
  };
  const applyBulk = () => {
    if (bulk === null) return;
    const labels = bulk
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const next: ChoiceOption[] = [];
    for (const label of labels) {
      const kept = options.find((o) => o.label === label && !next.some((n) => n.value === o.value));
      next.push(kept ?? { value: nextValue([...options, ...next]), label });
    }
    onChange(next);
    setBulk(null);
  };

  return (
    <div data-testid="options-editor">
      {options.map((o, i) => (
        <Space.Compact key={i} style={{ width: '100%', marginBottom: 6 }} data-testid="option-row">
          <Input value={o.label} placeholder={t('field.optionLabel')} onChange={(e) => set(i, { label: e.target.value })} maxLength={200} data-testid={`option-label-${i}`} disabled={disabled} />
          <Input value={o.value} style={{ width: 90 }} placeholder={t('field.optionValue')} title={t('field.optionValue')} onChange={(e) => set(i, { value: e.target.value.trim() })} maxLength={64} data-testid={`option-value-${i}`} disabled={disabled} />
          <Button icon={<ArrowUpOutlined />} disabled={disabled || i === 0} onClick={() => move(i, -1)} aria-label={t('designer.moveUp')} />
          <Button icon={<ArrowDownOutlined />} disabled={disabled || i === options.length - 1} onClick={() => move(i, 1)} aria-label={t('designer.moveDown')} />
          <Button icon={<DeleteOutlined />} danger disabled={disabled} onClick={() => onChange(options.filter((_, j) => j !== i))} aria-label={t('designer.delete')} data-testid={`option-delete-${i}`} />
        </Space.Compact>
      ))}
      {error && (
        <Typography.Text type="danger" data-testid="options-error">
          {error}
        </Typography.Text>
      )}
      <Space style={{ display: 'flex', marginTop: 4 }}>
        <Button size="small" icon={<PlusOutlined />} onClick={add} disabled={disabled} data-testid="option-add">
          {t('field.addOption')}
        </Button>
        <Button size="small" onClick={() => setBulk(options.map((o) => o.label).join('\n'))} disabled={disabled}>
          {t('field.bulkOptions')}
        </Button>
      </Space>
      <Modal open={bulk !== null} title={t('field.bulkOptions')} onCancel={() => setBulk(null)} onOk={applyBulk} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('field.bulkOptionsHint')}</Typography.Paragraph>
        <Input.TextArea value={bulk ?? ''} onChange={(e) => setBulk(e.target.value)} autoSize={{ minRows: 6, maxRows: 16 }} data-testid="options-bulk" />
      </Modal>
    </div>
  );
}
