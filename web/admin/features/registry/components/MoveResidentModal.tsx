import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TResidentDetail } from '../../../../../common/registry';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useMoveResident } from '../hooks/useMoveResident';
import { HouseholdSelect } from './HouseholdSelect';

/** Moves a resident into another household (POST /api/residents/{id}/move). */
export function MoveResidentModal({ resident, open, onClose }: { resident: TResidentDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ householdId: number; note?: string }>();
  const move = useMoveResident();
  const handleError = useApiErrorHandler();
  return (
    <Modal
      open={open}
      title={t('registry.move.title', { name: resident.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('registry.drawer.move')}
      cancelText={t('common.cancel')}
      confirmLoading={move.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="resident-move-modal">{node}</div>}
    >
      <Alert type="info" showIcon title={t('registry.move.help')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) =>
          move.mutate(
            { id: resident.id, householdId: values.householdId, note: values.note?.trim() || undefined },
            {
              onSuccess: () => {
                void message.success(t('registry.move.done'));
                onClose();
              },
              onError: (error) => handleError(error, form),
            },
          )
        }
      >
        <Form.Item label={t('registry.field.household')}>
          <span>{resident.address}</span>
        </Form.Item>
        <Form.Item name="householdId" label={t('registry.move.household')} rules={[{ required: true, message: t('registry.move.householdRequired') }]}>
          <HouseholdSelect exclude={resident.householdId} placeholder={t('registry.move.householdPlaceholder')} data-testid="resident-move-household" />
        </Form.Item>
        <Form.Item name="note" label={t('registry.field.note')}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
