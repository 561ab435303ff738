import { useQuery } from '@tanstack/react-query';
import type { TAreaLevelSettings } from '../../../../../common/areas';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** The levels this deployment uses (GET /api/settings/area-levels); the level pickers offer only these. */
export function useAreaLevelSettings() {
  return useQuery({
    queryKey: areaQueryKeys.levelSettings(),
    queryFn: ({ signal }) => api.get<TAreaLevelSettings>('/api/settings/area-levels', undefined, signal),
    staleTime: 10 * 60_000,
    retry: false,
  });
}
