import type { TreeDataNode } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type Key, type ReactNode } from 'react';
import type { TArea, TAreaPage } from '../../../../../common/areas';
import { api } from '../../../../lib/api';

/** Key of the branch that holds the caller's scope roots. */
export const ROOT_KEY = 'root';
const PAGE_SIZE = 100;
/** How many pages of one parent a search result may pull in to show itself in the tree. */
const MAX_REVEAL_PAGES = 50;

/** Loaded children of one node: `page` pages of PAGE_SIZE so far, out of `total`. */
interface Branch {
  items: TArea[];
  total: number;
  page: number;
}

export interface AreaTreeNode extends TreeDataNode {
  area?: TArea;
  /** Set on the "load more" pseudo-node: the branch it extends. */
  loadMoreOf?: string;
  children?: AreaTreeNode[];
}

interface Options {
  includeArchived: boolean;
  renderArea: (area: TArea) => ReactNode;
  renderLoadMore: (shown: number, total: number) => ReactNode;
  onError: (error: unknown) => void;
}

function uniqueById(items: TArea[]): TArea[] {
  const seen = new Set<number>();
  return items.filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
}

/**
 * State of the lazily loaded area tree: children are fetched page by page (100 at a time) when a
 * node is expanded, with a "load more" node while a parent has more. Branches can be reloaded after
 * an edit, and `reveal` expands the path down to an area found by search.
 */
