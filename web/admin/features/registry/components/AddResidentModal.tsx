import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { parseIdNumber } from '../../../../../common/id-number';
import type { Relation, ResidenceType, TResidentDetail } from '../../../../../common/registry';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useCreateResident } from '../hooks/useCreateResident';
import { useRegistryLabels } from '../hooks/useRegistryLabels';
import { RELATION_OPTIONS, RESIDENCE_TYPE_OPTIONS } from '../utils/registryOptions';
import { HouseholdSelect } from './HouseholdSelect';
import { TagsInput } from './TagsInput';

interface Values {
  householdId: number;
  name: string;
  idNumber: string;
  phone?: string;
  relation: Relation;
  residenceType: ResidenceType;
  moveInDate?: Dayjs | null;
  tags?: string[];
}

/**
 * Registers a resident in a household (POST /api/residents). The server is the judge of the ID number
 * (check digit, birth date), the phone and duplicates; its messages appear beside the fields. While
 * typing, a valid ID number shows the birth date and gender it encodes, so a typo stands out early.
 */
export function AddResidentModal({ open, householdId, onClose, onCreated }: { open: boolean; householdId?: number; onClose: () => void; onCreated: (resident: TResidentDetail) => void }) {
  const { t } = useTranslation('admin');
  const labels = useRegistryLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateResident();
  const handleError = useApiErrorHandler();
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const parsed = idNumber.trim().length === 18 ? parseIdNumber(idNumber) : null;

  const onFinish = (values: Values) =>
    create.mutate(
      {
        householdId: values.householdId,
        name: values.name.trim(),
        idNumber: values.idNumber.trim().toUpperCase(),
        phone: values.phone?.trim() || null,
        relation: values.relation,
        residenceType: values.residenceType,
        moveInDate: values.moveInDate ? values.moveInDate.format('YYYY-MM-DD') : null,
        tags: values.tags ?? [],
      },
      {
        onSuccess: (resident) => {
          void message.success(t('registry.add.done', { name: resident.name }));
          onCreated(resident);
        },
        onError: (error) => handleError(error, form),
      },
    );

  return (
    <Modal
      open={open}
      title={t('registry.add.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'resident-add-submit' }}
      destroyOnHidden
      modalRender={(node) => <div data-testid="resident-add-modal">{node}</div>}
    >
      <Form<Values> form={form} layout="vertical" preserve={false} onFinish={onFinish} initialValues={{ householdId, relation: 'other', residenceType: 'resident', tags: [] }}>
        <Form.Item name="householdId" label={t('registry.add.household')} rules={[{ required: true, message: t('registry.add.householdRequired') }]} extra={t('registry.add.householdHelp')}>
          <HouseholdSelect placeholder={t('registry.add.householdPlaceholder')} data-testid="resident-add-household" />
        </Form.Item>
        <div className="registry-form-row">
          <Form.Item name="name" label={t('registry.field.name')} rules={[{ required: true, whitespace: true, message: t('registry.add.nameRequired') }]}>
            <Input maxLength={50} data-testid="resident-add-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('registry.field.phone')}>
            <Input inputMode="tel" maxLength={11} data-testid="resident-add-phone" />
          </Form.Item>
        </div>
        <Form.Item
          name="idNumber"
          label={t('registry.field.idNumber')}
          rules={[{ required: true, whitespace: true, message: t('registry.add.idNumberRequired') }]}
          extra={parsed?.ok ? t('registry.add.idDerived', { birthDate: parsed.info.birthDate, gender: labels.gender(parsed.info.gender) }) : undefined}
        >
          <Input maxLength={18} autoComplete="off" className="registry-number" data-testid="resident-add-id-number" />
        </Form.Item>
        <div className="registry-form-row">
          <Form.Item name="relation" label={t('registry.field.relation')}>
            <Select<Relation> options={RELATION_OPTIONS.map((r) => ({ value: r, label: labels.relation(r) }))} data-testid="resident-add-relation" />
          </Form.Item>
          <Form.Item name="residenceType" label={t('registry.field.residenceType')}>
            <Select<ResidenceType> options={RESIDENCE_TYPE_OPTIONS.map((r) => ({ value: r, label: labels.residenceType(r) }))} data-testid="resident-add-type" />
          </Form.Item>
        </div>
        <div className="registry-form-row">
          <Form.Item name="moveInDate" label={t('registry.field.moveInDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="tags" label={t('registry.field.tags')}>
            <TagsInput data-testid="resident-add-tags" />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
