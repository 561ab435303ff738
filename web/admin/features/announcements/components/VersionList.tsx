import { List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TAnnouncementDetail } from '../../../../../common/announcements';
import { formatDateTime } from '../../../../lib/formatDateTime';

/** Earlier versions kept when a published notice was edited; each shows its title and Markdown as text. */
export function VersionList({ versions }: { versions: TAnnouncementDetail['versions'] }) {
  const { t, i18n } = useTranslation('admin');
  if (versions.length === 0) return <Typography.Text type="secondary">{t('announcements.noVersions')}</Typography.Text>;
  return (
    <List
      size="small"
      data-testid="announcement-versions"
      dataSource={versions}
      renderItem={(v) => (
        <List.Item>
          <List.Item.Meta
            title={`${t('announcements.versionItem', { version: v.version, time: formatDateTime(v.replacedAt, i18n.language), by: v.replacedBy ?? '' })} · ${v.title}`}
            description={<div className="announcement-preview announcement-preview--small">{v.body}</div>}
          />
        </List.Item>
      )}
    />
  );
}
