import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Select, Skeleton, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { CASE_STATUSES, type CaseStatus } from '../../../../../common/case-workflow';
import type { TAttachment } from '../../../../../common/cases';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AttachmentUpload } from '../components/AttachmentUpload';
import { CaseStatusTag } from '../components/CaseStatusTag';
import { InspectionStatusTag } from '../components/InspectionStatusTag';
import { useCaseCategories } from '../hooks/useCaseCategories';
import { useInspection, useRecordInspection, type TInspection } from '../hooks/useInspections';
import '../cases.css';

type Item = TInspection['items'][number];
const isStatus = (s: string | null): s is CaseStatus => s !== null && (CASE_STATUSES as readonly string[]).includes(s);

/**
 * `/inspections/:id`: the inspection, the form to record its results (pass/fail, note and photos per
 * item, a score, the category failed items become cases of) while planned, and afterwards each
 * item's result with its rectification case and that case's status.
 */
export function InspectionDetailPage() {
  const { t, i18n } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const navigate = useNavigate();
  const id = Number(useParams().id) || 0;
  const { data: me } = useMe();
  const query = useInspection(id);
  const insp = query.data;

  if (query.isError && !insp) {
    const err = describeError(tc, query.error);
    return (
      <>
        <PageHeader title={t('inspections.detail.info')} />
        <Alert type="error" showIcon title={err.title} description={err.detail} />
      </>
    );
  }
  if (!insp) return <Skeleton active />;

  const findings = insp.items.filter((i) => i.caseId !== null);
  const openFindings = findings.filter((i) => i.caseStatus !== 'closed' && i.caseStatus !== 'rejected').length;
  const canRecord = insp.status === 'planned' && hasPermission(me, 'inspection.write');

  const columns: TableProps<Item>['columns'] = [
    { key: 'item', title: t('inspections.detail.item'), dataIndex: 'item' },
    {
      key: 'result',
      title: t('inspections.detail.result'),
      width: 100,
      render: (_, i) => (i.passed === null ? '—' : i.passed ? <Typography.Text type="success">{t('inspections.detail.pass')}</Typography.Text> : <Typography.Text type="danger">{t('inspections.detail.fail')}</Typography.Text>),
    },
    { key: 'note', title: t('inspections.detail.note'), dataIndex: 'note', ellipsis: true },
    {
      key: 'case',
      title: t('inspections.detail.linkedCase'),
      width: 200,
      render: (_, i) =>
        i.caseId === null ? (
          '—'
        ) : (
          <span data-testid="inspection-case" data-case-id={i.caseId}>
            <Link to={`/cases/${i.caseId}`}>#{i.caseId}</Link> {isStatus(i.caseStatus) && <CaseStatusTag status={i.caseStatus} />}
          </span>
        ),
    },
  ];

  return (
    <div data-testid="inspection-detail" data-status={insp.status}>
      <PageHeader
        title={insp.title}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/inspections')}>
            {t('inspections.detail.back')}
          </Button>
        }
      />
      <Card size="small" title={t('inspections.detail.info')} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('inspections.column.status')}>
            <InspectionStatusTag status={insp.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.column.area')}>{insp.areaName}</Descriptions.Item>
          <Descriptions.Item label={t('inspections.column.kind')}>{t(`inspections.kind.${insp.kind}`)}</Descriptions.Item>
          {insp.target && <Descriptions.Item label={t('inspections.column.target')}>{insp.target}</Descriptions.Item>}
          {insp.plannedAt && <Descriptions.Item label={t('inspections.column.plannedAt')}>{formatDateTime(insp.plannedAt, i18n.language)}</Descriptions.Item>}
          {insp.inspectorName && <Descriptions.Item label={t('inspections.column.inspector')}>{insp.inspectorName}</Descriptions.Item>}
          {insp.score !== null && <Descriptions.Item label={t('inspections.detail.score')}>{insp.score}</Descriptions.Item>}
          {insp.recordedAt && <Descriptions.Item label={t('inspections.detail.recordedAt')}>{formatDateTime(insp.recordedAt, i18n.language)}</Descriptions.Item>}
          {insp.closedAt && <Descriptions.Item label={t('inspections.detail.closedAt')}>{formatDateTime(insp.closedAt, i18n.language)}</Descriptions.Item>}
        </Descriptions>
        {insp.status === 'closed' && <Alert type="success" showIcon title={t('inspections.detail.closedHint')} />}
        {insp.status === 'recorded' && openFindings > 0 && <Alert type="warning" showIcon title={t('inspections.detail.openFindings', { count: openFindings })} />}
      </Card>
      {canRecord ? (
        <RecordForm inspection={insp} />
      ) : (
        <Card size="small" title={t('inspections.detail.checklist')}>
          <Table<Item> rowKey="id" size="small" columns={columns} dataSource={insp.items} pagination={false} data-testid="inspection-items" />
        </Card>
      )}
    </div>
  );
}

