import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, Row, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { PageLoading } from '../../../shared/components/PageLoading';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AnnouncementActions } from '../components/AnnouncementActions';
import { AnnouncementForm, formToBody, initialFormValues, type AnnouncementFormValues } from '../components/AnnouncementForm';
import { AnnouncementLinks } from '../components/AnnouncementLinks';
import { AnnouncementStatusTag } from '../components/AnnouncementStatusTag';
import { NoticeDeliveries } from '../components/NoticeDeliveries';
import { ReachPanel } from '../components/ReachPanel';
import { VersionList } from '../components/VersionList';
import { useAnnouncement } from '../hooks/useAnnouncement';
import { useSaveAnnouncement } from '../hooks/useSaveAnnouncement';

/** `/announcements/new` and `/announcements/{id}`: write or edit a notice, act on it, and see whom it reached. */
export function AnnouncementEditPage() {
  const { t, i18n } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useApiErrorHandler();
  const { id: idParam } = useParams();
  const id = idParam && idParam !== 'new' ? Number(idParam) : null;
  const { data: me } = useMe();
  const canWrite = hasPermission(me, 'announcement.write');
  const detail = useAnnouncement(id);
  const save = useSaveAnnouncement(id);
  const [form] = Form.useForm<AnnouncementFormValues>();
  const a = detail.data;

  useEffect(() => {
    form.setFieldsValue(initialFormValues(a));
  }, [a, form]);

  const onSave = (values: AnnouncementFormValues) => {
    const body = formToBody(values);
    save.mutate(id === null ? { ...body, areaId: values.areaId as number } : body, {
      onSuccess: (saved) => {
        void message.success(t('announcements.saved'));
        if (id === null) navigate(`/announcements/${saved.id}`, { replace: true });
      },
      onError: (e) => onError(e, form),
    });
  };

  if (id !== null && detail.isPending) return <PageLoading />;
  if (id !== null && detail.isError) return <Alert type="error" showIcon title={describeError(tc, detail.error).title} description={describeError(tc, detail.error).detail} />;

  return (
    <>
      <PageHeader
        title={a ? a.title : t('announcements.newTitle')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/announcements')}>
            {t('announcements.back')}
          </Button>
        }
      />
      {a && (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="announcement-summary" data-id={a.id} data-status={a.status}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <AnnouncementStatusTag status={a.status} expired={a.expired} />
              {a.visible && <Typography.Text type="success">{t('announcements.visible')}</Typography.Text>}
              <AnnouncementActions announcement={a} me={me} />
            </Space>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'area', label: t('announcements.field.area'), children: a.areaName },
                { key: 'author', label: t('announcements.field.author'), children: a.authorName ?? '' },
                { key: 'reviewer', label: t('announcements.field.reviewer'), children: a.reviewerName ?? '' },
                { key: 'version', label: t('announcements.field.version'), children: a.version },
                { key: 'updated', label: t('announcements.field.updatedAt'), children: formatDateTime(a.updatedAt, i18n.language) },
              ]}
            />
            {a.reviewNote && <Alert type="info" title={t('announcements.lastReview', { note: a.reviewNote })} />}
            <AnnouncementLinks announcement={a} />
          </Space>
        </Card>
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <AnnouncementForm form={form} areaName={a?.areaName} disabled={!canWrite || a?.status === 'withdrawn'} saving={save.isPending} onSave={onSave} />
      </Card>
      {a && (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('announcements.serverHtml')} style={{ marginBottom: 16 }}>
              {/* The server's sanitised rendering (server/announcements/render-markdown.ts): the only HTML injected in this app. */}
              <div className="announcement-html" data-testid="announcement-html" dangerouslySetInnerHTML={{ __html: a.bodyHtml }} />
            </Card>
            <Card size="small" title={t('announcements.versions')} style={{ marginBottom: 16 }}>
              <VersionList versions={a.versions} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            {a.status === 'published' ? <ReachPanel id={a.id} canRecord={canWrite} /> : <Alert type="info" title={t('announcements.reachOnlyPublished')} />}
            {canWrite && (a.status === 'published' || a.status === 'withdrawn') && (
              <div style={{ marginTop: 16 }}>
                <NoticeDeliveries announcementId={a.id} areaId={a.areaId} />
              </div>
            )}
          </Col>
        </Row>
      )}
    </>
  );
}
