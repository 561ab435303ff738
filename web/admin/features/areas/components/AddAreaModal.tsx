import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AREA_LEVEL_RANK, AREA_LEVELS, OFFICIAL_LEVELS } from '../../../../../common/constants';
import { type AreaLevel, type TArea } from '../../../../../common/areas';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useAreaLevelSettings } from '../hooks/useAreaLevelSettings';
import { useCreateArea } from '../hooks/useCreateArea';

interface Values {
  name: string;
  level: AreaLevel;
  code?: string;
  sortOrder?: number | null;
}

/** Levels that may sit below `parent` (strictly lower rank), limited to the levels the deployment uses. */
function levelsBelow(parent: Pick<TArea, 'level'> | null, inUse: readonly AreaLevel[] | undefined): AreaLevel[] {
  const rank = parent ? AREA_LEVEL_RANK[parent.level] : -1;
  const below = AREA_LEVELS.filter((level) => AREA_LEVEL_RANK[level] > rank);
  const used = inUse?.length ? below.filter((level) => inUse.includes(level)) : below;
  return used.length ? used : below;
}

/** Creates a child of `parent`, or a top-level area when `parent` is null. */
export function AddAreaModal({ parent, open, onClose, onCreated }: { parent: TArea | null; open: boolean; onClose: () => void; onCreated: (area: TArea) => void }) {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const settings = useAreaLevelSettings();
  const create = useCreateArea();
  const handleError = useApiErrorHandler();
  const levels = useMemo(() => levelsBelow(parent, settings.data?.levels), [parent, settings.data]);
  const level = Form.useWatch('level', form);

  const onFinish = (values: Values) => {
    create.mutate(
      {
        parentId: parent?.id ?? null,
        name: values.name.trim(),
        level: values.level,
        code: values.code?.trim() || undefined,
        sortOrder: values.sortOrder ?? undefined,
      },
      {
        onSuccess: (area) => {
          void message.success(t('areas.created'));
          onCreated(area);
          onClose();
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={parent ? t('areas.addChildTitle', { name: parent.name }) : t('areas.addRootTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="add-area-modal">{node}</div>}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ level: levels[0] }} preserve={false}>
        <Form.Item name="level" label={t('areas.level')} rules={[{ required: true, message: t('common.required', { field: t('areas.level') }) }]}>
          <Select options={levels.map((l) => ({ value: l, label: labels.level(l) }))} data-testid="add-area-level" />
        </Form.Item>
        <Form.Item name="name" label={t('areas.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('areas.name') }) }, { max: 100 }]}>
          <Input autoFocus maxLength={100} data-testid="add-area-name" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('areas.codeOptional')}
          extra={level && OFFICIAL_LEVELS.has(level) ? t('areas.codeHelpOfficial') : t('areas.codeHelpFree')}
        >
          <Input maxLength={64} data-testid="add-area-code" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('areas.sortOrder')} extra={t('areas.sortHelp')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
