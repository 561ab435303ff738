import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CASE_STATUSES, CASE_TYPES, type CaseStatus, type CaseType } from '../../../../../common/case-workflow';
import { describeError } from '../../../../lib/i18n/describeError';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import type { CaseListQuery } from '../hooks/caseQueryKeys';
import { useCases } from '../hooks/useCases';
import { useExport } from '../hooks/useExport';
import { CaseFilterBar, type CaseFilters } from './CaseFilterBar';
import { CaseTable } from './CaseTable';

const PAGE_SIZE = 20;

/** The filters kept in the URL (so a drill-down from the supervision view lands here filtered). */
export function filtersFromParams(params: URLSearchParams): Omit<CaseFilters, 'q'> {
  const status = params.get('status');
  const type = params.get('type');
  return {
    area: Number(params.get('area')) || undefined,
    status: status && (CASE_STATUSES as readonly string[]).includes(status) ? (status as CaseStatus) : undefined,
    category: Number(params.get('category')) || undefined,
    type: type && (CASE_TYPES as readonly string[]).includes(type) ? (type as CaseType) : undefined,
    overdue: params.get('overdue') === '1',
  };
}

/** 全部: every case in scope, filtered on the server, with an XLSX export of the same filters. */
export function AllCasesTab() {
  const { t } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const filters = filtersFromParams(params);
  const query: CaseListQuery = {
    area: filters.area,
    status: filters.status,
    category: filters.category,
    type: filters.type,
    overdue: filters.overdue ? '1' : undefined,
    q: q || undefined,
  };
  const list = useCases({ ...query, page, pageSize: PAGE_SIZE });
  const exporter = useExport();

  const onChange = (changes: Partial<CaseFilters>) => {
    if ('q' in changes) setSearch(changes.q ?? '');
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (key === 'q') continue;
      const text = value === true ? '1' : value === false || value === undefined || value === null ? '' : String(value);
      if (text) next.set(key, text);
      else next.delete(key);
    }
    setParams(next, { replace: true });
    setPage(1);
  };

  return (
    <>
      <CaseFilterBar value={{ ...filters, q: search }} onChange={onChange} />
      <div className="case-toolbar">
        {list.data && <Typography.Text type="secondary">{t('list.total', { count: list.data.total })}</Typography.Text>}
        <Button icon={<DownloadOutlined />} loading={exporter.busy} onClick={() => exporter.run('/api/cases/export', { ...query }, 'cases.xlsx')} data-testid="case-export">
          {t('list.export')}
        </Button>
      </div>
      {list.isError && <Alert type="error" showIcon title={describeError(tc, list.error).title} description={describeError(tc, list.error).detail} style={{ marginBottom: 16 }} />}
      <CaseTable
        items={list.data?.items}
        loading={list.isFetching}
        testId="case-table-all"
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, size: 'small' }}
      />
    </>
  );
}
