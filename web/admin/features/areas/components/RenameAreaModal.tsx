import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TArea } from '../../../../../common/areas';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useUpdateArea } from '../hooks/useUpdateArea';

/** PATCH name. */
export function RenameAreaModal({ area, open, onClose, onDone }: { area: TArea; open: boolean; onClose: () => void; onDone: (area: TArea) => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const update = useUpdateArea();
  const handleError = useApiErrorHandler();

  const onFinish = ({ name }: { name: string }) => {
    update.mutate(
      { id: area.id, patch: { name: name.trim() } },
      {
        onSuccess: (updated) => {
          void message.success(t('common.saved'));
          onDone(updated);
          onClose();
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('areas.renameTitle', { name: area.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="rename-area-modal">{node}</div>}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ name: area.name }} preserve={false}>
        <Form.Item name="name" label={t('areas.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('areas.name') }) }, { max: 100 }]}>
          <Input autoFocus maxLength={100} data-testid="rename-area-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
