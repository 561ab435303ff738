import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../../../common/case-workflow';
import { CASE_STATUS_COLORS } from '../utils/caseDisplay';

/** The status of a case as a coloured tag (已派单, 待核查, 已办结 …). */
export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation('cases');
  return (
    <Tag color={CASE_STATUS_COLORS[status]} data-testid="case-status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
