import { SearchOutlined } from '@ant-design/icons';
import { Alert, Checkbox, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import type { TSubmission } from '../../../../../common/forms';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { DayRangeFilter } from '../components/DayRangeFilter';
import { FormPageHeader } from '../components/FormPageHeader';
import { SubmissionDrawer } from '../components/SubmissionDrawer';
import { SubmissionExportButtons } from '../components/SubmissionExportButtons';
import { useFormDetail } from '../hooks/useFormDetail';
import { useSubmissions } from '../hooks/useSubmissions';
import { rangeFromParams, withParams } from '../utils/dayRange';
import '../formStats.css';

const PAGE_SIZE = 50;

/**
 * `/forms/:id/submissions?area&from&to&flagged&q&page&sid`: the submissions of a form, filtered and
 * paged on the server, personal fields masked; `sid` opens one in the drawer. Export for form.export.
 */
export function FormSubmissionsPage() {
  const { t, i18n } = useTranslation('formStats');
  const { t: tc } = useTranslation('common');
  const { t: ta } = useTranslation('admin');
  const formId = Number(useParams().id);
  const form = useFormDetail(formId);
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const area = Number(params.get('area')) || undefined;
  const range = rangeFromParams(params);
  const flagged = params.get('flagged') === '1' ? ('1' as const) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sid = params.get('sid');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 300);
  const list = useSubmissions(formId, { area, from: range?.from, to: range?.to, flagged, q: q || undefined, page, pageSize: PAGE_SIZE });

  const update = (changes: Record<string, string | undefined>, keepPage = false) => setParams(withParams(params, keepPage ? changes : { ...changes, page: undefined }), { replace: true });
  // Only the settled search term goes into the URL (and back to page 1).
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q: q || undefined });
  }, [q]);

  const columns: TableColumnsType<TSubmission> = [
    { title: t('submissions.reference'), dataIndex: 'reference', render: (v: string) => <span className="registry-nowrap">{v}</span> },
    { title: t('submissions.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => <span className="registry-nowrap">{formatDateTime(v, i18n.language)}</span> },
    { title: t('submissions.day'), dataIndex: 'day', render: (v: string) => <span className="registry-nowrap">{v}</span> },
    { title: t('submissions.area'), dataIndex: 'areaName' },
    { title: t('submissions.reporter'), dataIndex: 'reporterName', render: (v: string) => <span className="registry-nowrap">{v}</span> },
    { title: t('submissions.phone'), dataIndex: 'reporterPhone', render: (v: string) => <span className="registry-number">{v}</span> },
    {
      title: t('submissions.flagged'),
      dataIndex: 'flagged',
      render: (v: boolean) =>
        v ? (
          <Tag color="red" data-testid="submission-flagged">
            {t('submissions.flagged')}
          </Tag>
        ) : null,
    },
  ];

  const exportFilters = { area, from: range?.from, to: range?.to, flagged, q: q || undefined };

  return (
    <>
      <FormPageHeader form={form.data} active="submissions" extra={hasPermission(me, 'form.export') && <SubmissionExportButtons formId={formId} filters={exportFilters} canReveal={hasPermission(me, 'resident.reveal')} />} />
      <div className="registry-filters">
        <AreaTreeSelect className="registry-filters__area" value={area ?? null} onChange={(id) => update({ area: id ? String(id) : undefined })} placeholder={t('submissions.area')} data-testid="submissions-area" />
        <DayRangeFilter value={range} onChange={(r) => update({ from: r.from, to: r.to })} onAll={() => update({ from: undefined, to: undefined })} allActive={!range} />
        <Checkbox checked={!!flagged} onChange={(e) => update({ flagged: e.target.checked ? '1' : undefined })} data-testid="submissions-flagged">
          {t('submissions.flaggedOnly')}
        </Checkbox>
        <Input
          className="registry-filters__search"
          style={{ width: 220 }}
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('submissions.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="submissions-search"
        />
        {list.data && (
          <Typography.Text type="secondary" data-testid="submissions-total" data-total={list.data.total}>
            {ta('common.total', { count: list.data.total })}
          </Typography.Text>
        )}
      </div>
      {(form.isError || list.isError) && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(tc, form.error ?? list.error).title} description={describeError(tc, form.error ?? list.error).detail} />
      )}
      <div data-testid="submissions-table">
        <Table<TSubmission>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('submissions.empty') }}
          rowClassName={() => 'registry-row--clickable'}
          onRow={(row) =>
            ({
              'data-testid': 'submission-row',
              'data-submission-id': row.id,
              'data-flagged': row.flagged ? '1' : '0',
              onClick: () => update({ sid: row.id }, true),
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => update({ page: String(p) }, true), size: 'small' }}
        />
      </div>
      <SubmissionDrawer formId={formId} sid={sid} canReveal={hasPermission(me, 'resident.reveal')} canDelete={hasPermission(me, 'form.write')} onClose={() => update({ sid: undefined }, true)} />
    </>
  );
}
