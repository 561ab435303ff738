import { Alert, Form, Input, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Asks why someone needs to see personal data (a reveal, an export with full numbers): the reason goes
 * into the audit log with the access, so it is required (2 to 200 characters, as the server wants).
 */
export function ReasonModal({
  open,
  title,
  help,
  label,
  placeholder,
  requiredMessage,
  okText,
  loading,
  error,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  title: string;
  help: string;
  label: string;
  placeholder: string;
  requiredMessage: string;
  okText: string;
  loading: boolean;
  /** A refusal from the server, shown above the form. */
  error?: ReactNode;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={okText}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      okButtonProps={{ 'data-testid': 'reveal-submit' }}
      destroyOnHidden
      modalRender={(node) => <div data-testid="reason-modal">{node}</div>}
    >
      <Alert type="info" showIcon title={help} style={{ marginBottom: 16 }} />
      {error}
      <Form form={form} layout="vertical" preserve={false} onFinish={(values) => onSubmit(values.reason.trim())}>
        <Form.Item
          name="reason"
          label={label}
          rules={[
            { required: true, whitespace: true, message: requiredMessage },
            { min: 2, max: 200, message: requiredMessage, transform: (v: string) => v?.trim() },
          ]}
        >
          <Input.TextArea autoFocus rows={3} maxLength={200} showCount placeholder={placeholder} data-testid="reveal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
