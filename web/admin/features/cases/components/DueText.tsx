import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { relativeTime } from '../utils/caseDisplay';

/** When a case is due, relative to now: red when overdue, orange when due soon; the exact time on hover. */
export function DueText({ dueAt, overdue, dueSoon }: { dueAt: string | null; overdue: boolean; dueSoon: boolean }) {
  const { t, i18n } = useTranslation('cases');
  if (!dueAt) return <Typography.Text type="secondary">{t('due.none')}</Typography.Text>;
  const when = relativeTime(dueAt, i18n.language);
  const text = overdue ? t('due.overdue', { when }) : t('due.dueAt', { when });
  return (
    <Tooltip title={formatDateTime(dueAt, i18n.language)}>
      <span className={overdue ? 'case-due case-due--overdue' : dueSoon ? 'case-due case-due--soon' : 'case-due'} data-testid="case-due" data-overdue={overdue ? '1' : '0'} data-due-soon={dueSoon ? '1' : '0'}>
        {text}
      </span>
    </Tooltip>
  );
}
