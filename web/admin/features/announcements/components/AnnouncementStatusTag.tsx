import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AnnouncementStatus } from '../../../../../common/announcements';

const COLOR: Record<AnnouncementStatus, string> = { draft: 'default', pending_review: 'orange', scheduled: 'blue', published: 'green', withdrawn: 'red' };

/** The status of a notice, and "expired" when a published one ran out. */
export function AnnouncementStatusTag({ status, expired }: { status: AnnouncementStatus; expired?: boolean }) {
  const { t } = useTranslation('admin');
  return (
    <span data-testid="announcement-status" data-status={status}>
      <Tag color={COLOR[status]}>{t(`announcements.status.${status}`)}</Tag>
      {expired && <Tag>{t('announcements.expired')}</Tag>}
    </span>
  );
}
