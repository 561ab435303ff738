import { DeleteOutlined, EditOutlined, FolderAddOutlined, InboxOutlined, QrcodeOutlined, RollbackOutlined, SortAscendingOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Empty, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AREA_LEVEL_RANK, AREA_LEVELS } from '../../../../../common/constants';
import { type TArea } from '../../../../../common/areas';
import { ApiError } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useMe } from '../../auth/hooks/useMe';
import { useAreaDetail } from '../hooks/useAreaDetail';
import { useDeleteArea } from '../hooks/useDeleteArea';
import { useUpdateArea } from '../hooks/useUpdateArea';
import { AddAreaModal } from './AddAreaModal';
import { AreaSortOrderModal } from './AreaSortOrderModal';
import { LevelTag } from './LevelTag';
import { MoveAreaModal } from './MoveAreaModal';
import { RenameAreaModal } from './RenameAreaModal';

/** What changed, so the page can reload just the affected branches of the tree. */
export type AreaChange =
  | { kind: 'created'; area: TArea; parentId: number | null }
  | { kind: 'updated'; area: TArea }
  | { kind: 'moved'; area: TArea; fromParentId: number | null }
  | { kind: 'deleted'; id: number; parentId: number | null };

type Dialog = 'add' | 'rename' | 'sort' | 'move' | null;

const LOWEST_RANK = Math.max(...AREA_LEVELS.map((l) => AREA_LEVEL_RANK[l]));

