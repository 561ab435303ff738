import { useQuery } from '@tanstack/react-query';
import type { TImportJob } from '../../../../../common/areas';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** GET /api/imports/{id}, polled every 500 ms while the job runs. */
export function useImportJob(id: number | null) {
  return useQuery({
    queryKey: areaQueryKeys.importJob(id ?? 0),
    queryFn: ({ signal }) => api.get<TImportJob>(`/api/imports/${id}`, undefined, signal),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : 500),
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}
