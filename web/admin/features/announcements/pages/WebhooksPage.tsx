import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { TWebhook } from '../../../../../common/announcement-webhooks';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { useDeleteWebhook } from '../hooks/useDeleteWebhook';
import { useSaveWebhook } from '../hooks/useSaveWebhook';
import { useWebhooks } from '../hooks/useWebhooks';
import { WebhookFormModal, type WebhookEditing } from '../components/WebhookFormModal';
import { WebhookTable } from '../components/WebhookTable';

/**
 * `/announcements/webhooks?area=`: the group robots (WeCom, DingTalk, Feishu, JSON) that receive the
 * notices of an area, with their delivery logs. Opens on the user's first post.
 */
export function WebhooksPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useApiErrorHandler();
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const area = Number(params.get('area')) || me?.assignments[0]?.areaId || undefined;
  const list = useWebhooks(area);
  const toggle = useSaveWebhook();
  const remove = useDeleteWebhook();
  const [editing, setEditing] = useState<WebhookEditing>(null);

  const setArea = (id: number | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('area', String(id));
    else next.delete('area');
    setParams(next, { replace: true });
  };
  const onToggle = (w: TWebhook, enabled: boolean) =>
    toggle.mutate({ kind: 'update', id: w.id, body: { enabled } }, { onSuccess: () => void message.success(enabled ? t('webhooks.enabledOn') : t('webhooks.enabledOff')), onError: (e) => onError(e) });
  const onDelete = (w: TWebhook) => remove.mutate(w.id, { onSuccess: () => void message.success(t('webhooks.deleted')), onError: (e) => onError(e) });

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/announcements')}>
              {t('announcements.back')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} disabled={!area} onClick={() => area && setEditing({ mode: 'create', area })} data-testid="webhook-new">
              {t('webhooks.new')}
            </Button>
          </Space>
        }
      />
      <div className="registry-filters">
        <AreaTreeSelect className="registry-filters__area" value={area} onChange={setArea} placeholder={t('webhooks.areaPlaceholder')} allowClear={false} data-testid="webhooks-area" />
        <Typography.Text type="secondary">{t('webhooks.hint')}</Typography.Text>
      </div>
      {!area && <Alert type="info" showIcon title={t('webhooks.pickArea')} />}
      {list.isError && <Alert type="error" showIcon title={describeError(tc, list.error).title} description={describeError(tc, list.error).detail} style={{ marginBottom: 16 }} />}
      {area && <WebhookTable items={list.data?.items} loading={list.isFetching} busy={toggle.isPending || remove.isPending} onEdit={(w) => setEditing({ mode: 'edit', webhook: w })} onToggle={onToggle} onDelete={onDelete} />}
      <WebhookFormModal editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}