/** Details of the selected area (GET /api/areas/{id}) with its actions. */
export function AreaDetailPanel({
  areaId,
  canWrite,
  onChanged,
  onNavigate,
}: {
  areaId: number | null;
  canWrite: boolean;
  onChanged: (change: AreaChange) => void;
  onNavigate: (id: number) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const { message, modal } = App.useApp();
  const detail = useAreaDetail(areaId);
  const update = useUpdateArea();
  const remove = useDeleteArea();
  const handleError = useApiErrorHandler();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { data: me } = useMe();

  if (areaId === null) {
    return (
      <Card data-testid="area-detail">
        <Empty description={t('areas.selectHint')} />
      </Card>
    );
  }
  if (detail.isPending) return <Card data-testid="area-detail" loading title={t('areas.detail')} />;
  if (detail.isError) {
    return (
      <Card data-testid="area-detail" title={t('areas.detail')}>
        <Alert
          type="error"
          showIcon
          title={describeError(tc, detail.error).title}
          action={
            <Button size="small" onClick={() => void detail.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </Card>
    );
  }

  const area = detail.data;
  const ancestors = area.ancestors.filter((a) => a.id !== area.id);
  const canAddChild = AREA_LEVEL_RANK[area.level] < LOWEST_RANK;
  // Ancestors above the user's scope are shown as plain text: opening them would only answer 404.
  const pathIds = area.path.split('/').filter(Boolean);
  const readable = (ancestorId: number) => {
    if (me?.isSuperAdmin) return true;
    const at = pathIds.indexOf(String(ancestorId));
    const ancestorPath = `/${pathIds.slice(0, at + 1).join('/')}/`;
    return at >= 0 && !!me?.assignments.some((a) => ancestorPath.startsWith(a.area.path));
  };

  const setArchived = (archived: boolean) =>
    update.mutate(
      { id: area.id, patch: { archived } },
      {
        onSuccess: (updated) => {
          void message.success(archived ? t('areas.archivedDone') : t('areas.restoredDone'));
          onChanged({ kind: 'updated', area: updated });
        },
        onError: (error) => handleError(error),
      },
    );

  const onDelete = () =>
    remove.mutate(area.id, {
      onSuccess: () => {
        void message.success(t('areas.deleted'));
        onChanged({ kind: 'deleted', id: area.id, parentId: area.parentId });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'AREA_IN_USE') {
          const content = (
            <div data-testid="area-in-use">
              <p>{t('areas.inUseText')}</p>
              {error.message && <Typography.Text type="secondary">{error.message}</Typography.Text>}
            </div>
          );
          if (area.archived) {
            modal.warning({ title: t('areas.inUseTitle'), content, okText: t('common.ok') });
          } else {
            modal.confirm({
              title: t('areas.inUseTitle'),
              content,
              okText: t('areas.archiveInstead'),
              cancelText: t('common.cancel'),
              onOk: () => setArchived(true),
            });
          }
          return;
        }
        handleError(error);
      },
    });

  return (
    <Card data-testid="area-detail" data-area-id={area.id} title={t('areas.detail')}>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          ...ancestors.map((a) => ({
            title: !readable(a.id) ? (
              a.name
            ) : (
              <a
                href={`?id=${a.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onNavigate(a.id);
                }}
              >
                {a.name}
              </a>
            ),
          })),
          { title: area.name },
        ]}
        data-testid="area-breadcrumb"
      />
      <Descriptions
        column={{ xs: 1, sm: 1, md: 2 }}
        size="small"
        bordered
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={[
          { key: 'name', label: t('areas.name'), children: <span data-testid="area-detail-name">{area.name}</span> },
          { key: 'code', label: t('areas.code'), children: <Typography.Text copyable data-testid="area-detail-code">{area.code}</Typography.Text> },
          { key: 'level', label: t('areas.level'), children: <LevelTag level={area.level} /> },
          { key: 'sort', label: t('areas.sortOrder'), children: area.sortOrder },
          {
            key: 'path',
            label: t('areas.path'),
            children: ancestors.length ? ancestors.map((a) => a.name).join(' / ') : t('areas.topLevel'),
          },
          {
            key: 'status',
            label: t('areas.status'),
            children: area.archived ? (
              <Tag color="default" data-testid="area-archived">
                {t('areas.archived')}
              </Tag>
            ) : (
              <Tag color="success">{t('areas.active')}</Tag>
            ),
          },
        ]}
      />
      {canWrite && (
        <div className="area-detail__actions">
          <Button icon={<FolderAddOutlined />} onClick={() => setDialog('add')} disabled={!canAddChild} title={canAddChild ? undefined : t('areas.noLevelsBelow')} data-testid="area-add-child">
            {t('areas.addChild')}
          </Button>
          <Button icon={<EditOutlined />} onClick={() => setDialog('rename')} data-testid="area-rename">
            {t('areas.rename')}
          </Button>
          <Button icon={<SortAscendingOutlined />} onClick={() => setDialog('sort')} data-testid="area-sort">
            {t('areas.changeSort')}
          </Button>
          <Button icon={<SwapOutlined />} onClick={() => setDialog('move')} data-testid="area-move">
            {t('areas.move')}
          </Button>
          {area.archived ? (
            <Popconfirm title={t('areas.restoreConfirm', { name: area.name })} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => setArchived(false)}>
              <Button icon={<RollbackOutlined />} loading={update.isPending} data-testid="area-restore">
                {t('areas.restore')}
              </Button>
            </Popconfirm>
          ) : (
            <Popconfirm title={t('areas.archiveConfirm', { name: area.name })} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => setArchived(true)}>
              <Button icon={<InboxOutlined />} loading={update.isPending} data-testid="area-archive">
                {t('areas.archive')}
              </Button>
            </Popconfirm>
          )}
          <Popconfirm
            title={t('areas.deleteConfirm', { name: area.name })}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={onDelete}
          >
            <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="area-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </div>
      )}
      {area.level === 'grid' && (
        <Space align="start" size={16} wrap style={{ marginTop: 16 }}>
          <img className="area-detail__qr" src={`/api/public/grids/${area.id}/qr.svg`} alt={t('areas.gridCardQr')} loading="lazy" />
          <Button icon={<QrcodeOutlined />} href={`/card/${area.id}`} target="_blank" rel="noopener" data-testid="area-card-link">
            {t('areas.gridCard')}
          </Button>
        </Space>
      )}
      {canWrite && (
        <>
          <AddAreaModal
            parent={area}
            open={dialog === 'add'}
            onClose={() => setDialog(null)}
            onCreated={(created) => onChanged({ kind: 'created', area: created, parentId: area.id })}
          />
          <RenameAreaModal area={area} open={dialog === 'rename'} onClose={() => setDialog(null)} onDone={(updated) => onChanged({ kind: 'updated', area: updated })} />
          <AreaSortOrderModal area={area} open={dialog === 'sort'} onClose={() => setDialog(null)} onDone={(updated) => onChanged({ kind: 'updated', area: updated })} />
          <MoveAreaModal
            area={area}
            open={dialog === 'move'}
            onClose={() => setDialog(null)}
            onDone={(moved, fromParentId) => onChanged({ kind: 'moved', area: moved, fromParentId })}
          />
        </>
      )}
    </Card>
  );
}
