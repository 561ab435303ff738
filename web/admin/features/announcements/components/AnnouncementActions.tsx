import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TAnnouncementDetail } from '../../../../../common/announcements';
import type { TMe } from '../../../../../common/auth';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { hasPermission } from '../../auth/utils/hasPermission';
import { useAnnouncementAction } from '../hooks/useAnnouncementAction';
import { ReviewButtons } from './ReviewButtons';

/** Publish a draft, review someone else's notice, withdraw a live one; each offered only when it applies. */
export function AnnouncementActions({ announcement: a, me }: { announcement: TAnnouncementDetail; me: TMe | null | undefined }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const action = useAnnouncementAction(a.id);
  const canWrite = hasPermission(me, 'announcement.write');
  // The server refuses self-review too; hiding the buttons just avoids offering it.
  const canReview = hasPermission(me, 'announcement.review') && a.authorId !== me?.id;
  const busy = action.isPending;

  const publish = () =>
    action.mutate({ kind: 'publish' }, { onSuccess: (d) => void message.success(d.status === 'pending_review' ? t('announcements.sentForReview') : t('announcements.published')), onError: (e) => onError(e) });
  const withdraw = () => action.mutate({ kind: 'withdraw' }, { onSuccess: () => void message.success(t('announcements.withdrawn')), onError: (e) => onError(e) });
  const review = (approve: boolean, note?: string) =>
    action.mutate({ kind: 'review', approve, note }, { onSuccess: () => void message.success(approve ? t('announcements.approved') : t('announcements.rejected')), onError: (e) => onError(e) });

  return (
    <Space wrap>
      {canWrite && a.status === 'draft' && (
        <Popconfirm title={t('announcements.publishConfirm')} okText={t('announcements.publish')} cancelText={t('common.cancel')} onConfirm={publish} okButtonProps={{ 'data-testid': 'announcement-publish-ok' }}>
          <Button type="primary" loading={busy} data-testid="announcement-publish">
            {t('announcements.publish')}
          </Button>
        </Popconfirm>
      )}
      {canReview && a.status === 'pending_review' && <ReviewButtons busy={busy} onReview={review} />}
      {canWrite && (a.status === 'published' || a.status === 'scheduled' || a.status === 'pending_review') && (
        <Popconfirm title={t('announcements.withdrawConfirm')} okText={t('announcements.withdraw')} cancelText={t('common.cancel')} onConfirm={withdraw} okButtonProps={{ danger: true, 'data-testid': 'announcement-withdraw-ok' }}>
          <Button danger loading={busy} data-testid="announcement-withdraw">
            {t('announcements.withdraw')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
