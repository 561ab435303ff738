import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus } from '../../../../../common/announcement-webhooks';

const COLOR: Record<DeliveryStatus, string> = { queued: 'blue', sending: 'processing', delivered: 'success', failed: 'error', cancelled: 'default' };

/** 已送达 / 失败 / 排队中 …, coloured by how it went. */
export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation('admin');
  return (
    <Tag color={COLOR[status]} data-testid="delivery-status" data-status={status}>
      {t(`webhooks.status.${status}`)}
    </Tag>
  );
}
