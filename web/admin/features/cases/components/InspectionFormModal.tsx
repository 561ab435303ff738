import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Radio, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useCreateInspection } from '../hooks/useInspections';

interface Values {
  areaId?: number;
  title?: string;
  kind: 'grid' | 'task';
  target?: string;
  plannedAt?: Dayjs | null;
  checklist: { item: string }[];
}

/** Plans an inspection of a grid or of a campaign/task: area, title, target, planned time and the checklist. */
export function InspectionFormModal({ open, defaultAreaId, onClose }: { open: boolean; defaultAreaId?: number; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const handleError = useApiErrorHandler();
  const create = useCreateInspection();
  const [form] = Form.useForm<Values>();

  const onOk = async () => {
    const v = await form.validateFields();
    create.mutate(
      {
        areaId: v.areaId!,
        title: v.title!.trim(),
        kind: v.kind,
        target: v.target?.trim() || undefined,
        plannedAt: v.plannedAt ? v.plannedAt.toISOString() : undefined,
        checklist: v.checklist.map((c) => ({ item: c.item.trim() })),
      },
      {
        onSuccess: (created) => {
          message.success(t('inspections.form.created', { title: created.title }));
          onClose();
          navigate(`/inspections/${created.id}`);
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('inspections.new')}
      width={640}
      onOk={() => void onOk().catch(() => undefined)}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'inspection-save' }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ areaId: defaultAreaId, kind: 'grid', checklist: [{ item: '' }] }} data-testid="inspection-form">
        <Form.Item name="areaId" label={t('inspections.form.area')} rules={[{ required: true, message: t('form.required') }]}>
          <AreaTreeSelect data-testid="inspection-area" />
        </Form.Item>
        <Form.Item name="title" label={t('inspections.form.title')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={200} placeholder={t('inspections.form.titlePlaceholder')} data-testid="inspection-title" />
        </Form.Item>
        <Form.Item name="kind" label={t('inspections.form.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'grid', label: t('inspections.kind.grid') },
              { value: 'task', label: t('inspections.kind.task') },
            ]}
          />
        </Form.Item>
        <Form.Item name="target" label={t('inspections.form.target')}>
          <Input maxLength={200} placeholder={t('inspections.form.targetPlaceholder')} />
        </Form.Item>
        <Form.Item name="plannedAt" label={t('inspections.form.plannedAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.List name="checklist" rules={[{ validator: (_, list?: unknown[]) => (list && list.length ? Promise.resolve() : Promise.reject(new Error(t('inspections.form.needItem')))) }]}>
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('inspections.form.checklist')} required>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'item']} rules={[{ required: true, whitespace: true, message: t('form.required') }]} style={{ flex: 1, minWidth: 420, marginBottom: 8 }}>
                    <Input maxLength={300} placeholder={i === 0 ? t('inspections.form.itemPlaceholder') : t('inspections.form.item', { n: i + 1 })} data-testid="inspection-item" />
                  </Form.Item>
                  {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="remove" />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ item: '' })} data-testid="inspection-add-item">
                {t('inspections.form.addItem')}
              </Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
