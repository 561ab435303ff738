import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TResidentDetail } from '../../../../../common/registry';
import { registryQueryKeys } from './registryQueryKeys';

/**
 * A change to one resident that answers with the resident's new details (PATCH, move, move-out,
 * merge): the detail is updated in place and every list and count of the registry refetches.
 */
export function useResidentMutation<TVars>(mutationFn: (vars: TVars) => Promise<TResidentDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (detail) => {
      queryClient.setQueryData(registryQueryKeys.resident(detail.id), detail);
      await queryClient.invalidateQueries({ queryKey: registryQueryKeys.all, predicate: (q) => q.queryKey[1] !== 'resident' || q.queryKey[2] !== detail.id });
    },
  });
}
