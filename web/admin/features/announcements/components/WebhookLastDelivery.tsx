import { Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { useWebhookDeliveries } from '../hooks/useWebhookDeliveries';
import { DeliveryStatusTag } from './DeliveryStatusTag';

/** The newest delivery of a robot: its result and when, the error on hover. */
export function WebhookLastDelivery({ id }: { id: number }) {
  const { t, i18n } = useTranslation('admin');
  const log = useWebhookDeliveries(id);
  const last = log.data?.items[0];
  if (!last) return <Typography.Text type="secondary">{log.isPending ? '…' : t('webhooks.noDeliveries')}</Typography.Text>;
  return (
    <Tooltip title={last.lastError ?? last.announcementTitle}>
      <Space size={4} data-testid="webhook-last-delivery">
        <DeliveryStatusTag status={last.status} />
        <Typography.Text type="secondary">{formatDateTime(last.deliveredAt ?? last.lastAttemptAt ?? last.createdAt, i18n.language)}</Typography.Text>
      </Space>
    </Tooltip>
  );
}
