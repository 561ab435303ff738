import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TWebhook } from '../../../../../common/announcement-webhooks';
import { WebhookDeliveryLog } from './WebhookDeliveryLog';
import { WebhookLastDelivery } from './WebhookLastDelivery';

const KIND_COLOR = { wecom: 'green', dingtalk: 'blue', feishu: 'cyan', json: 'default' } as const;

export interface WebhookTableProps {
  items: TWebhook[] | undefined;
  loading: boolean;
  /** Whether a switch or delete is under way (controls stay put meanwhile). */
  busy: boolean;
  onEdit: (w: TWebhook) => void;
  onToggle: (w: TWebhook, enabled: boolean) => void;
  onDelete: (w: TWebhook) => void;
}

/** Group robots of an area and below: kind, masked address, on/off, the last delivery; a row opens its log. */
export function WebhookTable({ items, loading, busy, onEdit, onToggle, onDelete }: WebhookTableProps) {
  const { t } = useTranslation('admin');
  return (
    <Table<TWebhook>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: t('webhooks.empty') }}
      data-testid="webhook-table"
      onRow={(w) => ({ 'data-testid': 'webhook-row', 'data-webhook-id': w.id, 'data-enabled': String(w.enabled) }) as React.HTMLAttributes<HTMLElement>}
      expandable={{ expandedRowRender: (w) => <WebhookDeliveryLog id={w.id} /> }}
      columns={[
        { title: t('webhooks.field.name'), dataIndex: 'name', render: (name: string) => <span data-testid="webhook-name-cell">{name}</span> },
        { title: t('webhooks.field.area'), dataIndex: 'areaName', width: 140 },
        { title: t('webhooks.field.kind'), dataIndex: 'kind', width: 100, render: (k: TWebhook['kind']) => <Tag color={KIND_COLOR[k]}>{t(`webhooks.kind.${k}`)}</Tag> },
        {
          title: t('webhooks.field.url'),
          dataIndex: 'url',
          ellipsis: true,
          render: (url: string, w) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text code data-testid="webhook-url-cell">
                {url}
              </Typography.Text>
              {w.secret && <Typography.Text type="secondary">{t('webhooks.secretSet', { secret: w.secret })}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: t('webhooks.field.enabled'),
          dataIndex: 'enabled',
          width: 90,
          render: (enabled: boolean, w) => <Switch size="small" checked={enabled} disabled={busy} onChange={(v) => onToggle(w, v)} aria-label={t('webhooks.field.enabled')} data-testid="webhook-toggle" />,
        },
        { title: t('webhooks.field.lastDelivery'), key: 'last', width: 220, render: (_: unknown, w) => <WebhookLastDelivery id={w.id} /> },
        {
          title: t('common.actions'),
          key: 'actions',
          width: 110,
          render: (_: unknown, w) => (
            <Space size={0}>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEdit(w)} aria-label={t('common.edit')} data-testid="webhook-edit" />
              <Popconfirm title={t('webhooks.deleteConfirm')} onConfirm={() => onDelete(w)} okText={t('common.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true, 'data-testid': 'webhook-delete-ok' }}>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} disabled={busy} aria-label={t('common.delete')} data-testid="webhook-delete" />
              </Popconfirm>
            </Space>
          ),
        },
      ]}
    />
  );
}
