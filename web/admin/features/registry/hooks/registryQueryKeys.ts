import type { ResidentFilters } from './useResidentFilters';

/** Query keys of the registry; residents, households and the overview refresh together after a change. */
export const registryQueryKeys = {
  all: ['registry'] as const,
  residents: (filters: ResidentFilters, page: number, pageSize: number) => ['registry', 'residents', filters, page, pageSize] as const,
  residentSearch: (q: string) => ['registry', 'residents', 'search', q] as const,
  resident: (id: number) => ['registry', 'resident', id] as const,
  households: (query: { area?: number | null; q?: string; page: number; pageSize: number }) => ['registry', 'households', query] as const,
  household: (id: number) => ['registry', 'household', id] as const,
  overview: (area: number) => ['registry', 'overview', area] as const,
  importJob: (id: number) => ['registry', 'import', id] as const,
};
