import { useTranslation } from 'react-i18next';
import type { TPublicAnnouncement } from '../../../../../common/announcements';

/** Category, pinned and urgent marks above a notice title. */
export function NoticeBadges({ notice }: { notice: TPublicAnnouncement }) {
  const { t } = useTranslation('notices');
  return (
    <p className="notice-badges">
      <span className={`notice-badge notice-badge--${notice.category}`}>{t(`categories.${notice.category}`)}</span>
      {notice.pinned && <span className="notice-badge notice-badge--pinned">{t('pinned')}</span>}
      {notice.urgency === 'urgent' && <span className="notice-badge notice-badge--urgent">{t('urgent')}</span>}
    </p>
  );
}
