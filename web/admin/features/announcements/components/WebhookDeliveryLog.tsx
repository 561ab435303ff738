import { Alert, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TDelivery } from '../../../../../common/announcement-webhooks';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { useWebhookDeliveries } from '../hooks/useWebhookDeliveries';
import { DeliveryStatusTag } from './DeliveryStatusTag';

/** The latest deliveries of one robot: which notice, the result, attempts, the HTTP status or error. */
export function WebhookDeliveryLog({ id }: { id: number }) {
  const { t, i18n } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const log = useWebhookDeliveries(id);
  if (log.isError) return <Alert type="error" showIcon title={describeError(tc, log.error).title} description={describeError(tc, log.error).detail} />;
  return (
    <Table<TDelivery>
      rowKey="id"
      size="small"
      loading={log.isPending}
      pagination={false}
      dataSource={log.data?.items}
      locale={{ emptyText: t('webhooks.noDeliveries') }}
      data-testid="webhook-deliveries"
      columns={[
        { title: t('webhooks.delivery.notice'), dataIndex: 'announcementTitle', render: (title: string, d) => <Link to={`/announcements/${d.announcementId}`}>{title}</Link> },
        { title: t('webhooks.delivery.status'), dataIndex: 'status', width: 100, render: (_: unknown, d) => <DeliveryStatusTag status={d.status} /> },
        { title: t('webhooks.delivery.attempts'), dataIndex: 'attempts', width: 80 },
        { title: t('webhooks.delivery.httpStatus'), dataIndex: 'lastHttpStatus', width: 90 },
        {
          title: t('webhooks.delivery.error'),
          dataIndex: 'lastError',
          render: (error: string | null, d) => (
            <>
              {error && <Typography.Text type="danger">{error}</Typography.Text>}
              {d.nextAttemptAt && <Typography.Text type="secondary"> {t('webhooks.delivery.nextAttempt', { time: formatDateTime(d.nextAttemptAt, i18n.language) })}</Typography.Text>}
            </>
          ),
        },
        { title: t('webhooks.delivery.time'), key: 'time', width: 170, render: (_: unknown, d) => formatDateTime(d.deliveredAt ?? d.lastAttemptAt ?? d.createdAt, i18n.language) },
      ]}
    />
  );
}
