import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Rate, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AttachmentThumbs } from '../components/AttachmentThumbs';
import { CaseActions } from '../components/CaseActions';
import { CaseStatusTag } from '../components/CaseStatusTag';
import { CaseTimeline } from '../components/CaseTimeline';
import { DueText } from '../components/DueText';
import { useCase } from '../hooks/useCase';
import '../cases.css';

const SOURCES = ['staff', 'resident', 'open311', 'inspection'] as const;

/** `/cases/:id`: the case, the buttons of what the caller may do now, and its timeline. */
export function CaseDetailPage() {
  const { t, i18n } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const { t: ta } = useTranslation('admin');
  const labels = useLabels();
  const navigate = useNavigate();
  const id = Number(useParams().id) || 0;
  const query = useCase(id);
  const c = query.data;

  if (query.isError && !c) {
    const err = describeError(tc, query.error);
    return (
      <>
        <PageHeader title={t('detail.info')} />
        <Alert type="error" showIcon title={err.title} description={err.detail} />
      </>
    );
  }
  if (!c) return <Skeleton active />;

  const source = (SOURCES as readonly string[]).includes(c.source) ? t(`source.${c.source as (typeof SOURCES)[number]}`) : c.source;
  const open = c.status !== 'closed' && c.status !== 'rejected';

  return (
    <div data-testid="case-detail" data-case-id={c.id} data-status={c.status} data-version={c.version}>
      <PageHeader
        title={`${c.reference} ${c.title}`}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/cases')}>
              {t('detail.back')}
            </Button>
            <Button icon={<ReloadOutlined />} loading={query.isFetching} onClick={() => void query.refetch()} aria-label={ta('common.refresh')} data-testid="case-reload" />
          </>
        }
      />
      <Card size="small" className="case-detail__actions">
        <Space wrap align="center" size={16}>
          <CaseStatusTag status={c.status} />
          {open && <DueText dueAt={c.dueAt} overdue={c.overdue} dueSoon={c.dueSoon} />}
          <CaseActions detail={c} onReload={() => void query.refetch()} />
        </Space>
      </Card>
      <div className="case-detail">
        <Card title={t('detail.info')} size="small" className="case-detail__info">
          <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
            <Descriptions.Item label={t('detail.category')}>{c.categoryName}</Descriptions.Item>
            <Descriptions.Item label={t('detail.type')}>{t(`type.${c.type}`)}</Descriptions.Item>
            <Descriptions.Item label={t('detail.area')}>{c.areaName}</Descriptions.Item>
            <Descriptions.Item label={t('detail.source')}>{source}</Descriptions.Item>
            <Descriptions.Item label={t('detail.assignee')}>
              <span data-testid="case-assignee">{[c.assigneeName, c.assigneeAreaName].filter(Boolean).join(' · ') || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.responsible')}>
              {c.escalationLevel > 0 && <Tag color="red">{t('escalation.level', { level: c.escalationLevel })}</Tag>}
              {labels.role(c.responsibleRole)}
            </Descriptions.Item>
            {c.reporterName && (
              <Descriptions.Item label={t('detail.reporter')}>
                {c.reporterName} {c.reporterPhone}
              </Descriptions.Item>
            )}
            {c.neededBy && <Descriptions.Item label={t('detail.neededBy')}>{formatDateTime(c.neededBy, i18n.language)}</Descriptions.Item>}
            {c.householdAddress && <Descriptions.Item label={t('detail.household')}>{c.householdAddress}</Descriptions.Item>}
            {c.address && <Descriptions.Item label={t('detail.address')}>{c.address}</Descriptions.Item>}
            {c.location && (
              <Descriptions.Item label={t('detail.location')}>
                {c.location.lat.toFixed(6)}, {c.location.lng.toFixed(6)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('detail.created')}>{formatDateTime(c.createdAt, i18n.language)}</Descriptions.Item>
            {c.resolvedAt && <Descriptions.Item label={t('detail.resolvedAt')}>{formatDateTime(c.resolvedAt, i18n.language)}</Descriptions.Item>}
            {c.closedAt && <Descriptions.Item label={t('detail.closedAt')}>{formatDateTime(c.closedAt, i18n.language)}</Descriptions.Item>}
            {c.rating !== null && (
              <Descriptions.Item label={t('detail.rating')}>
                <Rate disabled value={c.rating} /> {c.ratingNote}
              </Descriptions.Item>
            )}
            {c.inspectionId !== null && (
              <Descriptions.Item label={t('detail.inspection')}>
                <Link to={`/inspections/${c.inspectionId}`}>#{c.inspectionId}</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('detail.description')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.description || '—'}</Typography.Paragraph>
            </Descriptions.Item>
            {c.attachments.length > 0 && (
              <Descriptions.Item label={t('detail.attachments')} span={2}>
                <AttachmentThumbs items={c.attachments} />
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Card title={t('detail.timeline')} size="small" className="case-detail__timeline">
          <CaseTimeline events={c.timeline} />
        </Card>
      </div>
    </div>
  );
}
