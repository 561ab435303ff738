import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { THousehold } from '../../../../../common/registry';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useCreateHousehold } from '../hooks/useCreateHousehold';
import { HOUSEHOLD_LEVELS } from '../utils/registryOptions';
import { TagsInput } from './TagsInput';

interface Values {
  areaId: number;
  room: string;
  phone?: string;
  tags?: string[];
}

/** Registers a household at a unit, building or grid (POST /api/households). */
export function AddHouseholdModal({ open, areaId, onClose, onCreated }: { open: boolean; areaId?: number | null; onClose: () => void; onCreated: (household: THousehold) => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateHousehold();
  const handleError = useApiErrorHandler();
  return (
    <Modal
      open={open}
      title={t('registry.households.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'household-add-submit' }}
      destroyOnHidden
      modalRender={(node) => <div data-testid="household-add-modal">{node}</div>}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ areaId: areaId ?? undefined, tags: [] }}
        onFinish={(values) =>
          create.mutate(
            { areaId: values.areaId, room: values.room.trim(), phone: values.phone?.trim() || null, tags: values.tags ?? [] },
            {
              onSuccess: (household) => {
                void message.success(t('registry.households.created', { address: household.address }));
                onCreated(household);
              },
              onError: (error) => handleError(error, form),
            },
          )
        }
      >
        <Form.Item name="areaId" label={t('registry.households.area')} rules={[{ required: true, message: t('registry.households.areaRequired') }]} extra={t('registry.households.areaHelp')}>
          <AreaTreeSelect levels={HOUSEHOLD_LEVELS} allowClear={false} data-testid="household-add-area" />
        </Form.Item>
        <div className="registry-form-row">
          <Form.Item name="room" label={t('registry.field.room')} rules={[{ required: true, whitespace: true, message: t('registry.households.roomRequired') }]}>
            <Input maxLength={20} placeholder={t('registry.households.roomPlaceholder')} data-testid="household-add-room" />
          </Form.Item>
          <Form.Item name="phone" label={t('registry.field.phone')}>
            <Input inputMode="tel" maxLength={11} />
          </Form.Item>
        </div>
        <Form.Item name="tags" label={t('registry.field.tags')}>
          <TagsInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}
