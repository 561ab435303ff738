import { useTranslation } from 'react-i18next';
import type { TCase } from '../../../../../common/cases';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { StatusBadge } from './StatusBadge';

/** One case in the work list: status, what, where, and how much time is left. */
export function CaseListItem({ item }: { item: TCase }) {
  const { t, i18n } = useTranslation('mobileCases');
  const cls = item.overdue ? 'case-item case-item--overdue' : item.dueSoon ? 'case-item case-item--soon' : 'case-item';
  return (
    <li className={cls}>
      <a className="case-item__link" href={`/m/cases/${item.id}`} data-testid="case-item" data-case-id={item.id} data-reference={item.reference}>
        <span className="case-item__top">
          <StatusBadge status={item.status} />
          {item.overdue && <span className="case-flag case-flag--overdue">{t('staff.overdue')}</span>}
          {!item.overdue && item.dueSoon && <span className="case-flag case-flag--soon">{t('staff.dueSoon')}</span>}
          {item.escalationLevel > 0 && <span className="case-flag case-flag--overdue">{t('staff.escalated', { level: item.escalationLevel })}</span>}
          <span className="case-item__ref">{item.reference}</span>
        </span>
        <span className="case-item__title">{item.title}</span>
        <span className="case-item__meta">
          {item.categoryName} · {item.areaName}
          {item.address ? ` · ${item.address}` : ''}
        </span>
        {item.type === 'errand' && item.neededBy ? (
          <span className="case-item__due">{t('staff.neededBy', { time: formatDateTime(item.neededBy, i18n.language) })}</span>
        ) : (
          item.dueAt && <span className="case-item__due">{t('staff.due', { time: formatDateTime(item.dueAt, i18n.language) })}</span>
        )}
      </a>
    </li>
  );
}
