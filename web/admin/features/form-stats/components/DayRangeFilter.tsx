import { Button, DatePicker, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { DAY_FORMAT, lastDays, today, type DayRange } from '../utils/dayRange';

/**
 * A day range with quick buttons (today, last 7 and 30 days, and — when `onAll` is given — the
 * whole period, which leaves the range to the server).
 */
export function DayRangeFilter({ value, onChange, onAll, allActive }: { value: DayRange | undefined; onChange: (range: DayRange) => void; onAll?: () => void; allActive?: boolean }) {
  const { t } = useTranslation('formStats');
  const is = (range: DayRange) => !allActive && value?.from === range.from && value?.to === range.to;
  const quick = [
    { key: 'today', label: t('range.today'), range: { from: today(), to: today() } },
    { key: 'last7', label: t('range.last7'), range: lastDays(7) },
    { key: 'last30', label: t('range.last30'), range: lastDays(30) },
  ];
  return (
    <Space wrap size={8} data-testid="day-range">
      <DatePicker.RangePicker
        value={value ? [dayjs(value.from), dayjs(value.to)] : null}
        allowClear={false}
        format={DAY_FORMAT}
        aria-label={t('range.label')}
        onChange={(dates) => {
          if (dates?.[0] && dates[1]) onChange({ from: dates[0].format(DAY_FORMAT), to: dates[1].format(DAY_FORMAT) });
        }}
        data-testid="day-range-picker"
      />
      <Space.Compact>
        {quick.map((q) => (
          <Button key={q.key} type={is(q.range) ? 'primary' : 'default'} onClick={() => onChange(q.range)} data-testid={`range-${q.key}`}>
            {q.label}
          </Button>
        ))}
        {onAll && (
          <Button type={allActive ? 'primary' : 'default'} onClick={onAll} data-testid="range-all">
            {t('range.all')}
          </Button>
        )}
      </Space.Compact>
    </Space>
  );
}
