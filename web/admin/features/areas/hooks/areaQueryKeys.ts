/** Query keys of the areas feature; everything starts with 'areas' so one invalidation refreshes all. */
export const areaQueryKeys = {
  all: ['areas'] as const,
  roots: () => ['areas', 'roots'] as const,
  search: (q: string) => ['areas', 'search', q] as const,
  children: (parentId: number) => ['areas', 'children', parentId] as const,
  detail: (id: number) => ['areas', 'detail', id] as const,
  levelSettings: () => ['areas', 'level-settings'] as const,
  importJob: (id: number) => ['imports', id] as const,
};
