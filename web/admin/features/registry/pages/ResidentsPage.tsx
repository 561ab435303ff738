import { CloudUploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AddResidentModal } from '../components/AddResidentModal';
import { ResidentDrawer } from '../components/ResidentDrawer';
import { ResidentExportButton } from '../components/ResidentExportButton';
import { ResidentFilterBar } from '../components/ResidentFilterBar';
import { ResidentTable } from '../components/ResidentTable';
import { useHousehold } from '../hooks/useHousehold';
import { useResidentFilters } from '../hooks/useResidentFilters';
import { useResidents } from '../hooks/useResidents';

const PAGE_SIZE = 20;

/**
 * `/residents`: search and filter the residents in one's scope (numbers masked), page through them,
 * export the list, open a resident in a drawer, register a new one.
 */
export function ResidentsPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const { data: me } = useMe();
  const canWrite = hasPermission(me, 'resident.write');
  const canExport = hasPermission(me, 'resident.export');
  const canExportFull = canExport && hasPermission(me, 'resident.reveal');
  const { filters, page, openId, setFilters, setPage, openResident, showHousehold } = useResidentFilters();
  const residents = useResidents(filters, page, PAGE_SIZE);
  const household = useHousehold(filters.household);
  const [adding, setAdding] = useState(false);

  const data = residents.data;
  const totalText = data ? (data.totalIsEstimate ? t('registry.residents.totalEstimate', { count: data.total }) : t('registry.residents.total', { count: data.total })) : '';

  return (
    <>
      <PageHeader
        title={t('registry.residents.title')}
        extra={
          <>
            {canExport && <ResidentExportButton filters={filters} canExportFull={canExportFull} />}
            {canWrite && (
              <Link to="/residents/import">
                <Button icon={<CloudUploadOutlined />}>{t('nav.residentImport')}</Button>
              </Link>
            )}
            {canWrite && (
              <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="resident-add">
                {t('registry.residents.add')}
              </Button>
            )}
          </>
        }
      />
      <ResidentFilterBar filters={filters} onChange={setFilters} />
      {filters.household && (
        <div className="registry-household-filter">
          <Tag closable onClose={() => setFilters({ household: undefined })} color="blue" data-testid="residents-household-filter">
            {household.data ? t('registry.residents.householdFilter', { address: household.data.address }) : t('registry.residents.householdFilterUnknown', { id: filters.household })}
          </Tag>
        </div>
      )}
      {residents.isError && <Alert type="error" showIcon title={describeError(tc, residents.error).title} description={describeError(tc, residents.error).detail} style={{ marginBottom: 16 }} />}
      <ResidentTable
        residents={data?.items}
        loading={residents.isFetching}
        showStatus={filters.status !== undefined && filters.status !== 'present'}
        onOpen={(resident) => openResident(resident.id)}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: () => <span data-testid="residents-total">{totalText}</span>,
          onChange: setPage,
          size: 'small',
        }}
      />
      <ResidentDrawer
        id={openId}
        canWrite={canWrite}
        onClose={() => openResident(null)}
        onShowHousehold={showHousehold}
      />
      {canWrite && (
        <AddResidentModal
          open={adding}
          householdId={filters.household}
          onClose={() => setAdding(false)}
          onCreated={(resident) => {
            setAdding(false);
            openResident(resident.id);
          }}
        />
      )}
    </>
  );
}
