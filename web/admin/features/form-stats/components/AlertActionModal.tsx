import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../../lib/i18n/describeError';
import { UserSelect } from '../../users/components/UserSelect';
import { useAlertAction } from '../hooks/useAlertAction';
import type { FormAlert } from '../hooks/useFormAlerts';

/**
 * 跟进 (a note, and someone to hand the alert to) or 关闭 (a note on how it ended) for one alert.
 */
export function AlertActionModal({ alert, action, onDone, onCancel }: { alert: FormAlert | null; action: 'follow_up' | 'close'; onDone: (saved: FormAlert) => void; onCancel: () => void }) {
  const { t } = useTranslation('formStats');
  const { t: ta } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const [form] = Form.useForm<{ note?: string; assigneeId?: number }>();
  const act = useAlertAction();
  const followUp = action === 'follow_up';
  return (
    <Modal
      open={alert !== null}
      title={followUp ? t('alerts.followUpTitle') : t('alerts.closeTitle')}
      onCancel={() => {
        act.reset();
        onCancel();
      }}
      onOk={() => form.submit()}
      okText={followUp ? t('alerts.followUp') : t('alerts.close')}
      cancelText={ta('common.cancel')}
      confirmLoading={act.isPending}
      okButtonProps={{ 'data-testid': 'alert-action-submit' }}
      destroyOnHidden
      modalRender={(node) => <div data-testid="alert-action-modal">{node}</div>}
    >
      {alert && (
        <Alert type={alert.status === 'closed' ? 'info' : 'warning'} showIcon style={{ marginBottom: 16 }} title={`${alert.rule}：${alert.detail}`} description={`${alert.reporterName} · ${alert.areaName}`} />
      )}
      {act.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(tc, act.error).title} description={describeError(tc, act.error).detail} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ assigneeId: alert?.assigneeId ?? undefined }}
        onFinish={(values) =>
          alert &&
          act.mutate(
            { id: alert.id, action, note: values.note?.trim() || undefined, assigneeId: followUp ? values.assigneeId : undefined },
            {
              onSuccess: (saved) => {
                act.reset();
                onDone(saved);
              },
            },
          )
        }
      >
        <Form.Item name="note" label={t('alerts.note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount autoFocus placeholder={followUp ? t('alerts.notePlaceholder') : t('alerts.closeNotePlaceholder')} data-testid="alert-note" />
        </Form.Item>
        {followUp && (
          <Form.Item name="assigneeId" label={t('alerts.assignee')}>
            <UserSelect placeholder={t('alerts.assigneePlaceholder')} data-testid="alert-assignee" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
