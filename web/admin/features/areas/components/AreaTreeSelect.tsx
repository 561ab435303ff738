import { useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaLevel, TArea } from '../../../../../common/areas';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { areaChildrenQuery } from '../hooks/areaChildrenQuery';
import { useAreaDetail } from '../hooks/useAreaDetail';
import { useAreaRoots } from '../hooks/useAreaRoots';
import { useAreaSearch } from '../hooks/useAreaSearch';
import { LevelTag } from './LevelTag';

export interface AreaTreeSelectProps {
  value?: number | null;
  onChange?: (id: number | undefined, area?: TArea) => void;
  /** Only areas of these levels can be picked; the others can still be opened to reach them. */
  levels?: readonly AreaLevel[];
  placeholder?: string;
  allowClear?: boolean;
  className?: string;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
}

interface AreaNode {
  id: number;
  pId: number;
  value: number;
  title: React.ReactNode;
  label: string;
  isLeaf: boolean;
  selectable: boolean;
}

/** Levels whose names repeat under every parent (1号楼, 1单元): their label says where they are. */
const NEEDS_CONTEXT = new Set(['building', 'unit']);

/**
 * Picks an area in the caller's scope: opens the tree lazily from the scope roots (GET /api/areas?parent=),
 * or searches by name or code when something is typed (GET /api/areas?q=).
 */
export function AreaTreeSelect({ value, onChange, levels, placeholder, allowClear = true, className, style, id, ...rest }: AreaTreeSelectProps) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const roots = useAreaRoots();
  const [children, setChildren] = useState<ReadonlyMap<number, TArea[]>>(new Map());
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim(), 250);
  const found = useAreaSearch(term, 30);
  const [picked, setPicked] = useState<TArea | null>(null);

  const byId = useMemo(() => {
    const map = new Map<number, TArea>();
    for (const a of roots.data?.items ?? []) map.set(a.id, a);
    for (const list of children.values()) for (const a of list) map.set(a.id, a);
    for (const a of found.data?.items ?? []) map.set(a.id, a);
    if (picked) map.set(picked.id, picked);
    return map;
  }, [roots.data, children, found.data, picked]);

  // A value set from outside (a URL, a default) that the picker has not loaded: ask for its name.
  const unknown = value != null && !byId.has(value);
  const detail = useAreaDetail(unknown ? value : null);

  const labelOf = useCallback(
    (area: TArea): string => {
      const chain: { name: string; level: string }[] = [area];
      for (let parent = area.parentId !== null ? byId.get(area.parentId) : undefined; parent && chain.length < 4; parent = parent.parentId !== null ? byId.get(parent.parentId) : undefined) {
        chain.unshift(parent);
      }
      return pathLabel(chain);
    },
    [byId],
  );

  const allowed = useCallback((area: TArea) => !levels || levels.includes(area.level), [levels]);

  const treeData = useMemo<AreaNode[]>(() => {
    const node = (area: TArea, pId: number, flat: boolean): AreaNode => ({
      id: area.id,
      pId,
      value: area.id,
      label: labelOf(area),
      title: (
        <span className={allowed(area) ? 'area-option' : 'area-option area-option--passing'} data-testid="area-option" data-area-id={area.id}>
          <span className="area-option__name">{flat ? labelOf(area) : area.name}</span>
          <LevelTag level={area.level} className="area-node__level" />
          {flat && <span className="area-option__code">{area.code}</span>}
        </span>
      ),
      isLeaf: flat || !area.hasChildren,
      selectable: allowed(area),
    });
    if (term) return (found.data?.items ?? []).map((a) => node(a, 0, true));
    const nodes = (roots.data?.items ?? []).map((a) => node(a, 0, false));
    for (const [parentId, list] of children) for (const a of list) nodes.push(node(a, parentId, false));
    return nodes;
  }, [term, found.data, roots.data, children, labelOf, allowed]);

  const loadData = useCallback(
    async (treeNode: { value?: string | number }) => {
      const parentId = Number(treeNode.value);
      if (!parentId || children.has(parentId)) return;
      const page = await queryClient.fetchQuery(areaChildrenQuery(parentId));
      setChildren((prev) => new Map(prev).set(parentId, page.items));
    },
    [children, queryClient],
  );

  let label: string | undefined;
  if (value != null) {
    const area = byId.get(value);
    if (area) label = labelOf(area);
    else if (detail.data) label = pathLabel([...detail.data.ancestors.filter((a) => a.id !== detail.data.id), detail.data]);
    else label = `#${value}`;
  }

  return (
    <TreeSelect<{ value: number; label: string } | undefined, AreaNode>
      id={id}
      className={className}
      style={style}
      labelInValue
      value={value != null ? { value, label: label ?? `#${value}` } : undefined}
      placeholder={placeholder ?? t('common.areaPlaceholder')}
      allowClear={allowClear}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: 0 }}
      treeData={treeData}
      loadData={loadData}
      treeNodeLabelProp="label"
      showSearch={{ filterTreeNode: false, onSearch: setSearch, searchValue: search }}
      loading={roots.isFetching || found.isFetching}
      notFoundContent={found.isFetching ? t('common.loading') : t('common.noData')}
      popupMatchSelectWidth={false}
      listHeight={320}
      onChange={(next) => {
        const nextId = next ? Number(next.value) : undefined;
        const area = nextId !== undefined ? byId.get(nextId) : undefined;
        if (area) setPicked(area);
        setSearch('');
        onChange?.(nextId, area);
      }}
      data-testid={rest['data-testid']}
    />
  );
}

/**
 * The label of an area given its ancestors (top first, the area last): its own name, except for a
 * building or unit, whose names repeat under every grid: those read "第一网格 / 1号楼 / 1单元".
 */
function pathLabel(chain: readonly { name: string; level: string }[]): string {
  const self = chain[chain.length - 1];
  if (!NEEDS_CONTEXT.has(self.level)) return self.name;
  let from = chain.length - 1;
  while (from > 0 && NEEDS_CONTEXT.has(chain[from - 1].level)) from--;
  if (from > 0) from--; // the grid (or whatever holds the buildings)
  return chain
    .slice(from)
    .map((a) => a.name)
    .join(' / ');
}
