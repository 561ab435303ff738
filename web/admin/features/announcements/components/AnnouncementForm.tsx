import { Button, Col, DatePicker, Form, Input, Row, Select, Switch, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ANNOUNCEMENT_CATEGORIES, ANNOUNCEMENT_URGENCIES, type AnnouncementCategory, type AnnouncementUrgency, type TAnnouncementDetail } from '../../../../../common/announcements';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';

export interface AnnouncementFormValues {
  title: string;
  body: string;
  areaId?: number;
  category: AnnouncementCategory;
  refutes?: string;
  urgency: AnnouncementUrgency;
  pinned: boolean;
  publishAt?: Dayjs | null;
  expiresAt?: Dayjs | null;
}

/** The form's starting values: a fresh epidemic update, or the notice being edited. */
export function initialFormValues(a: TAnnouncementDetail | undefined): AnnouncementFormValues {
  if (!a) return { title: '', body: '', category: 'epidemic_update', urgency: 'normal', pinned: false, publishAt: null, expiresAt: null };
  return {
    title: a.title,
    body: a.body,
    areaId: a.areaId,
    category: a.category,
    refutes: a.refutes ?? undefined,
    urgency: a.urgency,
    pinned: a.pinned,
    publishAt: a.publishAt ? dayjs(a.publishAt) : null,
    expiresAt: a.expiresAt ? dayjs(a.expiresAt) : null,
  };
}

/** Form values as the API wants them: times as ISO 8601 with the local offset, cleared ones as null. */
export function formToBody(v: AnnouncementFormValues) {
  return {
    title: v.title,
    body: v.body ?? '',
    category: v.category,
    refutes: v.category === 'rumour_refuted' ? v.refutes?.trim() || null : null,
    urgency: v.urgency,
    pinned: v.pinned,
    publishAt: v.publishAt ? v.publishAt.format() : null,
    expiresAt: v.expiresAt ? v.expiresAt.format() : null,
  };
}

/**
 * Title, Markdown body with a plain-text preview, category (a 辟谣 asks for the claim), urgency, pin,
 * target area (fixed once written) and the schedule. The preview is escape-only on purpose: the
 * only HTML this app ever injects is what the server's safe renderer produced.
 */
export function AnnouncementForm({ form, areaName, disabled, saving, onSave }: { form: FormInstance<AnnouncementFormValues>; areaName?: string; disabled: boolean; saving: boolean; onSave: (v: AnnouncementFormValues) => void }) {
  const isNew = areaName === undefined;
  const { t } = useTranslation('admin');
  const category = Form.useWatch('category', form);
  const body = Form.useWatch('body', form);
  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <Form<AnnouncementFormValues> form={form} layout="vertical" disabled={disabled} onFinish={onSave} data-testid="announcement-form">
      <Form.Item name="title" label={t('announcements.field.title')} rules={[...required(t('announcements.field.title')), { max: 120 }]}>
        <Input maxLength={120} data-testid="announcement-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          {isNew ? (
            <Form.Item name="areaId" label={t('announcements.field.area')} rules={required(t('announcements.field.area'))}>
              <AreaTreeSelect placeholder={t('common.areaPlaceholder')} allowClear={false} data-testid="announcement-area" />
            </Form.Item>
          ) : (
            // The target area is fixed once written (PATCH has no areaId): write a new notice for another area.
            <Form.Item label={t('announcements.field.area')}>
              <Input value={areaName} disabled data-testid="announcement-area" />
            </Form.Item>
          )}
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="category" label={t('announcements.field.category')}>
            <Select data-testid="announcement-category" options={ANNOUNCEMENT_CATEGORIES.map((c) => ({ value: c, label: t(`announcements.category.${c}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="urgency" label={t('announcements.field.urgency')}>
            <Select data-testid="announcement-urgency" options={ANNOUNCEMENT_URGENCIES.map((u) => ({ value: u, label: t(`announcements.urgency.${u}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      {category === 'rumour_refuted' && (
        <Form.Item name="refutes" label={t('announcements.field.refutes')} extra={t('announcements.refutesHint')} rules={[...required(t('announcements.field.refutes')), { max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} data-testid="announcement-refutes" />
        </Form.Item>
      )}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="body" label={t('announcements.field.body')} rules={[{ max: 20_000 }]}>
            <Input.TextArea autoSize={{ minRows: 10, maxRows: 30 }} data-testid="announcement-body" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('announcements.preview')}</Typography.Text>
          <div className="announcement-preview" data-testid="announcement-preview">
            {body}
          </div>
          <Typography.Text type="secondary">{t('announcements.previewHint')}</Typography.Text>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="publishAt" label={t('announcements.field.publishAt')} extra={t('announcements.publishAtHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="announcement-publish-at" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="expiresAt" label={t('announcements.field.expiresAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="announcement-expires-at" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="pinned" label={t('announcements.field.pinned')} valuePropName="checked">
            <Switch data-testid="announcement-pinned" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="announcement-save">
        {t('announcements.save')}
      </Button>
    </Form>
  );
}
