import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { THousehold } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

export interface HouseholdPage {
  items: THousehold[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/households: households under an area (or the whole scope), optionally by address text. */
export function useHouseholds(query: { area?: number | null; q?: string; page: number; pageSize: number }, enabled = true) {
  const q = query.q?.trim() || undefined;
  const key = { area: query.area ?? undefined, q, page: query.page, pageSize: query.pageSize };
  return useQuery({
    queryKey: registryQueryKeys.households(key),
    queryFn: ({ signal }) => api.get<HouseholdPage>('/api/households', key, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
