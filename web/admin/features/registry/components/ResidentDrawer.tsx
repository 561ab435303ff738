import { DownOutlined, EditOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Divider, Drawer, Dropdown, Grid, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../../lib/i18n/describeError';
import { useRegistryLabels } from '../hooks/useRegistryLabels';
import { useResident } from '../hooks/useResident';
import type { RevealField } from '../hooks/useRevealResidentField';
import { EditResidentModal } from './EditResidentModal';
import { MergeResidentModal } from './MergeResidentModal';
import { MoveOutModal } from './MoveOutModal';
import { MoveResidentModal } from './MoveResidentModal';
import { ResidenceTypeTag } from './ResidenceTypeTag';
import { ResidentHistoryTimeline } from './ResidentHistoryTimeline';
import { ResidentStatusTag } from './ResidentStatusTag';
import { ResidentTags } from './ResidentTags';
import { RevealableNumber } from './RevealableNumber';

type Dialog = 'edit' | 'move' | 'moveOut' | 'merge' | null;

/**
 * One resident (GET /api/residents/{id}): every field, the household with a link to its members, the
 * history, numbers revealed one at a time for a reason, and the changes a writer may make.
 */
export function ResidentDrawer({ id, canWrite, onClose, onShowHousehold }: { id: number | null; canWrite: boolean; onClose: () => void; onShowHousehold: (householdId: number) => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const labels = useRegistryLabels();
  const screens = Grid.useBreakpoint();
  const resident = useResident(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [revealed, setRevealed] = useState<Partial<Record<RevealField, string | null>>>({});

  // Full numbers live only as long as this resident is on screen.
  useEffect(() => {
    setRevealed({});
    setDialog(null);
  }, [id]);

  const r = resident.data;
  let body: React.ReactNode;
  if (resident.isPending) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (resident.isError) body = <Alert type="error" showIcon title={describeError(tc, resident.error).title} description={describeError(tc, resident.error).detail} />;
  else if (r) {
    body = (
      <>
        <Descriptions
          size="small"
          bordered
          column={screens.md ? 2 : 1}
          data-testid="resident-fields"
          items={[
            { key: 'name', label: t('registry.field.name'), children: <strong data-testid="resident-name">{r.name}</strong> },
            { key: 'gender', label: t('registry.field.gender'), children: labels.gender(r.gender) },
            { key: 'birthDate', label: t('registry.field.birthDate'), children: r.birthDate },
            { key: 'age', label: t('registry.field.age'), children: t('registry.ageValue', { age: r.age }) },
            {
              key: 'idNumber',
              label: t('registry.field.idNumber'),
              span: screens.md ? 2 : 1,
              children: <RevealableNumber residentId={r.id} field="idNumber" masked={r.idNumber} canReveal={r.canReveal} revealed={revealed.idNumber} onRevealed={(value) => setRevealed((prev) => ({ ...prev, idNumber: value }))} />,
            },
            {
              key: 'phone',
              label: t('registry.field.phone'),
              span: screens.md ? 2 : 1,
              children: <RevealableNumber residentId={r.id} field="phone" masked={r.phone} canReveal={r.canReveal} revealed={revealed.phone} onRevealed={(value) => setRevealed((prev) => ({ ...prev, phone: value }))} />,
            },
            { key: 'relation', label: t('registry.field.relation'), children: labels.relation(r.relation) },
            { key: 'type', label: t('registry.field.residenceType'), children: <ResidenceTypeTag type={r.residenceType} /> },
            { key: 'status', label: t('registry.field.status'), children: <ResidentStatusTag status={r.status} /> },
            { key: 'grid', label: t('registry.field.grid'), children: r.gridName ?? '—' },
            { key: 'moveIn', label: t('registry.field.moveInDate'), children: r.moveInDate ?? '—' },
            { key: 'moveOut', label: t('registry.field.moveOutDate'), children: r.moveOutDate ?? '—' },
            { key: 'address', label: t('registry.field.address'), span: screens.md ? 2 : 1, children: r.address },
            { key: 'tags', label: t('registry.field.tags'), span: screens.md ? 2 : 1, children: <ResidentTags tags={r.tags} /> },
          ]}
        />
        <Divider titlePlacement="start">{t('registry.drawer.household')}</Divider>
        <div className="registry-household" data-testid="resident-household">
          <div>
            <Typography.Text strong>{r.household.address}</Typography.Text>
            {r.household.headName && (
              <div className="registry-muted">{t('registry.drawer.headName', { name: r.household.headName })}</div>
            )}
          </div>
          <Button icon={<TeamOutlined />} onClick={() => onShowHousehold(r.household.id)} data-testid="resident-household-members">
            {t('registry.drawer.members', { count: r.household.memberCount })}
          </Button>
        </div>
        <Divider titlePlacement="start">{t('registry.drawer.history')}</Divider>
        <ResidentHistoryTimeline history={r.history} />
      </>
    );
  }

  const actions =
    r && canWrite ? (
      <Space.Compact>
        <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="resident-edit">
          {t('registry.drawer.edit')}
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'move', label: t('registry.drawer.move'), onClick: () => setDialog('move') },
              { key: 'moveOut', label: t('registry.drawer.moveOut'), onClick: () => setDialog('moveOut'), disabled: r.status === 'moved_out' },
              { key: 'merge', label: t('registry.drawer.merge'), onClick: () => setDialog('merge') },
            ],
          }}
        >
          <Button icon={<DownOutlined />} aria-label={t('common.actions')} data-testid="resident-actions" />
        </Dropdown>
      </Space.Compact>
    ) : null;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={r ? r.name : t('registry.drawer.title')}
      extra={actions}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
    >
      <div data-testid="resident-drawer" data-resident-id={id ?? undefined}>
        {body}
      </div>
      {r && canWrite && (
        <>
          <EditResidentModal resident={r} open={dialog === 'edit'} onClose={() => setDialog(null)} />
          <MoveResidentModal resident={r} open={dialog === 'move'} onClose={() => setDialog(null)} />
          <MoveOutModal resident={r} open={dialog === 'moveOut'} onClose={() => setDialog(null)} />
          <MergeResidentModal resident={r} open={dialog === 'merge'} onClose={() => setDialog(null)} />
        </>
      )}
    </Drawer>
  );
}
