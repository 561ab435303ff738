import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TAttachment, TCaseCreate } from '../../../../../common/cases';
import { PageHeader } from '../../../shared/components/PageHeader';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { HouseholdSelect } from '../../registry/components/HouseholdSelect';
import { AttachmentUpload } from '../components/AttachmentUpload';
import { useCaseCategories } from '../hooks/useCaseCategories';
import { useCreateCase } from '../hooks/useCreateCase';
import '../cases.css';

interface Values {
  categoryId?: number;
  areaId?: number;
  title?: string;
  description?: string;
  address?: string;
  lat?: number | null;
  lng?: number | null;
  householdId?: number;
  neededBy?: Dayjs | null;
  reporterName?: string;
  reporterPhone?: string;
}

/** `/cases/new`: raise a case from the desktop (on behalf of a resident when a name is given). */
export function NewCasePage() {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const handleError = useApiErrorHandler();
  const { data: me } = useMe();
  const categories = useCaseCategories();
  const create = useCreateCase();
  const [form] = Form.useForm<Values>();
  const [attachments, setAttachments] = useState<TAttachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const categoryId = Form.useWatch('categoryId', form);
  const active = (categories.data ?? []).filter((c) => c.active);
  const category = active.find((c) => c.id === categoryId);
  const homeArea = me?.assignments[0]?.area.id;

  const onFinish = (values: Values) => {
    const body: TCaseCreate = {
      categoryId: values.categoryId!,
      areaId: values.areaId!,
      title: values.title!.trim(),
      description: values.description?.trim() ?? '',
    };
    if (values.address?.trim()) body.address = values.address.trim();
    if (values.lat != null && values.lng != null) body.location = { lat: values.lat, lng: values.lng };
    if (attachments.length) body.attachmentIds = attachments.map((a) => a.id);
    if (category?.type === 'errand') {
      if (values.householdId) body.householdId = values.householdId;
      if (values.neededBy) body.neededBy = values.neededBy.toISOString();
    }
    if (values.reporterName?.trim()) body.reporterName = values.reporterName.trim();
    if (values.reporterPhone?.trim()) body.reporterPhone = values.reporterPhone.trim();
    create.mutate(body, {
      onSuccess: (created) => {
        message.success(t('form.created', { reference: created.reference }));
        navigate(`/cases/${created.id}`);
      },
      onError: (error) => handleError(error, form),
    });
  };

  return (
    <>
      <PageHeader
        title={t('form.title')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/cases')}>
            {t('form.back')}
          </Button>
        }
      />
      <Card className="case-form">
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ areaId: homeArea }} data-testid="case-form">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="categoryId" label={t('form.category')} rules={[{ required: true, message: t('form.required') }]} extra={category && t('form.categoryHint', { type: t(`type.${category.type}`), accept: category.acceptHours, resolve: category.resolveHours })}>
                <Select
                  placeholder={t('form.categoryPlaceholder')}
                  loading={categories.isFetching}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={active.map((c) => ({ value: c.id, label: `${c.name}（${t(`type.${c.type}`)}）` }))}
                  data-testid="case-category"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="areaId" label={t('form.area')} rules={[{ required: true, message: t('form.required') }]}>
                <AreaTreeSelect placeholder={t('form.areaPlaceholder')} data-testid="case-area" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="title" label={t('form.caseTitle')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input maxLength={200} placeholder={t('form.caseTitlePlaceholder')} data-testid="case-title" />
          </Form.Item>
          <Form.Item name="description" label={t('form.description')}>
            <Input.TextArea rows={4} maxLength={5000} showCount data-testid="case-description" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="address" label={t('form.address')}>
                <Input maxLength={200} placeholder={t('form.addressPlaceholder')} data-testid="case-address" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="lat"
                label={t('form.lat')}
                dependencies={['lng']}
                rules={[({ getFieldValue }) => ({ validator: (_, v) => ((v == null) === (getFieldValue('lng') == null) ? Promise.resolve() : Promise.reject(new Error(t('form.locationBoth')))) })]}
              >
                <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} data-testid="case-lat" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="lng" label={t('form.lng')}>
                <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} data-testid="case-lng" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t('form.attachments')} extra={t('upload.hint')}>
            <AttachmentUpload
              onChange={(list, busy) => {
                setAttachments(list);
                setUploading(busy);
              }}
              data-testid="case-upload"
            />
          </Form.Item>
          {category?.type === 'errand' && (
            <Card size="small" title={t('form.errand')} className="case-form__section" data-testid="case-errand">
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item name="householdId" label={t('form.household')}>
                    <HouseholdSelect data-testid="case-household" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="neededBy" label={t('form.neededBy')}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="case-needed-by" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          )}
          <Card size="small" title={t('form.onBehalf')} className="case-form__section">
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="reporterName" label={t('form.reporterName')}>
                  <Input maxLength={50} data-testid="case-reporter-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="reporterPhone" label={t('form.reporterPhone')} rules={[{ pattern: /^1\d{10}$/, message: t('form.phoneInvalid') }]}>
                  <Input maxLength={11} inputMode="numeric" data-testid="case-reporter-phone" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Typography.Paragraph />
          <Button type="primary" htmlType="submit" loading={create.isPending} disabled={uploading} data-testid="case-submit">
            {t('form.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
