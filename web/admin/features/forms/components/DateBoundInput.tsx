import { DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

/** A date limit of a date question: none, `today` (the day the resident answers), or a fixed day. */
export function DateBoundInput({ value, onChange, disabled, 'data-testid': testId }: { value?: string; onChange: (next: string | undefined) => void; disabled?: boolean; 'data-testid'?: string }) {
  const { t } = useTranslation('forms');
  const kind = value === undefined ? 'none' : value === 'today' ? 'today' : 'fixed';
  return (
    <Space.Compact style={{ width: '100%' }} data-testid={testId}>
      <Select
        style={{ width: 110 }}
        value={kind}
        disabled={disabled}
        onChange={(k) => onChange(k === 'none' ? undefined : k === 'today' ? 'today' : dayjs().format('YYYY-MM-DD'))}
        options={[
          { value: 'none', label: t('field.dateNone') },
          { value: 'today', label: t('field.dateToday') },
          { value: 'fixed', label: t('field.dateFixed') },
        ]}
      />
      {kind === 'fixed' && <DatePicker style={{ flex: 1 }} disabled={disabled} allowClear={false} value={dayjs(value)} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} />}
    </Space.Compact>
  );
}
