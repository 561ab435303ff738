import { App, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_TYPES, ESCALATION_LADDER } from '../../../../../common/case-workflow';
import type { TCaseCategory } from '../../../../../common/cases';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useSaveCaseCategory, type CaseCategoryInput } from '../hooks/useCaseCategories';

/** Creates a category, or edits `category` (code, name, type, default role, time limits, public reporting, active). */
export function CategoryFormModal({ open, category, onClose }: { open: boolean; category: TCaseCategory | null; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const save = useSaveCaseCategory();
  const [form] = Form.useForm<CaseCategoryInput>();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      category
        ? { ...category, description: category.description ?? undefined }
        : { type: 'rectification', defaultRole: 'grid_worker', acceptHours: 24, resolveHours: 72, publicReporting: true, active: true },
    );
  }, [open, category, form]);

  const onOk = async () => {
    const values = await form.validateFields();
    const body: Partial<CaseCategoryInput> = { ...values, description: values.description?.trim() || undefined };
    save.mutate(
      { id: category?.id, body },
      {
        onSuccess: (saved) => {
          message.success(t('categories.saved', { name: saved.name }));
          onClose();
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={category ? t('categories.edit') : t('categories.new')}
      onOk={() => void onOk().catch(() => undefined)}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'category-save' }}
      onCancel={onClose}
      forceRender
      width={560}
    >
      <Form form={form} layout="vertical" data-testid="category-form">
        <Form.Item name="code" label={t('categories.code')} extra={t('categories.codeHint')} rules={[{ required: true, message: t('form.required') }, { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, message: t('categories.codeHint') }]}>
          <Input maxLength={64} data-testid="category-code" />
        </Form.Item>
        <Form.Item name="name" label={t('categories.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={100} data-testid="category-name" />
        </Form.Item>
        <Form.Item name="type" label={t('categories.type')} rules={[{ required: true }]}>
          <Select options={CASE_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))} data-testid="category-type" />
        </Form.Item>
        <Form.Item name="description" label={t('categories.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="defaultRole" label={t('categories.defaultRole')} extra={t('categories.defaultRoleHint')} rules={[{ required: true }]}>
          <Select options={ESCALATION_LADDER.map((role) => ({ value: role, label: labels.role(role) }))} data-testid="category-role" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item name="acceptHours" label={t('categories.acceptHours')} rules={[{ required: true, message: t('form.required') }]} style={{ flex: 1 }}>
            <InputNumber min={0.5} max={24 * 90} step={1} style={{ width: '100%' }} data-testid="category-accept" />
          </Form.Item>
          <Form.Item name="resolveHours" label={t('categories.resolveHours')} rules={[{ required: true, message: t('form.required') }]} style={{ flex: 1 }}>
            <InputNumber min={0.5} max={24 * 365} step={1} style={{ width: '100%' }} data-testid="category-resolve" />
          </Form.Item>
        </div>
        <div style={{ display: 'flex', gap: 32 }}>
          <Form.Item name="publicReporting" label={t('categories.publicReporting')} valuePropName="checked">
            <Switch data-testid="category-public" />
          </Form.Item>
          <Form.Item name="active" label={t('categories.active')} valuePropName="checked">
            <Switch data-testid="category-active" />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