export function useAreaTree({ includeArchived, renderArea, renderLoadMore, onError }: Options) {
  const branchesRef = useRef<Record<string, Branch>>({});
  const [branches, setBranches] = useState<Record<string, Branch>>({});
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [rootStatus, setRootStatus] = useState<{ loading: boolean; error: unknown }>({ loading: true, error: null });
  const includeArchivedRef = useRef(includeArchived);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  });
  const inflight = useRef(new Map<string, Promise<Branch>>());

  const commit = useCallback((key: string, branch: Branch) => {
    branchesRef.current = { ...branchesRef.current, [key]: branch };
    setBranches(branchesRef.current);
  }, []);

  const fetchPage = useCallback((key: string, page: number): Promise<TAreaPage> => {
    if (key === ROOT_KEY) return api.get<TAreaPage>('/api/areas', page > 1 ? { page } : undefined);
    return api.get<TAreaPage>('/api/areas', { parent: key, page, pageSize: PAGE_SIZE, includeArchived: includeArchivedRef.current ? '1' : undefined });
  }, []);

  /** Fetches pages 1..pages again (or fewer, when the branch shrank). */
  const fetchPages = useCallback(
    async (key: string, pages: number): Promise<Branch> => {
      const items: TArea[] = [];
      let total = 0;
      let page = 0;
      while (page < pages) {
        page += 1;
        const res = await fetchPage(key, page);
        items.push(...res.items);
        total = res.total;
        if (res.items.length === 0 || items.length >= total) break;
      }
      return { items: uniqueById(items), total, page: Math.max(page, 1) };
    },
    [fetchPage],
  );

  const loadChildren = useCallback(
    (key: string): Promise<Branch> => {
      const loaded = branchesRef.current[key];
      if (loaded) return Promise.resolve(loaded);
      const pending = inflight.current.get(key);
      if (pending) return pending;
      const promise = fetchPages(key, 1)
        .then((branch) => {
          commit(key, branch);
          return branch;
        })
        .finally(() => inflight.current.delete(key));
      inflight.current.set(key, promise);
      return promise;
    },
    [commit, fetchPages],
  );

  const loadMore = useCallback(
    async (key: string): Promise<Branch> => {
      const branch = branchesRef.current[key];
      if (!branch) return loadChildren(key);
      const res = await fetchPage(key, branch.page + 1);
      const next = { items: uniqueById([...branch.items, ...res.items]), total: res.total, page: branch.page + 1 };
      commit(key, next);
      return next;
    },
    [commit, fetchPage, loadChildren],
  );

  const reloadBranch = useCallback(
    async (key: string): Promise<void> => {
      const branch = branchesRef.current[key];
      if (!branch) return;
      commit(key, await fetchPages(key, branch.page));
    },
    [commit, fetchPages],
  );

  /** Reloads the branch listing `id` (its name, flags or children count changed) and its own children. */
  const reloadAround = useCallback(
    async (id: number): Promise<void> => {
      const holders = Object.keys(branchesRef.current).filter((key) => branchesRef.current[key].items.some((a) => a.id === id));
      await Promise.all([...holders, String(id)].map((key) => reloadBranch(key)));
    },
    [reloadBranch],
  );

  const refreshAll = useCallback(async () => {
    await Promise.all(Object.keys(branchesRef.current).map((key) => reloadBranch(key)));
  }, [reloadBranch]);

  /** Loads pages of `parentKey` until `childId` is among them; false when it never shows up. */
  const ensureChild = useCallback(
    async (parentKey: string, childId: number): Promise<boolean> => {
      let branch = await loadChildren(parentKey);
      for (let i = 0; i < MAX_REVEAL_PAGES && !branch.items.some((a) => a.id === childId) && branch.items.length < branch.total; i++) {
        branch = await loadMore(parentKey);
      }
      return branch.items.some((a) => a.id === childId);
    },
    [loadChildren, loadMore],
  );

  /**
   * Opens the tree down to an area, given its ancestors (top first). Ancestors above the caller's
   * scope roots are skipped. Returns whether the area is now visible.
   */
  const reveal = useCallback(
    async (id: number, ancestorIds: number[]): Promise<boolean> => {
      const roots = await loadChildren(ROOT_KEY);
      const chain = [...ancestorIds.filter((a) => a !== id), id];
      const start = chain.findIndex((a) => roots.items.some((r) => r.id === a));
      if (start < 0) return false;
      const path = chain.slice(start);
      for (let i = 0; i < path.length - 1; i++) {
        if (!(await ensureChild(String(path[i]), path[i + 1]))) return false;
      }
      const open = path.slice(0, -1).map(String);
      setExpandedKeys((keys) => [...new Set([...keys, ...open])]);
      return true;
    },
    [ensureChild, loadChildren],
  );

  const loadRoots = useCallback(() => {
    setRootStatus({ loading: true, error: null });
    loadChildren(ROOT_KEY).then(
      () => setRootStatus({ loading: false, error: null }),
      (error: unknown) => setRootStatus({ loading: false, error }),
    );
  }, [loadChildren]);

  useEffect(loadRoots, [loadRoots]);

  const firstRun = useRef(true);
  useEffect(() => {
    includeArchivedRef.current = includeArchived;
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    refreshAll().catch((error: unknown) => onErrorRef.current(error));
  }, [includeArchived, refreshAll]);

  /** For antd Tree `loadData`: a failed load collapses the node again instead of spinning forever. */
  const loadData = useCallback(
    async (node: { key: Key }) => {
      const key = String(node.key);
      try {
        await loadChildren(key);
      } catch (error) {
        setExpandedKeys((keys) => keys.filter((k) => k !== key));
        onErrorRef.current(error);
      }
    },
    [loadChildren],
  );

  const treeData = useMemo(() => {
    const build = (key: string): AreaTreeNode[] | undefined => {
      const branch = branches[key];
      if (!branch) return undefined;
      const nodes: AreaTreeNode[] = branch.items.map((area) => ({
        key: String(area.id),
        title: renderArea(area),
        isLeaf: !area.hasChildren && !(branches[String(area.id)]?.items.length ?? 0),
        children: build(String(area.id)),
        area,
      }));
      if (branch.items.length < branch.total) {
        nodes.push({ key: `more:${key}`, title: renderLoadMore(branch.items.length, branch.total), isLeaf: true, loadMoreOf: key });
      }
      return nodes;
    };
    return build(ROOT_KEY) ?? [];
  }, [branches, renderArea, renderLoadMore]);

  const loadedKeys = useMemo(() => Object.keys(branches), [branches]);
  const nodeCount = useMemo(() => Object.values(branches).reduce((n, b) => n + b.items.length, 0), [branches]);

  return {
    treeData,
    loadedKeys,
    nodeCount,
    expandedKeys,
    setExpandedKeys,
    rootStatus,
    loadRoots,
    loadData,
    loadChildren,
    loadMore,
    reloadBranch,
    reloadAround,
    reveal,
  };
}
