import { useQuery } from '@tanstack/react-query';
import type { THousehold } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/** GET /api/households/{id}. */
export function useHousehold(id: number | null | undefined) {
  return useQuery({
    queryKey: registryQueryKeys.household(id ?? 0),
    queryFn: ({ signal }) => api.get<THousehold>(`/api/households/${id}`, undefined, signal),
    enabled: !!id,
  });
}
