import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useResidentTags } from '../hooks/useResidentTags';

/** Several tags: the deployment's ones to pick, or any other typed in (Enter or comma ends one). */
export function TagsInput({ value, onChange, id, 'data-testid': testId }: { value?: string[]; onChange?: (tags: string[]) => void; id?: string; 'data-testid'?: string }) {
  const { t } = useTranslation('admin');
  const offered = useResidentTags();
  return (
    <Select<string[]>
      id={id}
      mode="tags"
      value={value}
      onChange={(tags) => onChange?.(tags.map((tag) => tag.trim()).filter(Boolean))}
      tokenSeparators={[',', '，', '、']}
      options={offered.map((tag) => ({ value: tag, label: tag }))}
      placeholder={t('registry.tagPlaceholder')}
      maxCount={20}
      data-testid={testId}
    />
  );
}
