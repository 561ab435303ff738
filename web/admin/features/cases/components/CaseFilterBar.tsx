import { SearchOutlined } from '@ant-design/icons';
import { Checkbox, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, CASE_TYPES, type CaseStatus, type CaseType } from '../../../../../common/case-workflow';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useCaseCategories } from '../hooks/useCaseCategories';

export interface CaseFilters {
  area?: number;
  status?: CaseStatus;
  category?: number;
  type?: CaseType;
  overdue?: boolean;
  q: string;
}

/** Area, status, category, type, overdue and a search box over the case list. */
export function CaseFilterBar({ value, onChange }: { value: CaseFilters; onChange: (changes: Partial<CaseFilters>) => void }) {
  const { t } = useTranslation('cases');
  const categories = useCaseCategories();
  return (
    <div className="registry-filters" data-testid="case-filters">
      <Input allowClear className="registry-filters__search" prefix={<SearchOutlined />} placeholder={t('list.search')} value={value.q} onChange={(e) => onChange({ q: e.target.value })} data-testid="case-search" />
      <AreaTreeSelect className="registry-filters__area" value={value.area} onChange={(id) => onChange({ area: id })} placeholder={t('list.areaAll')} data-testid="case-filter-area" />
      <Select<CaseStatus>
        allowClear
        style={{ width: 130 }}
        value={value.status}
        placeholder={t('list.statusAll')}
        onChange={(v) => onChange({ status: v })}
        options={CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        data-testid="case-filter-status"
      />
      <Select<number>
        allowClear
        style={{ width: 160 }}
        value={value.category}
        placeholder={t('list.categoryAll')}
        onChange={(v) => onChange({ category: v })}
        options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        showSearch={{ optionFilterProp: 'label' }}
        data-testid="case-filter-category"
      />
      <Select<CaseType>
        allowClear
        style={{ width: 130 }}
        value={value.type}
        placeholder={t('list.typeAll')}
        onChange={(v) => onChange({ type: v })}
        options={CASE_TYPES.map((s) => ({ value: s, label: t(`type.${s}`) }))}
        data-testid="case-filter-type"
      />
      <Checkbox checked={!!value.overdue} onChange={(e) => onChange({ overdue: e.target.checked })} data-testid="case-filter-overdue">
        {t('list.overdueOnly')}
      </Checkbox>
    </div>
  );
}
