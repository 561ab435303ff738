import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { THousehold } from '../../../../../common/registry';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useMoveHousehold } from '../hooks/useMoveHousehold';
import { HOUSEHOLD_LEVELS } from '../utils/registryOptions';

/** Moves a household with everyone in it to another unit, building or grid (POST /api/households/{id}/move). */
export function MoveHouseholdModal({ household, onClose }: { household: THousehold | null; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ areaId: number; room?: string; note?: string }>();
  const move = useMoveHousehold();
  const handleError = useApiErrorHandler();
  return (
    <Modal
      open={household !== null}
      title={household ? t('registry.households.moveTitle', { address: household.address }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('registry.households.move')}
      cancelText={t('common.cancel')}
      confirmLoading={move.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="household-move-modal">{node}</div>}
    >
      <Alert type="info" showIcon title={t('registry.households.moveHelp')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) =>
          household &&
          move.mutate(
            { id: household.id, areaId: values.areaId, room: values.room?.trim() || undefined, note: values.note?.trim() || undefined },
            {
              onSuccess: (moved) => {
                void message.success(t('registry.households.moved', { address: moved.address }));
                onClose();
              },
              onError: (error) => handleError(error, form),
            },
          )
        }
      >
        <Form.Item name="areaId" label={t('registry.households.targetArea')} rules={[{ required: true, message: t('registry.households.areaRequired') }]} extra={t('registry.households.areaHelp')}>
          <AreaTreeSelect levels={HOUSEHOLD_LEVELS} allowClear={false} data-testid="household-move-area" />
        </Form.Item>
        <Form.Item name="room" label={t('registry.households.roomOptional')}>
          <Input maxLength={20} placeholder={household?.room} />
        </Form.Item>
        <Form.Item name="note" label={t('registry.field.note')}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
