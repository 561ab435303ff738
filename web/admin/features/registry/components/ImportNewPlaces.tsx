import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The buildings or units an import will create, as tags (scrolling when a big file creates many). */
export function ImportNewPlaces({ title, names, testId }: { title: string; names: readonly string[]; testId: string }) {
  const { t } = useTranslation('admin');
  return (
    <div data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      <div className="registry-tags registry-import-new__list">
        {names.length === 0 ? (
          <Typography.Text type="secondary">{t('registry.import.noneNew')}</Typography.Text>
        ) : (
          names.map((name) => (
            <Tag key={name} color="cyan">
              {name}
            </Tag>
          ))
        )}
      </div>
    </div>
  );
}
