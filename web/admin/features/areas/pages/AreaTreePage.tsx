import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Empty, Grid, Row, Spin, Tree, type GetRef } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TArea } from '../../../../../common/areas';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AddAreaModal } from '../components/AddAreaModal';
import { AreaDetailPanel, type AreaChange } from '../components/AreaDetailPanel';
import { AreaNodeTitle } from '../components/AreaNodeTitle';
import { AreaSearchBox } from '../components/AreaSearchBox';
import { areaDetailQuery } from '../hooks/useAreaDetail';
import { ROOT_KEY, useAreaTree, type AreaTreeNode } from '../hooks/useAreaTree';

type TreeRef = GetRef<typeof Tree>;

const VIRTUAL_THRESHOLD = 300;

/** `/areas`: the lazily loaded area tree with search on the left, the selected area's details on the right. */
export function AreaTreePage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const [params, setParams] = useSearchParams();
  const selectedId = Number(params.get('id')) || null;
  const [includeArchived, setIncludeArchived] = useState(false);
  const [addRootOpen, setAddRootOpen] = useState(false);
  const queryClient = useQueryClient();
  const handleError = useApiErrorHandler();
  const { data: me } = useMe();
  const canWrite = hasPermission(me, 'area.write');
  const screens = Grid.useBreakpoint();
  const isNarrow = screens.lg === false;
  const treeRef = useRef<TreeRef>(null);
  const detailRef = useRef<HTMLDivElement>(null);

  const renderArea = useCallback((area: TArea) => <AreaNodeTitle area={area} />, []);
  const renderLoadMore = useCallback(
    (shown: number, total: number) => (
      <span className="area-load-more" data-testid="area-load-more">
        {t('areas.loadMore', { shown, total })}
      </span>
    ),
    [t],
  );
  const tree = useAreaTree({ includeArchived, renderArea, renderLoadMore, onError: handleError });

  const select = useCallback(
    (id: number | null) => {
      setParams(id ? { id: String(id) } : {});
      if (id && isNarrow) window.setTimeout(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
    },
    [setParams, isNarrow],
  );

  const scrollTreeTo = useCallback((id: number) => {
    const node = document.querySelector(`[data-testid="area-tree"] [data-area-id="${id}"]`);
    if (node) node.scrollIntoView({ block: 'nearest' });
    else treeRef.current?.scrollTo({ key: String(id), align: 'top' }); // virtual list: the row is not rendered yet
  }, []);

  /** Selects an area that may not be loaded in the tree yet: expands the path down to it first. */
  const revealAndSelect = useCallback(
    async (id: number) => {
      select(id);
      try {
        const detail = await queryClient.fetchQuery(areaDetailQuery(id));
        const shown = await tree.reveal(id, detail.ancestors.map((a) => a.id));
        if (shown) window.setTimeout(() => scrollTreeTo(id), 80);
      } catch (error) {
        handleError(error);
      }
    },
    [handleError, queryClient, scrollTreeTo, select, tree.reveal],
  );

  // A deep link (/areas?id=42) opens the tree down to the area once the roots are in.
  const deepLinkDone = useRef(false);
  useEffect(() => {
    if (deepLinkDone.current || tree.rootStatus.loading || tree.rootStatus.error) return;
    deepLinkDone.current = true;
    if (selectedId) void revealAndSelect(selectedId);
  }, [revealAndSelect, selectedId, tree.rootStatus]);

  const onChanged = useCallback(
    async (change: AreaChange) => {
      try {
        switch (change.kind) {
          case 'created': {
            if (change.parentId === null) {
              await tree.reloadBranch(ROOT_KEY);
              break;
            }
            await tree.reloadAround(change.parentId);
            await tree.loadChildren(String(change.parentId));
            tree.setExpandedKeys((keys) => [...new Set([...keys, String(change.parentId)])]);
            break;
          }
          case 'updated':
            await tree.reloadAround(change.area.id);
            break;
          case 'moved': {
            await tree.reloadAround(change.area.id);
            if (change.fromParentId !== null) await tree.reloadAround(change.fromParentId);
            if (change.area.parentId !== null) await tree.reloadAround(change.area.parentId);
            await revealAndSelect(change.area.id);
            break;
          }
          case 'deleted':
            await tree.reloadAround(change.id);
            if (change.parentId !== null) await tree.reloadAround(change.parentId);
            select(change.parentId);
            break;
          default: {
            const never: never = change;
            return never;
          }
        }
      } catch (error) {
        handleError(error);
      }
    },
    [handleError, revealAndSelect, select, tree],
  );

  const onSelect = (_keys: React.Key[], info: { node: AreaTreeNode }) => {
    const node = info.node;
    if (node.loadMoreOf) {
      tree.loadMore(node.loadMoreOf).catch(handleError);
      return;
    }
    if (node.area) select(node.area.id);
  };

  let treeBody: React.ReactNode;
  if (tree.rootStatus.loading) {
    treeBody = (
      <div className="page-loading">
        <Spin />
      </div>
    );
  } else if (tree.rootStatus.error) {
    treeBody = (
      <Alert
        type="error"
        showIcon
        title={describeError(tc, tree.rootStatus.error).title}
        action={
          <Button size="small" onClick={tree.loadRoots}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  } else if (tree.treeData.length === 0) {
    treeBody = <Empty description={t('areas.empty')} />;
  } else {
    treeBody = (
      <Tree<AreaTreeNode>
        ref={treeRef}
        treeData={tree.treeData}
        loadData={tree.loadData}
        loadedKeys={tree.loadedKeys}
        expandedKeys={tree.expandedKeys}
        onExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
        selectedKeys={selectedId ? [String(selectedId)] : []}
        onSelect={onSelect}
        // Virtual scrolling only pays off for big trees; a small one should not sit in a tall empty box.
        height={tree.nodeCount > VIRTUAL_THRESHOLD ? (isNarrow ? 480 : 640) : undefined}
        blockNode
        showLine
      />
    );
  }

  return (
    <>
      <PageHeader
        title={t('areas.title')}
        extra={
          me?.isSuperAdmin && canWrite ? (
            <Button icon={<PlusOutlined />} onClick={() => setAddRootOpen(true)} data-testid="area-add-root">
              {t('areas.addRoot')}
            </Button>
          ) : undefined
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small">
            <AreaSearchBox onPick={(area) => void revealAndSelect(area.id)} />
            <div className="area-tree-toolbar">
              <Checkbox checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} data-testid="area-show-archived">
                {t('areas.showArchived')}
              </Checkbox>
              <Button
                size="small"
                type="text"
                icon={<ReloadOutlined />}
                aria-label={t('common.refresh')}
                title={t('common.refresh')}
                onClick={() => {
                  void queryClient.invalidateQueries({ queryKey: ['areas'] });
                  tree.loadedKeys.forEach((key) => void tree.reloadBranch(key).catch(handleError));
                }}
              />
            </div>
            <div className={tree.nodeCount > VIRTUAL_THRESHOLD ? 'area-tree-box' : 'area-tree-box area-tree-box--scroll'} data-testid="area-tree">
              {treeBody}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <div ref={detailRef} style={{ scrollMarginTop: 64 }}>
            <AreaDetailPanel areaId={selectedId} canWrite={canWrite} onChanged={(change) => void onChanged(change)} onNavigate={(id) => void revealAndSelect(id)} />
          </div>
        </Col>
      </Row>
      {canWrite && (
        <AddAreaModal
          parent={null}
          open={addRootOpen}
          onClose={() => setAddRootOpen(false)}
          onCreated={(area) => {
            void onChanged({ kind: 'created', area, parentId: null });
            select(area.id);
          }}
        />
      )}
    </>
  );
}
