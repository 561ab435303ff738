import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { AreaLevel, TArea } from '../../../../../common/areas';
import { areaChildrenQuery } from '../../areas/hooks/areaChildrenQuery';
import { LevelTag } from '../../areas/components/LevelTag';

export interface PickedArea {
  id: number;
  name: string;
  level: AreaLevel;
}

interface Node {
  id: number;
  pId: number;
  value: number;
  title: React.ReactNode;
  label: string;
  isLeaf: boolean;
}

/**
 * Picks the form's area or any node under it (a QR code per subdistrict, community, grid or building):
 * the tree opens from the form's area, its children already loaded, deeper levels on demand.
 */
export function SubtreeAreaSelect({ root, value, onChange, 'data-testid': testId }: { root: PickedArea; value: number; onChange: (area: PickedArea) => void; 'data-testid'?: string }) {
  const queryClient = useQueryClient();
  const first = useQuery(areaChildrenQuery(root.id));
  const [loaded, setLoaded] = useState<ReadonlyMap<number, TArea[]>>(new Map());

  const all = useMemo(() => {
    const map = new Map<number, { area: PickedArea; parent: number; hasChildren: boolean }>();
    map.set(root.id, { area: root, parent: 0, hasChildren: true });
    for (const a of first.data?.items ?? []) map.set(a.id, { area: a, parent: root.id, hasChildren: a.hasChildren });
    for (const [parent, list] of loaded) for (const a of list) map.set(a.id, { area: a, parent, hasChildren: a.hasChildren });
    return map;
  }, [root, first.data, loaded]);

  const treeData = useMemo<Node[]>(
    () =>
      [...all.values()].map(({ area, parent, hasChildren }) => ({
        id: area.id,
        pId: parent,
        value: area.id,
        label: area.name,
        isLeaf: !hasChildren,
        title: (
          <span data-testid="subtree-area-option" data-area-id={area.id}>
            {area.name} <LevelTag level={area.level} />
          </span>
        ),
      })),
    [all],
  );

  const loadData = useCallback(
    async (node: { value?: string | number }) => {
      const id = Number(node.value);
      if (!id || id === root.id || loaded.has(id)) return;
      const page = await queryClient.fetchQuery(areaChildrenQuery(id));
      setLoaded((prev) => new Map(prev).set(id, page.items));
    },
    [loaded, queryClient, root.id],
  );

  return (
    <TreeSelect<number, Node>
      style={{ width: '100%' }}
      value={value}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: 0 }}
      treeData={treeData}
      loadData={loadData}
      treeDefaultExpandedKeys={[root.id]}
      treeNodeLabelProp="label"
      showSearch={{ treeNodeFilterProp: 'label' }}
      loading={first.isFetching}
      listHeight={360}
      popupMatchSelectWidth={false}
      onChange={(id) => {
        const entry = all.get(Number(id));
        if (entry) onChange(entry.area);
      }}
      data-testid={testId}
    />
  );
}
