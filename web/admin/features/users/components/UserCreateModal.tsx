import { App, Form, Input, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useCreateUser } from '../hooks/useCreateUser';

interface Values {
  username: string;
  password: string;
  displayName: string;
  phone?: string;
  showPhone: boolean;
}

/** POST /api/users; the server's field errors (taken username, bad phone) appear beside the fields. */
export function UserCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const handleError = useApiErrorHandler();

  const onFinish = (values: Values) => {
    create.mutate(
      {
        username: values.username.trim(),
        password: values.password,
        displayName: values.displayName.trim(),
        phone: values.phone?.trim() || null,
        showPhone: values.showPhone,
      },
      {
        onSuccess: () => {
          void message.success(t('users.created'));
          onClose();
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });

  return (
    <Modal
      open={open}
      title={t('users.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="user-create-modal">{node}</div>}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ showPhone: false }} preserve={false} autoComplete="off">
        <Form.Item name="username" label={t('users.username')} rules={[required(t('users.username'))]}>
          <Input maxLength={32} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[required(t('users.displayName'))]}>
          <Input maxLength={50} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={[{ required: true, message: t('common.required', { field: t('users.password') }) }]}>
          <Input.Password maxLength={128} autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')}>
          <Input inputMode="tel" maxLength={11} data-testid="user-phone" />
        </Form.Item>
        <Form.Item name="showPhone" label={t('users.showPhone')} valuePropName="checked">
          <Switch data-testid="user-show-phone" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
