import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TResidentImportPreview } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/**
 * GET /api/imports/residents/{id}, polled once a second while a confirmed import is still running; the
 * registry lists refetch when it is done.
 */
export function useResidentImportJob(id: number | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: registryQueryKeys.importJob(id ?? 0),
    queryFn: async ({ signal }) => {
      const job = await api.get<TResidentImportPreview>(`/api/imports/residents/${id}`, undefined, signal);
      if (job.status === 'succeeded') void queryClient.invalidateQueries({ queryKey: registryQueryKeys.all, predicate: (q) => q.queryKey[1] !== 'import' });
      return job;
    },
    enabled: id !== null,
    staleTime: Infinity,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
}
