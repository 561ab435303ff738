import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertStatus } from '../hooks/useFormAlerts';

const COLORS: Record<AlertStatus, string> = { open: 'red', following: 'orange', closed: 'default' };

/** 待处理 / 跟进中 / 已关闭 as a coloured tag. */
export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation('formStats');
  return (
    <Tag color={COLORS[status]} data-testid="alert-status" data-status={status}>
      {t(`alerts.status.${status}`)}
    </Tag>
  );
}
