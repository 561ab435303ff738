import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { InspectionFormModal } from '../components/InspectionFormModal';
import { InspectionStatusTag } from '../components/InspectionStatusTag';
import { useInspections, type InspectionStatus, type TInspection } from '../hooks/useInspections';
import '../cases.css';

const PAGE_SIZE = 20;
const STATUSES: InspectionStatus[] = ['planned', 'recorded', 'closed'];

/** `/inspections` (督查): planned and recorded inspections; a new one is planned from here. */
export function InspectionsPage() {
  const { t, i18n } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const { data: me } = useMe();
  const [area, setArea] = useState<number | undefined>();
  const [status, setStatus] = useState<InspectionStatus | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useInspections(area, status, page, PAGE_SIZE);

  const columns: TableProps<TInspection>['columns'] = [
    {
      key: 'title',
      title: t('inspections.column.title'),
      render: (_, i) => (
        <Link to={`/inspections/${i.id}`} data-testid="inspection-link">
          {i.title}
        </Link>
      ),
    },
    { key: 'area', title: t('inspections.column.area'), dataIndex: 'areaName', width: 150 },
    { key: 'kind', title: t('inspections.column.kind'), width: 120, render: (_, i) => t(`inspections.kind.${i.kind}`) },
    { key: 'target', title: t('inspections.column.target'), dataIndex: 'target', ellipsis: true },
    { key: 'plannedAt', title: t('inspections.column.plannedAt'), width: 170, render: (_, i) => formatDateTime(i.plannedAt, i18n.language) },
    { key: 'inspector', title: t('inspections.column.inspector'), dataIndex: 'inspectorName', width: 110 },
    { key: 'score', title: t('inspections.column.score'), dataIndex: 'score', width: 80, align: 'right' },
    { key: 'status', title: t('inspections.column.status'), width: 100, render: (_, i) => <InspectionStatusTag status={i.status} /> },
  ];

  return (
    <>
      <PageHeader
        title={t('inspections.title')}
        extra={
          hasPermission(me, 'inspection.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="inspection-new">
              {t('inspections.new')}
            </Button>
          )
        }
      />
      <div className="registry-filters">
        <AreaTreeSelect
          className="registry-filters__area"
          value={area}
          onChange={(id) => {
            setArea(id);
            setPage(1);
          }}
          placeholder={t('inspections.areaAll')}
        />
        <Select<InspectionStatus>
          allowClear
          style={{ width: 130 }}
          value={status}
          placeholder={t('inspections.statusAll')}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`inspections.status.${s}`) }))}
        />
        {list.data && <Typography.Text type="secondary">{t('inspections.total', { count: list.data.total })}</Typography.Text>}
      </div>
      {list.isError && <Alert type="error" showIcon title={describeError(tc, list.error).title} style={{ marginBottom: 16 }} />}
      <Table<TInspection>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, size: 'small' }}
      />
      <InspectionFormModal open={creating} defaultAreaId={me?.assignments[0]?.area.id} onClose={() => setCreating(false)} />
    </>
  );
}
