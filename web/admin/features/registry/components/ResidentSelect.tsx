import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TResident } from '../../../../../common/registry';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { useResidentSearch } from '../hooks/useResidentSearch';
import { useRegistryLabels } from '../hooks/useRegistryLabels';

/** Picks a resident by name, pinyin initials or last 4 digits (GET /api/residents?q=). */
export function ResidentSelect({
  value,
  onChange,
  exclude,
  placeholder,
  id,
  'data-testid': testId,
}: {
  value?: number | null;
  onChange?: (id: number | undefined, resident?: TResident) => void;
  exclude?: number;
  placeholder?: string;
  id?: string;
  'data-testid'?: string;
}) {
  const { t } = useTranslation('admin');
  const labels = useRegistryLabels();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim(), 250);
  const found = useResidentSearch(term);
  const [picked, setPicked] = useState<TResident | null>(null);

  const options = useMemo(() => {
    const list = term ? (found.data?.items ?? []).filter((r) => r.id !== exclude) : [];
    const opts = list.map((r) => ({ value: r.id, label: `${r.name} · ${r.idNumber}`, resident: r }));
    if (value != null && !opts.some((o) => o.value === value)) {
      opts.unshift({ value, label: picked?.id === value ? `${picked.name} · ${picked.idNumber}` : `#${value}`, resident: picked as TResident });
    }
    return opts;
  }, [term, found.data, exclude, value, picked]);

  return (
    <Select<number>
      id={id}
      value={value ?? undefined}
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? t('common.loading') : t('common.noData')}
      options={options}
      optionRender={(option) => {
        const r = (option.data as { resident?: TResident }).resident;
        if (!r) return option.label;
        return (
          <div className="registry-option">
            <div>
              <strong>{r.name}</strong> {labels.gender(r.gender)} {t('registry.ageValue', { age: r.age })} <span className="registry-number">{r.idNumber}</span>
            </div>
            <div className="registry-muted">{r.address}</div>
          </div>
        );
      }}
      onChange={(next, option) => {
        const resident = Array.isArray(option) ? undefined : (option as { resident?: TResident } | undefined)?.resident;
        if (resident) setPicked(resident);
        setSearch('');
        onChange?.(next ?? undefined, resident);
      }}
      allowClear
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
