import { Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TResident } from '../../../../../common/registry';
import { useRegistryLabels } from '../hooks/useRegistryLabels';
import { ResidenceTypeTag } from './ResidenceTypeTag';
import { ResidentStatusTag } from './ResidentStatusTag';
import { ResidentTags } from './ResidentTags';

/** The residents list: numbers masked; a click on a row opens the resident. Scrolls sideways on a phone. */
export function ResidentTable({
  residents,
  loading,
  pagination,
  showStatus,
  onOpen,
}: {
  residents: TResident[] | undefined;
  loading: boolean;
  pagination: TableProps<TResident>['pagination'];
  showStatus: boolean;
  onOpen: (resident: TResident) => void;
}) {
  const { t } = useTranslation('admin');
  const labels = useRegistryLabels();

  const columns: TableProps<TResident>['columns'] = [
    { title: t('registry.field.name'), dataIndex: 'name', fixed: 'left', render: (name: string) => <strong className="registry-nowrap">{name}</strong> },
    { title: t('registry.field.gender'), dataIndex: 'gender', render: (g: string) => labels.gender(g) },
    { title: t('registry.field.age'), dataIndex: 'age', align: 'right' },
    { title: t('registry.field.idNumber'), dataIndex: 'idNumber', render: (id: string) => <span className="registry-number">{id}</span> },
    { title: t('registry.field.phone'), dataIndex: 'phone', render: (phone: string | null) => (phone ? <span className="registry-number">{phone}</span> : '—') },
    { title: t('registry.field.address'), dataIndex: 'address', render: (address: string) => <span className="registry-address">{address}</span> },
    { title: t('registry.field.grid'), dataIndex: 'gridName', render: (name: string | null) => <span className="registry-nowrap">{name ?? '—'}</span> },
    { title: t('registry.field.residenceType'), dataIndex: 'residenceType', render: (type: string) => <ResidenceTypeTag type={type} /> },
    { title: t('registry.field.tags'), dataIndex: 'tags', render: (tags: string[]) => <ResidentTags tags={tags} /> },
    ...(showStatus ? [{ title: t('registry.field.status'), dataIndex: 'status', render: (status: string) => <ResidentStatusTag status={status} /> }] : []),
  ];

  return (
    <div data-testid="residents-table">
      <Table<TResident>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={residents}
        loading={loading}
        scroll={{ x: 'max-content' }}
        pagination={pagination}
        rowClassName={() => 'registry-row--clickable'}
        onRow={(resident) =>
          ({
            'data-testid': 'resident-row',
            'data-resident-id': resident.id,
            onClick: () => onOpen(resident),
            onKeyDown: (e: React.KeyboardEvent) => {
              if (e.key === 'Enter') onOpen(resident);
            },
            tabIndex: 0,
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: t('registry.residents.empty') }}
      />
    </div>
  );
}
