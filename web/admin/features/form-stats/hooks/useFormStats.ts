import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TStats } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formStatsQueryKeys } from './formStatsQueryKeys';

/** Statistics are current within a second of a submission; the page asks again every 10 s while it is visible. */
export const STATS_REFRESH_MS = 10_000;

/** GET /api/forms/{id}/stats: one row per child area of `area`, the total, the trend per day and the counted questions. */
export function useFormStats(id: number, query: { area?: number; from?: string; to?: string }, enabled: boolean) {
  return useQuery({
    queryKey: formStatsQueryKeys.stats(id, query),
    queryFn: ({ signal }) => api.get<TStats>(`/api/forms/${id}/stats`, query, signal),
    enabled,
    placeholderData: keepPreviousData,
    // TanStack pauses the interval while the tab is hidden (refetchIntervalInBackground is off).
    refetchInterval: STATS_REFRESH_MS,
  });
}
