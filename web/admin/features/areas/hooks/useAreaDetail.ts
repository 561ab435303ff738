import { useQuery } from '@tanstack/react-query';
import type { TAreaWithAncestors } from '../../../../../common/areas';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** GET /api/areas/{id}: the area with its ancestors, top first. */
export function areaDetailQuery(id: number) {
  return {
    queryKey: areaQueryKeys.detail(id),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.get<TAreaWithAncestors>(`/api/areas/${id}`, undefined, signal),
  };
}

export function useAreaDetail(id: number | null) {
  return useQuery({ ...areaDetailQuery(id ?? 0), enabled: id !== null });
}
