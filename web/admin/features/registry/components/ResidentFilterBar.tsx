import { SearchOutlined } from '@ant-design/icons';
import { Input, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidenceType, ResidentStatus } from '../../../../../common/registry';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useRegistryLabels } from '../hooks/useRegistryLabels';
import type { ResidentFilters } from '../hooks/useResidentFilters';
import { RESIDENCE_TYPE_OPTIONS, RESIDENT_STATUS_OPTIONS } from '../utils/registryOptions';
import { TagFilterSelect } from './TagFilterSelect';

/** Search-as-you-type box and the area, tag, type and status filters of the residents list. */
export function ResidentFilterBar({ filters, onChange }: { filters: ResidentFilters; onChange: (patch: Partial<ResidentFilters>) => void }) {
  const { t } = useTranslation('admin');
  const labels = useRegistryLabels();
  const [text, setText] = useState(filters.q ?? '');
  const settled = useDebouncedValue(text, 300);

  // The URL is the truth: a back button or a link may change q under the box. A change the box itself
  // wrote is not echoed back, or letters typed since would be lost.
  const written = useRef(filters.q);
  useEffect(() => {
    if (filters.q === written.current) return;
    written.current = filters.q;
    setText(filters.q ?? '');
  }, [filters.q]);
  useEffect(() => {
    const q = settled.trim() || undefined;
    if (q === filters.q) return;
    written.current = q;
    onChange({ q });
  }, [settled]); // only a settled edit of the box writes the URL, not a change of the URL itself

  return (
    <div className="registry-filters" data-testid="residents-filters">
      <Input
        className="registry-filters__search"
        prefix={<SearchOutlined />}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={() => {
          written.current = text.trim() || undefined;
          onChange({ q: written.current });
        }}
        placeholder={t('registry.residents.search')}
        aria-label={t('registry.residents.search')}
        title={t('registry.residents.search')}
        allowClear
        maxLength={64}
        data-testid="residents-search"
      />
      <AreaTreeSelect
        className="registry-filters__area"
        value={filters.area ?? null}
        onChange={(area) => onChange({ area })}
        placeholder={t('registry.areaAll')}
        data-testid="residents-area"
      />
      <TagFilterSelect className="registry-filters__select" value={filters.tag} onChange={(tag) => onChange({ tag })} />
      <Select<ResidenceType>
        className="registry-filters__select"
        value={filters.residenceType}
        onChange={(residenceType) => onChange({ residenceType })}
        allowClear
        placeholder={t('registry.residents.typeFilter')}
        options={RESIDENCE_TYPE_OPTIONS.map((type) => ({ value: type, label: labels.residenceType(type) }))}
        data-testid="residents-type"
      />
      <Select<ResidentStatus | 'all'>
        className="registry-filters__select"
        value={filters.status ?? 'present'}
        onChange={(status) => onChange({ status: status === 'present' ? undefined : status })}
        options={[...RESIDENT_STATUS_OPTIONS.map((status) => ({ value: status, label: labels.status(status) })), { value: 'all' as const, label: t('registry.status.all') }]}
        aria-label={t('registry.residents.statusFilter')}
        data-testid="residents-status"
      />
    </div>
  );
}
