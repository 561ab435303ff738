import { useQuery } from '@tanstack/react-query';
import type { TResidentDetail } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/** GET /api/residents/{id}: one resident with household, history and whether the caller may reveal numbers. */
export function useResident(id: number | null) {
  return useQuery({
    queryKey: registryQueryKeys.resident(id ?? 0),
    queryFn: ({ signal }) => api.get<TResidentDetail>(`/api/residents/${id}`, undefined, signal),
    enabled: id !== null,
  });
}
