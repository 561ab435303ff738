import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaSelect } from '../../areas/components/AreaSelect';
import { UserSelect } from '../../users/components/UserSelect';
import type { AuditFilters } from '../hooks/useAuditLog';

type RangeValue = Parameters<NonNullable<React.ComponentProps<typeof DatePicker.RangePicker>['onChange']>>[0];

/** Area, user, action and time range; applied with the Search button (or Enter in the action box). */
export function AuditFilterBar({ onApply }: { onApply: (filters: AuditFilters) => void }) {
  const { t } = useTranslation('admin');
  const [area, setArea] = useState<number | undefined>();
  const [user, setUser] = useState<number | undefined>();
  const [action, setAction] = useState('');
  const [range, setRange] = useState<RangeValue>(null);

  const apply = () =>
    onApply({
      area,
      user,
      action: action.trim() || undefined,
      from: range?.[0]?.toISOString(),
      to: range?.[1]?.toISOString(),
    });

  const reset = () => {
    setArea(undefined);
    setUser(undefined);
    setAction('');
    setRange(null);
    onApply({});
  };

  return (
    <div className="audit-filters" data-testid="audit-filters">
      <AreaSelect value={area} onChange={(id) => setArea(id)} placeholder={t('audit.area')} style={{ width: 240 }} data-testid="audit-area" />
      <UserSelect value={user} onChange={(id) => setUser(id)} placeholder={t('audit.user')} style={{ width: 200 }} data-testid="audit-user" />
      <Input
        value={action}
        onChange={(e) => setAction(e.target.value)}
        onPressEnter={apply}
        placeholder={t('audit.actionPlaceholder')}
        allowClear
        style={{ width: 200 }}
        data-testid="audit-action"
      />
      <DatePicker.RangePicker
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        value={range}
        onChange={setRange}
        style={{ width: 340 }}
        aria-label={t('audit.timeRange')}
        data-testid="audit-range"
      />
      <Button type="primary" icon={<SearchOutlined />} onClick={apply} data-testid="audit-apply">
        {t('common.search')}
      </Button>
      <Button onClick={reset}>{t('common.reset')}</Button>
    </div>
  );
}
