import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Relation, ResidenceType, TResidentDetail, TResidentUpdate } from '../../../../../common/registry';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useRegistryLabels } from '../hooks/useRegistryLabels';
import { useUpdateResident } from '../hooks/useUpdateResident';
import { RELATION_OPTIONS, RESIDENCE_TYPE_OPTIONS } from '../utils/registryOptions';
import { TagsInput } from './TagsInput';

interface Values {
  name: string;
  phone?: string;
  relation: Relation;
  residenceType: ResidenceType;
  moveInDate?: Dayjs | null;
  status?: 'present' | 'deceased';
  tags: string[];
}

const sameTags = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((tag, i) => tag === b[i]);

/**
 * Edits a resident (PATCH /api/residents/{id}) sending only what changed. The phone shows masked, so
 * the box starts empty and an empty box keeps the number. Server complaints appear beside their fields.
 */
export function EditResidentModal({ resident, open, onClose }: { resident: TResidentDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const labels = useRegistryLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateResident();
  const handleError = useApiErrorHandler();

  const onFinish = (values: Values) => {
    const patch: TResidentUpdate = {};
    if (values.name.trim() !== resident.name) patch.name = values.name.trim();
    if (values.phone?.trim()) patch.phone = values.phone.trim();
    if (values.relation !== resident.relation) patch.relation = values.relation;
    if (values.residenceType !== resident.residenceType) patch.residenceType = values.residenceType;
    const moveIn = values.moveInDate ? values.moveInDate.format('YYYY-MM-DD') : null;
    if (moveIn !== resident.moveInDate) patch.moveInDate = moveIn;
    if (values.status && values.status !== resident.status) patch.status = values.status;
    if (!sameTags(values.tags ?? [], resident.tags)) patch.tags = values.tags ?? [];
    if (Object.keys(patch).length === 0) {
      void message.info(t('registry.edit.nothingChanged'));
      onClose();
      return;
    }
    update.mutate(
      { id: resident.id, patch },
      {
        onSuccess: () => {
          void message.success(t('registry.edit.saved'));
          onClose();
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('registry.edit.title', { name: resident.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      okButtonProps={{ 'data-testid': 'resident-edit-submit' }}
      destroyOnHidden
      modalRender={(node) => <div data-testid="resident-edit-modal">{node}</div>}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={onFinish}
        initialValues={{
          name: resident.name,
          phone: '',
          relation: resident.relation,
          residenceType: resident.residenceType,
          moveInDate: resident.moveInDate ? dayjs(resident.moveInDate) : null,
          status: resident.status === 'moved_out' ? undefined : resident.status,
          tags: resident.tags,
        }}
      >
        <Form.Item name="name" label={t('registry.field.name')} rules={[{ required: true, whitespace: true, message: t('registry.add.nameRequired') }]}>
          <Input maxLength={50} data-testid="resident-edit-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('registry.field.phone')}
          extra={resident.phone ? t('registry.edit.phoneKeep', { phone: resident.phone }) : undefined}
        >
          <Input inputMode="tel" maxLength={11} placeholder={resident.phone ?? undefined} data-testid="resident-edit-phone" />
        </Form.Item>
        <div className="registry-form-row">
          <Form.Item name="relation" label={t('registry.field.relation')}>
            <Select<Relation> options={RELATION_OPTIONS.map((r) => ({ value: r, label: labels.relation(r) }))} />
          </Form.Item>
          <Form.Item name="residenceType" label={t('registry.field.residenceType')}>
            <Select<ResidenceType> options={RESIDENCE_TYPE_OPTIONS.map((r) => ({ value: r, label: labels.residenceType(r) }))} />
          </Form.Item>
        </div>
        <div className="registry-form-row">
          <Form.Item name="moveInDate" label={t('registry.field.moveInDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="status" label={t('registry.field.status')} extra={resident.status === 'moved_out' ? labels.status('moved_out') : t('registry.edit.statusHelp')}>
            <Select<'present' | 'deceased'> allowClear={resident.status === 'moved_out'} options={(['present', 'deceased'] as const).map((s) => ({ value: s, label: labels.status(s) }))} />
          </Form.Item>
        </div>
        <Form.Item name="tags" label={t('registry.field.tags')}>
          <TagsInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}
