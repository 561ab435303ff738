import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CASE_ACTIONS, CASE_STATUSES, type CaseAction, type CaseStatus } from '../../../../../common/case-workflow';
import type { ZCaseEvent } from '../../../../../common/cases';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { CASE_STATUS_HEX } from '../utils/caseDisplay';
import { AttachmentThumbs } from './AttachmentThumbs';
import { CaseStatusTag } from './CaseStatusTag';

type CaseEvent = z.infer<typeof ZCaseEvent>;

const isAction = (a: string): a is CaseAction => (CASE_ACTIONS as readonly string[]).includes(a);
const isStatus = (s: string | null): s is CaseStatus => s !== null && (CASE_STATUSES as readonly string[]).includes(s);

/** Every step of the case, oldest first: what was done, by whom, when, the note and the photos. */
export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { t, i18n } = useTranslation('cases');
  if (events.length === 0) return <Empty description={t('timeline.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const actionLabel = (action: string) => (isAction(action) ? t(`action.${action}`) : action === 'report' || action === 'create' ? t('timeline.create') : action === 'escalate' ? t('timeline.escalate') : action);
  return (
    <Timeline
      data-testid="case-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: isStatus(e.toStatus) ? CASE_STATUS_HEX[e.toStatus] : 'gray',
        content: (
          <div className="case-event" data-testid="case-event" data-action={e.action}>
            <div className="case-event__head">
              <Typography.Text strong data-testid="case-event-action">
                {actionLabel(e.action)}
              </Typography.Text>
              {isStatus(e.toStatus) && e.toStatus !== e.fromStatus && <CaseStatusTag status={e.toStatus} />}
              <Typography.Text type="secondary" data-testid="case-event-actor">
                {e.actorName ?? t('timeline.system')}
              </Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(e.at, i18n.language)}</Typography.Text>
            </div>
            {e.note && (
              <Typography.Paragraph className="case-event__note" data-testid="case-event-note">
                {e.note}
              </Typography.Paragraph>
            )}
            <AttachmentThumbs items={e.attachments} size={56} />
          </div>
        ),
      }))}
    />
  );
}
