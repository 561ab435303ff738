import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { THousehold } from '../../../../../common/registry';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { useHousehold } from '../hooks/useHousehold';
import { useHouseholds } from '../hooks/useHouseholds';

function householdLabel(h: THousehold): string {
  return [h.address, h.headName, h.gridName].filter(Boolean).join(' · ');
}

/** Picks a household by typing part of its address (GET /api/households?q=). */
export function HouseholdSelect({
  value,
  onChange,
  exclude,
  placeholder,
  id,
  'data-testid': testId,
}: {
  value?: number | null;
  onChange?: (id: number | undefined, household?: THousehold) => void;
  /** A household not to offer (the one the resident already lives in). */
  exclude?: number;
  placeholder?: string;
  id?: string;
  'data-testid'?: string;
}) {
  const { t } = useTranslation('admin');
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim(), 250);
  const households = useHouseholds({ q: term, page: 1, pageSize: 20 });
  const [picked, setPicked] = useState<THousehold | null>(null);
  // A household chosen before the picker opened (the list was filtered to it): ask for its address.
  const preset = useHousehold(value != null && picked?.id !== value ? value : null);

  const options = useMemo(() => {
    const list = (households.data?.items ?? []).filter((h) => h.id !== exclude);
    const opts = list.map((h) => ({
      value: h.id,
      label: householdLabel(h),
      household: h,
      title: householdLabel(h),
    }));
    if (value != null && !opts.some((o) => o.value === value)) {
      const known = picked?.id === value ? picked : preset.data?.id === value ? preset.data : undefined;
      opts.unshift({ value, label: known ? householdLabel(known) : `#${value}`, household: known as THousehold, title: '' });
    }
    return opts;
  }, [households.data, exclude, value, picked, preset.data]);

  return (
    <Select<number>
      id={id}
      value={value ?? undefined}
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      loading={households.isFetching}
      notFoundContent={households.isFetching ? t('common.loading') : t('common.noData')}
      options={options}
      optionRender={(option) => {
        const h = (option.data as { household?: THousehold }).household;
        if (!h) return option.label;
        return (
          <div className="registry-option">
            <div>{h.address}</div>
            <div className="registry-muted">
              {[h.headName, t('registry.households.memberCount', { count: h.memberCount }), h.gridName].filter(Boolean).join(' · ')}
            </div>
          </div>
        );
      }}
      onChange={(next, option) => {
        const household = Array.isArray(option) ? undefined : (option as { household?: THousehold } | undefined)?.household;
        if (household) setPicked(household);
        setSearch('');
        onChange?.(next ?? undefined, household);
      }}
      allowClear
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