interface RecordValues {
  items: { id: number; passed?: boolean; note?: string }[];
  score?: number | null;
  findingCategoryId?: number;
}

/** Results per checklist item; failed items become rectification cases of the chosen category. */
function RecordForm({ inspection }: { inspection: TInspection }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const record = useRecordInspection(inspection.id);
  const categories = useCaseCategories();
  const [form] = Form.useForm<RecordValues>();
  const [photos, setPhotos] = useState<Record<number, TAttachment[]>>({});
  const [uploading, setUploading] = useState<Record<number, boolean>>({});
  const findingCategories = (categories.data ?? []).filter((c) => c.active && (c.type === 'rectification' || c.type === 'inspection_finding'));

  const onFinish = (v: RecordValues) => {
    record.mutate(
      {
        items: v.items.map((i) => ({
          id: i.id,
          passed: i.passed!,
          note: i.note?.trim() || undefined,
          attachmentIds: photos[i.id]?.length ? photos[i.id].map((a) => a.id) : undefined,
        })),
        score: v.score ?? undefined,
        findingCategoryId: v.findingCategoryId!,
      },
      {
        onSuccess: (updated) => message.success(t('inspections.detail.recorded', { count: updated.items.filter((i) => i.caseId !== null).length })),
        onError: (error) => handleError(error, form),
      },
    );
  };

  return (
    <Card size="small" title={t('inspections.detail.checklist')}>
      <Form<RecordValues> form={form} layout="vertical" onFinish={onFinish} initialValues={{ items: inspection.items.map((i) => ({ id: i.id })) }} data-testid="inspection-record">
        <Form.List name="items">
          {(fields) =>
            fields.map((field, index) => {
              const item = inspection.items[index];
              return (
                <Card key={field.key} size="small" type="inner" title={`${index + 1}. ${item.item}`} style={{ marginBottom: 12 }} data-testid="inspection-record-item">
                  <Form.Item name={[field.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'passed']} label={t('inspections.detail.result')} rules={[{ required: true, message: t('inspections.detail.allAnswered') }]}>
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      options={[
                        { value: true, label: t('inspections.detail.pass') },
                        { value: false, label: t('inspections.detail.fail') },
                      ]}
                      data-testid="inspection-result"
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']} label={t('inspections.detail.note')}>
                    <Input.TextArea rows={2} maxLength={1000} data-testid="inspection-note" />
                  </Form.Item>
                  <Form.Item label={t('inspections.detail.photos')}>
                    <AttachmentUpload
                      imagesOnly
                      onChange={(list, busy) => {
                        setPhotos((prev) => ({ ...prev, [item.id]: list }));
                        setUploading((prev) => ({ ...prev, [item.id]: busy }));
                      }}
                    />
                  </Form.Item>
                </Card>
              );
            })
          }
        </Form.List>
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
          <Form.Item name="score" label={t('inspections.detail.score')} style={{ width: 160 }}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid="inspection-score" />
          </Form.Item>
          <Form.Item name="findingCategoryId" label={t('inspections.detail.findingCategory')} extra={t('inspections.detail.findingCategoryHint')} rules={[{ required: true, message: t('form.required') }]} style={{ minWidth: 280 }}>
            <Select options={findingCategories.map((c) => ({ value: c.id, label: `${c.name}（${t(`type.${c.type}`)}）` }))} loading={categories.isFetching} data-testid="inspection-category" />
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" loading={record.isPending} disabled={Object.values(uploading).some(Boolean)} data-testid="inspection-record-submit">
          {t('inspections.detail.record')}
        </Button>
      </Form>
    </Card>
  );
}
