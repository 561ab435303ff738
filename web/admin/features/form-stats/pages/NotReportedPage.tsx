import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Empty, Statistic, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { buildUrl } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { CallResidentButton } from '../components/CallResidentButton';
import { FormPageHeader } from '../components/FormPageHeader';
import { useDefaultFormArea } from '../hooks/useDefaultFormArea';
import { useFormDetail } from '../hooks/useFormDetail';
import { useNotReported, type NotReported } from '../hooks/useNotReported';
import { DAY_FORMAT, today, withParams } from '../utils/dayRange';
import '../formStats.css';

const PAGE_SIZE = 50;
type Row = NotReported['items'][number];

/**
 * `/forms/:id/not-reported?area&day&page`: for a daily check-in, the registered residents of an area
 * (a grid, usually) with no submission that day, with their phones to call and an XLSX export.
 */
export function NotReportedPage() {
  const { t } = useTranslation('formStats');
  const { t: tc } = useTranslation('common');
  const formId = Number(useParams().id);
  const form = useFormDetail(formId);
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const defaultArea = useDefaultFormArea(form.data);
  const area = Number(params.get('area')) || defaultArea;
  const dayParam = params.get('day');
  // Without a day in the URL the server answers for today in the deployment's time zone.
  const day = dayParam && /^\d{4}-\d{2}-\d{2}$/.test(dayParam) ? dayParam : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const daily = form.data?.mode === 'daily';
  const list = useNotReported(formId, { area, day, page, pageSize: PAGE_SIZE }, daily);
  const canCall = hasPermission(me, 'resident.reveal');

  const update = (changes: Record<string, string | undefined>) => setParams(withParams(params, { page: undefined, ...changes }), { replace: true });

  const columns: TableColumnsType<Row> = [
    { title: t('notReported.name'), dataIndex: 'name', render: (v: string) => <span className="registry-nowrap">{v}</span> },
    { title: t('notReported.grid'), dataIndex: 'gridName', render: (v: string | null) => v ?? '—' },
    { title: t('notReported.address'), dataIndex: 'address' },
    {
      title: t('notReported.phone'),
      key: 'phone',
      render: (_, row) => (
        <span className="registry-reveal">
          <span className="registry-number">{row.phone ?? <span className="registry-muted">{t('notReported.noPhone')}</span>}</span>
          {canCall && row.phone && <CallResidentButton residentId={row.residentId} name={row.name} />}
        </span>
      ),
    },
    { title: t('notReported.householdPhone'), dataIndex: 'householdPhone', render: (v: string | null) => <span className="registry-number">{v ?? '—'}</span> },
  ];

  const counts = list.data;
  return (
    <>
      <FormPageHeader
        form={form.data}
        active="notReported"
        extra={
          daily &&
          area !== undefined && (
            <Button icon={<DownloadOutlined />} href={buildUrl(`/api/forms/${formId}/not-reported/export`, { area, day: day ?? list.data?.day })} download="" data-testid="not-reported-export">
              {t('notReported.export')}
            </Button>
          )
        }
      />
      {form.isError ? (
        <Alert type="error" showIcon title={describeError(tc, form.error).title} description={describeError(tc, form.error).detail} />
      ) : form.data && !daily ? (
        <Alert type="info" showIcon title={t('notReported.onlyDaily')} data-testid="not-reported-only-daily" />
      ) : (
        <>
          <div className="registry-filters">
            <AreaTreeSelect className="registry-filters__area" value={area ?? null} onChange={(id) => id && update({ area: String(id) })} allowClear={false} placeholder={t('notReported.pickArea')} data-testid="not-reported-area" />
            <DatePicker
              value={dayjs(day ?? list.data?.day ?? today())}
              allowClear={false}
              format={DAY_FORMAT}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              onChange={(d) => d && update({ day: d.format(DAY_FORMAT) })}
              aria-label={t('notReported.day')}
              data-testid="not-reported-day"
            />
          </div>
          {counts && (
            <div className="form-stats-counts" data-testid="not-reported-counts" data-expected={counts.expected} data-reported={counts.reported} data-not-reported={counts.total}>
              <Statistic title={t('notReported.expected')} value={counts.expected} />
              <Statistic title={t('notReported.reported')} value={counts.reported} styles={{ content: { color: '#389e0d' } }} />
              <Statistic title={t('notReported.notReported')} value={counts.total} styles={{ content: { color: counts.total ? '#cf1322' : undefined } }} />
            </div>
          )}
          {list.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(tc, list.error).title} description={describeError(tc, list.error).detail} />}
          <div data-testid="not-reported-table">
            <Table<Row>
              rowKey="residentId"
              size="middle"
              columns={columns}
              dataSource={list.data?.items}
              loading={list.isPending && area !== undefined ? true : list.isFetching && list.isPlaceholderData}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: counts && counts.expected > 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notReported.allReported')} /> : undefined }}
              onRow={(row) => ({ 'data-testid': 'not-reported-row', 'data-resident-id': row.residentId }) as React.HTMLAttributes<HTMLElement>}
              pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => setParams(withParams(params, { page: String(p) }), { replace: true }), size: 'small' }}
            />
          </div>
        </>
      )}
    </>
  );
}
