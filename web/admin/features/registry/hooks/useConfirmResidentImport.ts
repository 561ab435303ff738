import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TResidentImportPreview } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/** POST /api/imports/residents/{id}/confirm: all rows or none (422 IMPORT_INVALID with the bad rows). */
export function useConfirmResidentImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<TResidentImportPreview>(`/api/imports/residents/${id}/confirm`),
    onSuccess: async (job) => {
      queryClient.setQueryData(registryQueryKeys.importJob(job.id), job);
      await queryClient.invalidateQueries({ queryKey: registryQueryKeys.all, predicate: (q) => q.queryKey[1] !== 'import' });
    },
  });
}
