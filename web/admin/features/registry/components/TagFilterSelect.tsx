import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResidentTags } from '../hooks/useResidentTags';

/** One tag to filter by: a usual one, or whatever was typed (a deployment may have its own tags). */
export function TagFilterSelect({ value, onChange, className }: { value?: string; onChange: (tag: string | undefined) => void; className?: string }) {
  const { t } = useTranslation('admin');
  const [search, setSearch] = useState('');
  const offered = useResidentTags();
  const options = useMemo(() => {
    const tags = [...offered];
    const typed = search.trim();
    if (typed && !tags.includes(typed)) tags.unshift(typed);
    if (value && !tags.includes(value)) tags.unshift(value);
    return tags.map((tag) => ({ value: tag, label: tag }));
  }, [offered, search, value]);
  return (
    <Select<string>
      className={className}
      value={value}
      onChange={(tag) => {
        setSearch('');
        onChange(tag || undefined);
      }}
      showSearch={{ onSearch: setSearch, searchValue: search }}
      options={options}
      allowClear
      placeholder={t('registry.residents.tagFilter')}
      popupMatchSelectWidth={false}
      data-testid="residents-tag"
    />
  );
}
