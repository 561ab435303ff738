import { PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { FORM_STATUSES, type FormStatus } from '../../../../../common/form-definition';
import { describeError } from '../../../../lib/i18n/describeError';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { FormTable } from '../components/FormTable';
import { ImportXlsFormModal } from '../components/ImportXlsFormModal';
import { useForms } from '../hooks/useForms';

const PAGE_SIZE = 20;

/** `/forms`: the self-report forms in scope, searched by title and filtered by area and status on the server. */
export function FormsPage() {
  const { t } = useTranslation('forms');
  const { t: tc } = useTranslation('common');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const canWrite = hasPermission(me, 'form.write');
  const area = Number(params.get('area')) || undefined;
  const status = (params.get('status') as FormStatus | null) ?? undefined;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [importing, setImporting] = useState(false);
  const list = useForms({ area, status, q: q || undefined, page, pageSize: PAGE_SIZE });
  const homeArea = me?.assignments[0]?.area.id ?? null;

  const setFilter = (key: 'area' | 'status', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
  };

  return (
    <>
      <PageHeader
        title={t('list.title')}
        extra={
          canWrite && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="form-import">
                {t('list.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/forms/new')} data-testid="form-new">
                {t('list.new')}
              </Button>
            </>
          )
        }
      />
      <div className="registry-filters">
        <Input
          allowClear
          className="registry-filters__search"
          prefix={<SearchOutlined />}
          placeholder={t('list.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          data-testid="forms-search"
        />
        <AreaTreeSelect className="registry-filters__area" value={area} onChange={(id) => setFilter('area', id ? String(id) : undefined)} placeholder={t('list.areaAll')} data-testid="forms-area" />
        <Select
          allowClear
          style={{ width: 140 }}
          value={status}
          onChange={(v?: FormStatus) => setFilter('status', v)}
          placeholder={t('list.statusAll')}
          options={FORM_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          data-testid="forms-status"
        />
        {list.data && <Typography.Text type="secondary">{t('list.total', { count: list.data.total })}</Typography.Text>}
      </div>
      {list.isError && <Alert type="error" showIcon title={describeError(tc, list.error).title} description={describeError(tc, list.error).detail} style={{ marginBottom: 16 }} />}
      <FormTable
        items={list.data?.items}
        loading={list.isFetching}
        canWrite={canWrite}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, size: 'small' }}
      />
      {canWrite && <ImportXlsFormModal open={importing} defaultAreaId={homeArea} onClose={() => setImporting(false)} />}
    </>
  );
}
