import { useQuery } from '@tanstack/react-query';
import type { TAreaPage } from '../../../../../common/areas';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** The roots of the caller's scope (GET /api/areas with no parameters). */
export function useAreaRoots(enabled = true) {
  return useQuery({
    queryKey: areaQueryKeys.roots(),
    queryFn: ({ signal }) => api.get<TAreaPage>('/api/areas', undefined, signal),
    enabled,
  });
}
