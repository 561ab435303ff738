import { Checkbox, Col, DatePicker, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FORM_MODES, type FormMode } from '../../../../../common/form-definition';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import type { DesignerState } from '../utils/designerState';

type Settings = Pick<DesignerState, 'areaId' | 'mode' | 'opensAt' | 'closesAt' | 'verification' | 'title' | 'description' | 'askIdNumber' | 'requireIdNumber'>;

/**
 * 表单设置: title, description, the area subtree (chosen once, when new), mode, open and close times,
 * SMS verification and whether the ID number is asked or required.
 */
export function FormSettingsCard({ value, areaName, errors, onChange }: { value: Settings; areaName?: string; errors: Record<string, string>; onChange: (patch: Partial<Settings>) => void }) {
  const { t } = useTranslation('forms');
  const isNew = areaName === undefined;
  const item = (key: string) => (errors[key] ? { validateStatus: 'error' as const, help: <span data-testid={`settings-error-${key}`}>{errors[key]}</span> } : {});
  return (
    <Form layout="vertical" component="div" data-testid="form-settings">
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item label={t('designer.title')} required {...item('title')}>
            <Input value={value.title} maxLength={200} placeholder={t('designer.titlePlaceholder')} onChange={(e) => onChange({ title: e.target.value })} data-testid="form-title" />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          {isNew ? (
            <Form.Item label={t('designer.area')} required extra={t('designer.areaHint')} {...item('areaId')}>
              <AreaTreeSelect value={value.areaId} onChange={(id) => onChange({ areaId: id ?? null })} allowClear={false} data-testid="form-area" />
            </Form.Item>
          ) : (
            <Form.Item label={t('designer.area')}>
              <Input value={areaName} disabled data-testid="form-area" />
            </Form.Item>
          )}
        </Col>
      </Row>
      <Form.Item label={t('designer.description')} {...item('description')}>
        <Input.TextArea value={value.description} maxLength={5000} autoSize={{ minRows: 2, maxRows: 8 }} placeholder={t('designer.descriptionPlaceholder')} onChange={(e) => onChange({ description: e.target.value })} data-testid="form-description" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item label={t('designer.mode')} extra={t(`modeHint.${value.mode}`)} {...item('mode')}>
            <Select value={value.mode} onChange={(mode: FormMode) => onChange({ mode })} options={FORM_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} data-testid="form-mode" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item label={t('designer.opensAt')} {...item('opensAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} placeholder={t('designer.openAnyTime')} value={value.opensAt} onChange={(d) => onChange({ opensAt: d ?? null })} data-testid="form-opens-at" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item label={t('designer.closesAt')} {...item('closesAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} placeholder={t('designer.openAnyTime')} value={value.closesAt} onChange={(d) => onChange({ closesAt: d ?? null })} data-testid="form-closes-at" />
          </Form.Item>
        </Col>
      </Row>
      <Space wrap size="large" align="center">
        <Space>
          <Switch checked={value.verification} onChange={(verification) => onChange({ verification })} data-testid="form-verification" />
          <span>{t('designer.verification')}</span>
          <Typography.Text type="secondary">{t('designer.verificationHint')}</Typography.Text>
        </Space>
        <Checkbox checked={value.askIdNumber || value.requireIdNumber} onChange={(e) => onChange({ askIdNumber: e.target.checked, requireIdNumber: e.target.checked ? value.requireIdNumber : false })} data-testid="form-ask-id">
          {t('designer.askIdNumber')}
        </Checkbox>
        <Checkbox checked={value.requireIdNumber} onChange={(e) => onChange({ requireIdNumber: e.target.checked, askIdNumber: e.target.checked || value.askIdNumber })} data-testid="form-require-id">
          {t('designer.requireIdNumber')}
        </Checkbox>
        <Typography.Text type="secondary">{t('designer.reporterHint')}</Typography.Text>
      </Space>
    </Form>
  );
}
