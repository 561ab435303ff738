import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TOverview } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/** GET /api/registry/overview?area=ID: one row of counts per child area, and the total. */
export function useRegistryOverview(area: number | null) {
  return useQuery({
    queryKey: registryQueryKeys.overview(area ?? 0),
    queryFn: ({ signal }) => api.get<TOverview>('/api/registry/overview', { area }, signal),
    enabled: area !== null,
    placeholderData: keepPreviousData,
  });
}
