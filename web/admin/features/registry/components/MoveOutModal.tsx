import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TResidentDetail } from '../../../../../common/registry';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useMoveOutResident } from '../hooks/useMoveOutResident';

/** Marks a resident as moved out on a date (POST /api/residents/{id}/move-out). */
export function MoveOutModal({ resident, open, onClose }: { resident: TResidentDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ date: Dayjs; note?: string }>();
  const moveOut = useMoveOutResident();
  const handleError = useApiErrorHandler();
  return (
    <Modal
      open={open}
      title={t('registry.moveOut.title', { name: resident.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('registry.drawer.moveOut')}
      cancelText={t('common.cancel')}
      confirmLoading={moveOut.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="resident-move-out-modal">{node}</div>}
    >
      <Alert type="info" showIcon title={t('registry.moveOut.help')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ date: dayjs() }}
        onFinish={(values) =>
          moveOut.mutate(
            { id: resident.id, date: values.date.format('YYYY-MM-DD'), note: values.note?.trim() || undefined },
            {
              onSuccess: () => {
                void message.success(t('registry.moveOut.done'));
                onClose();
              },
              onError: (error) => handleError(error, form),
            },
          )
        }
      >
        <Form.Item name="date" label={t('registry.moveOut.date')} rules={[{ required: true, message: t('registry.moveOut.dateRequired') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="note" label={t('registry.field.note')}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
