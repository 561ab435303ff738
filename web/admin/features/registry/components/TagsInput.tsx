import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TAGS } from '../utils/registryOptions';

/** Several tags: the usual ones to pick, or any other typed in (Enter or comma ends one). */
export function TagsInput({ value, onChange, id, 'data-testid': testId }: { value?: string[]; onChange?: (tags: string[]) => void; id?: string; 'data-testid'?: string }) {
  const { t } = useTranslation('admin');
  return (
    <Select<string[]>
      id={id}
      mode="tags"
      value={value}
      onChange={(tags) => onChange?.(tags.map((tag) => tag.trim()).filter(Boolean))}
      tokenSeparators={[',', '，', '、']}
      options={DEFAULT_TAGS.map((tag) => ({ value: tag, label: tag }))}
      placeholder={t('registry.tagPlaceholder')}
      maxCount={20}
      data-testid={testId}
    />
  );
}
