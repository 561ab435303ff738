import { Alert, App, Form, Modal } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { AREA_LEVEL_RANK } from '../../../../../common/constants';
import { type TArea } from '../../../../../common/areas';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useUpdateArea } from '../hooks/useUpdateArea';
import { AreaSelect } from './AreaSelect';

/** PATCH parentId: the new parent is found by search; the area itself, its subtree and lower levels are not offered. */
export function MoveAreaModal({ area, open, onClose, onDone }: { area: TArea; open: boolean; onClose: () => void; onDone: (area: TArea, fromParentId: number | null) => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ parentId: number }>();
  const update = useUpdateArea();
  const handleError = useApiErrorHandler();

  const exclude = useCallback(
    (candidate: TArea) =>
      candidate.id === area.id ||
      candidate.id === area.parentId ||
      candidate.path.startsWith(area.path) ||
      AREA_LEVEL_RANK[candidate.level] >= AREA_LEVEL_RANK[area.level],
    [area],
  );

  const onFinish = ({ parentId }: { parentId: number }) => {
    update.mutate(
      { id: area.id, patch: { parentId } },
      {
        onSuccess: (moved) => {
          void message.success(t('areas.moved'));
          onDone(moved, area.parentId);
          onClose();
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('areas.moveTitle', { name: area.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('areas.move')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="move-area-modal">{node}</div>}
    >
      <Alert type="info" showIcon title={t('areas.moveHelp')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={onFinish} preserve={false}>
        <Form.Item name="parentId" label={t('areas.newParent')} rules={[{ required: true, message: t('areas.newParentRequired') }]}>
          <AreaSelect exclude={exclude} data-testid="move-area-parent" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
