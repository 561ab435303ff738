import { UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TUser, TUserUpdate } from '../../../../../common/users';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useUpdateUser } from '../hooks/useUpdateUser';

interface Values {
  displayName: string;
  phone?: string;
  showPhone: boolean;
  disabled: boolean;
  password?: string;
}

/** PATCH /api/users/{id} with only what changed; a locked account gets an Unlock button. */
export function UserEditModal({ user, onClose }: { user: TUser | null; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateUser();
  const unlock = useUpdateUser();
  const handleError = useApiErrorHandler();

  const onFinish = (values: Values) => {
    if (!user) return;
    const patch: TUserUpdate = {};
    const phone = values.phone?.trim() || null;
    if (values.displayName.trim() !== user.displayName) patch.displayName = values.displayName.trim();
    if (phone !== user.phone) patch.phone = phone;
    if (values.showPhone !== user.showPhone) patch.showPhone = values.showPhone;
    if (values.disabled !== user.disabled) patch.disabled = values.disabled;
    if (values.password) patch.password = values.password;
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: user.id, patch },
      {
        onSuccess: () => {
          void message.success(t('users.updated'));
          onClose();
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  const onUnlock = () => {
    if (!user) return;
    unlock.mutate(
      { id: user.id, patch: { unlock: true } },
      {
        onSuccess: () => {
          void message.success(t('users.unlocked'));
          onClose();
        },
        onError: (error) => handleError(error),
      },
    );
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.editTitle', { username: user.username }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="user-edit-modal">{node}</div>}
    >
      {user && (
        <>
          {user.locked && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('users.lockedHint')}
              action={
                <Button size="small" icon={<UnlockOutlined />} loading={unlock.isPending} onClick={onUnlock} data-testid="user-unlock">
                  {t('users.unlock')}
                </Button>
              }
            />
          )}
          <Form
            form={form}
            layout="vertical"
            onFinish={onFinish}
            preserve={false}
            autoComplete="off"
            initialValues={{ displayName: user.displayName, phone: user.phone ?? '', showPhone: user.showPhone, disabled: user.disabled, password: '' }}
          >
            <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('users.displayName') }) }]}>
              <Input maxLength={50} data-testid="user-display-name" />
            </Form.Item>
            <Form.Item name="phone" label={t('users.phone')}>
              <Input inputMode="tel" maxLength={11} data-testid="user-phone" />
            </Form.Item>
            <Form.Item name="showPhone" label={t('users.showPhone')} valuePropName="checked">
              <Switch data-testid="user-show-phone" />
            </Form.Item>
            <Form.Item name="disabled" label={t('users.disable')} valuePropName="checked">
              <Switch data-testid="user-disabled" />
            </Form.Item>
            <Form.Item name="password" label={t('users.newPassword')} extra={t('users.newPasswordHelp')}>
              <Input.Password maxLength={128} autoComplete="new-password" data-testid="user-password" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
