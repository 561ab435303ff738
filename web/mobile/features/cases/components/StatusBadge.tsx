import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../../../common/case-workflow';

/** The case status in words, coloured by how far along it is. */
export function StatusBadge({ status, errand = false }: { status: CaseStatus; errand?: boolean }) {
  const { t } = useTranslation('mobileCases');
  return (
    <span className={`case-status case-status--${status}`} data-testid="case-status" data-status={status}>
      {errand && status === 'resolved' ? t('errandResolved') : t(`statuses.${status}`)}
    </span>
  );
}
