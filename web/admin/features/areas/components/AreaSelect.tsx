import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TArea } from '../../../../../common/areas';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { useAreaRoots } from '../hooks/useAreaRoots';
import { useAreaSearch } from '../hooks/useAreaSearch';

export interface AreaSelectProps {
  value?: number | null;
  onChange?: (id: number | undefined, area?: TArea) => void;
  /** Label for a value that is not among the loaded options (e.g. a default from the user's assignments). */
  valueLabel?: string;
  /** Leave some areas out (a move may not pick the area itself or anything below it). */
  exclude?: (area: TArea) => boolean;
  placeholder?: string;
  allowClear?: boolean;
  className?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
  id?: string;
}

/** Picks an area by typing part of its name or code (GET /api/areas?q=); shows the scope roots before typing. */
export function AreaSelect({ value, onChange, valueLabel, exclude, placeholder, allowClear = true, className, style, id, ...rest }: AreaSelectProps) {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search, 250);
  const roots = useAreaRoots();
  const found = useAreaSearch(term);
  const [picked, setPicked] = useState<TArea | null>(null);

  const areas = useMemo(() => {
    const list = term.trim() ? (found.data?.items ?? []) : (roots.data?.items ?? []);
    return exclude ? list.filter((a) => !exclude(a)) : list;
  }, [term, found.data, roots.data, exclude]);

  const options = useMemo(() => {
    const opts = areas.map((a) => ({ value: a.id, label: `${a.name}（${labels.level(a.level)} · ${a.code}）`, area: a }));
    if (value != null && !opts.some((o) => o.value === value)) {
      const known = picked?.id === value ? picked : undefined;
      opts.unshift({
        value,
        label: known ? `${known.name}（${labels.level(known.level)} · ${known.code}）` : (valueLabel ?? `#${value}`),
        area: known as TArea,
      });
    }
    return opts;
  }, [areas, value, valueLabel, picked, labels]);

  return (
    <Select<number>
      id={id}
      className={className}
      style={style}
      value={value ?? undefined}
      placeholder={placeholder ?? t('common.areaPlaceholder')}
      allowClear={allowClear}
      loading={found.isFetching || roots.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      notFoundContent={found.isFetching ? t('common.loading') : t('common.noData')}
      options={options}
      onChange={(next, option) => {
        const area = (Array.isArray(option) ? undefined : (option as { area?: TArea } | undefined)?.area) ?? undefined;
        if (area) setPicked(area);
        setSearch('');
        onChange?.(next ?? undefined, area);
      }}
      data-testid={rest['data-testid']}
      popupMatchSelectWidth={false}
    />
  );
}
