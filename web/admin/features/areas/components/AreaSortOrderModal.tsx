import { App, Form, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TArea } from '../../../../../common/areas';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useUpdateArea } from '../hooks/useUpdateArea';

/** PATCH sortOrder (smaller first among siblings). */
export function AreaSortOrderModal({ area, open, onClose, onDone }: { area: TArea; open: boolean; onClose: () => void; onDone: (area: TArea) => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ sortOrder: number }>();
  const update = useUpdateArea();
  const handleError = useApiErrorHandler();

  const onFinish = ({ sortOrder }: { sortOrder: number }) => {
    update.mutate(
      { id: area.id, patch: { sortOrder } },
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
      title={t('areas.sortTitle', { name: area.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="sort-area-modal">{node}</div>}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ sortOrder: area.sortOrder }} preserve={false}>
        <Form.Item name="sortOrder" label={t('areas.sortOrder')} extra={t('areas.sortHelp')} rules={[{ required: true, message: t('common.required', { field: t('areas.sortOrder') }) }]}>
          <InputNumber min={0} max={1_000_000} precision={0} autoFocus style={{ width: '100%' }} data-testid="sort-area-value" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
