import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TResidentDetail } from '../../../../../common/registry';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useMergeResident } from '../hooks/useMergeResident';
import { ResidentSelect } from './ResidentSelect';

/** Merges a duplicate record into this resident (POST /api/residents/{id}/merge). */
export function MergeResidentModal({ resident, open, onClose }: { resident: TResidentDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ duplicateId: number }>();
  const merge = useMergeResident();
  const handleError = useApiErrorHandler();
  return (
    <Modal
      open={open}
      title={t('registry.merge.title', { name: resident.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('registry.merge.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={merge.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="resident-merge-modal">{node}</div>}
    >
      <Alert type="warning" showIcon title={t('registry.merge.help')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) =>
          merge.mutate(
            { id: resident.id, duplicateId: values.duplicateId },
            {
              onSuccess: () => {
                void message.success(t('registry.merge.done'));
                onClose();
              },
              onError: (error) => handleError(error, form),
            },
          )
        }
      >
        <Form.Item name="duplicateId" label={t('registry.merge.duplicate')} rules={[{ required: true, message: t('registry.merge.duplicateRequired') }]}>
          <ResidentSelect exclude={resident.id} placeholder={t('registry.merge.duplicatePlaceholder')} data-testid="resident-merge-duplicate" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
