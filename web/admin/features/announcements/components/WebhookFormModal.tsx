import { App, Checkbox, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_KINDS, type TWebhook, type TWebhookUpdate, type WebhookKind } from '../../../../../common/announcement-webhooks';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useSaveWebhook } from '../hooks/useSaveWebhook';

/** What the modal edits: a new robot for an area (the page's area, changeable), or an existing one. */
export type WebhookEditing = { mode: 'create'; area: number } | { mode: 'edit'; webhook: TWebhook } | null;

interface Values {
  area?: number;
  name: string;
  kind: WebhookKind;
  url?: string;
  secret?: string;
  clearSecret?: boolean;
  enabled: boolean;
}

/**
 * Add or change a group robot. The list shows addresses and secrets masked, so when editing both
 * start empty and are kept unless something is typed; the kind of an existing robot is fixed.
 */
export function WebhookFormModal({ editing, onClose }: { editing: WebhookEditing; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveWebhook();
  const onError = useApiErrorHandler();
  const existing = editing?.mode === 'edit' ? editing.webhook : null;
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    form.setFieldsValue(editing.mode === 'create' ? { area: editing.area, kind: 'wecom', enabled: true } : { name: editing.webhook.name, kind: editing.webhook.kind, enabled: editing.webhook.enabled });
  }, [editing, form]);

  const onFinish = (v: Values) => {
    const done = (key: 'webhooks.created' | 'webhooks.updated') => () => {
      void message.success(t(key));
      onClose();
    };
    if (editing?.mode === 'create') {
      const body = { name: v.name.trim(), kind: v.kind, url: (v.url ?? '').trim(), secret: v.secret?.trim() || null, enabled: v.enabled };
      save.mutate({ kind: 'create', area: v.area ?? editing.area, body }, { onSuccess: done('webhooks.created'), onError: (e) => onError(e, form) });
      return;
    }
    if (!existing) return;
    const body: TWebhookUpdate = {};
    if (v.name.trim() !== existing.name) body.name = v.name.trim();
    if (v.url?.trim()) body.url = v.url.trim();
    if (v.secret?.trim()) body.secret = v.secret.trim();
    else if (v.clearSecret) body.secret = null;
    if (Object.keys(body).length === 0) return onClose();
    save.mutate({ kind: 'update', id: existing.id, body }, { onSuccess: done('webhooks.updated'), onError: (e) => onError(e, form) });
  };

  return (
    <Modal
      open={editing !== null}
      title={existing ? t('webhooks.editTitle') : t('webhooks.newTitle')}
      onCancel={onClose}
      // Addresses and secrets typed in do not stay in the page once the dialog is closed.
      afterClose={() => form.resetFields()}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'webhook-save' }}
      forceRender
      modalRender={(node) => <div data-testid="webhook-modal">{node}</div>}
    >
      <Form form={form} layout="vertical" onFinish={onFinish}>
        {!existing && (
          <Form.Item name="area" label={t('webhooks.field.area')} rules={[{ required: true, message: t('common.required', { field: t('webhooks.field.area') }) }]}>
            <AreaTreeSelect data-testid="webhook-area" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('webhooks.field.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('webhooks.field.name') }) }]}>
          <Input maxLength={100} placeholder={t('webhooks.namePlaceholder')} data-testid="webhook-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('webhooks.field.kind')}>
          <Select disabled={!!existing} options={WEBHOOK_KINDS.map((k) => ({ value: k, label: t(`webhooks.kind.${k}`) }))} data-testid="webhook-kind" />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('webhooks.field.url')}
          extra={existing ? t('webhooks.urlKeep', { url: existing.url }) : undefined}
          rules={existing ? [] : [{ required: true, whitespace: true, message: t('common.required', { field: t('webhooks.field.url') }) }]}
        >
          <Input maxLength={2000} placeholder={t('webhooks.urlPlaceholder')} data-testid="webhook-url" autoComplete="off" />
        </Form.Item>
        {kind !== 'wecom' && (
          <>
            <Form.Item name="secret" label={t('webhooks.field.secret')} extra={existing?.secret ? `${t('webhooks.secretSet', { secret: existing.secret })} · ${t('webhooks.secretKeep')}` : t('webhooks.secretHint')}>
              <Input.Password maxLength={500} autoComplete="new-password" data-testid="webhook-secret" />
            </Form.Item>
            {existing?.secret && (
              <Form.Item name="clearSecret" valuePropName="checked">
                <Checkbox>{t('webhooks.secretClear')}</Checkbox>
              </Form.Item>
            )}
          </>
        )}
        {!existing && (
          <Form.Item name="enabled" label={t('webhooks.field.enabled')} valuePropName="checked">
            <Switch data-testid="webhook-enabled" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
