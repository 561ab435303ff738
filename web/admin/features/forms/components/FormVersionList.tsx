import { Empty, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFormDetail } from '../../../../../common/forms';
import { formatDateTime } from '../../../../lib/formatDateTime';

/** The published versions, newest first: when and by whom. */
export function FormVersionList({ versions }: { versions: TFormDetail['versions'] }) {
  const { t, i18n } = useTranslation('forms');
  if (versions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.noVersions')} />;
  return (
    <Timeline
      data-testid="form-versions"
      items={[...versions]
        .sort((a, b) => b.version - a.version)
        .map((v) => ({
          key: v.version,
          content: (
            <span data-testid="form-version">
              <strong>{t('designer.versionItem', { version: v.version })}</strong> · {formatDateTime(v.publishedAt, i18n.language)}
              {v.publishedBy ? ` · ${t('designer.publishedBy', { name: v.publishedBy })}` : ''}
            </span>
          ),
        }))}
    />
  );
}
