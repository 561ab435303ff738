import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InspectionStatus } from '../hooks/useInspections';

const COLORS: Record<InspectionStatus, string> = { planned: 'gold', recorded: 'processing', closed: 'success' };

/** 待督查 / 整改中 / 已完成. */
export function InspectionStatusTag({ status }: { status: InspectionStatus }) {
  const { t } = useTranslation('cases');
  return (
    <Tag color={COLORS[status]} data-testid="inspection-status" data-status={status}>
      {t(`inspections.status.${status}`)}
    </Tag>
  );
}
