import { Card, Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TDelivery, TWebhook } from '../../../../../common/announcement-webhooks';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { useDeliveryLogs } from '../hooks/useWebhookDeliveries';
import { useWebhooks } from '../hooks/useWebhooks';
import { DeliveryStatusTag } from './DeliveryStatusTag';

type Row = TDelivery & { webhook: TWebhook };

/** Deliveries read per robot; a robot's log holds the newest this many. */
const PER_ROBOT = 500;

/**
 * How a published notice went out to the group robots. The API keeps a log per robot, so this reads
 * the robots that receive the notice (those of its area and below) and picks the notice's rows.
 * Shown only to someone who may manage those robots; for others it stays out of the way.
 */
export function NoticeDeliveries({ announcementId, areaId }: { announcementId: number; areaId: number }) {
  const { t, i18n } = useTranslation('admin');
  const hooks = useWebhooks(areaId);
  const webhooks = hooks.data?.items ?? [];
  const logs = useDeliveryLogs(
    webhooks.map((w) => w.id),
    PER_ROBOT,
  );
  if (hooks.isError) return null;
  const rows: Row[] = webhooks.flatMap((w, i) => (logs[i]?.data?.items ?? []).filter((d) => d.announcementId === announcementId).map((d) => ({ ...d, webhook: w })));
  const loading = hooks.isPending || logs.some((l) => l.isPending);
  return (
    <Card size="small" title={t('webhooks.noticeDeliveries')} style={{ marginBottom: 16 }} data-testid="notice-deliveries" extra={<Link to={`/announcements/webhooks?area=${areaId}`}>{t('webhooks.manage')}</Link>}>
      <Typography.Paragraph type="secondary">{t('webhooks.noticeDeliveriesHint')}</Typography.Paragraph>
      {!loading && rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={webhooks.length === 0 ? t('webhooks.empty') : t('webhooks.noDeliveries')} />
      ) : (
        <Table<Row>
          rowKey="id"
          size="small"
          loading={loading}
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('webhooks.delivery.webhook'), key: 'webhook', render: (_: unknown, d) => `${d.webhook.name}（${d.webhook.areaName}）` },
            { title: t('webhooks.delivery.status'), dataIndex: 'status', width: 100, render: (_: unknown, d) => <DeliveryStatusTag status={d.status} /> },
            { title: t('webhooks.delivery.attempts'), dataIndex: 'attempts', width: 80 },
            { title: t('webhooks.delivery.error'), dataIndex: 'lastError', render: (e: string | null) => e && <Typography.Text type="danger">{e}</Typography.Text> },
            { title: t('webhooks.delivery.time'), key: 'time', width: 160, render: (_: unknown, d) => formatDateTime(d.deliveredAt ?? d.lastAttemptAt ?? d.createdAt, i18n.language) },
          ]}
        />
      )}
    </Card>
  );
}
