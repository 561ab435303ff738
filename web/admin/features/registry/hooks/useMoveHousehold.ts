import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { THousehold } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/** POST /api/households/{id}/move: the household and everyone in it go to another unit/building/grid. */
export function useMoveHousehold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; areaId: number; room?: string; note?: string }) => api.post<THousehold>(`/api/households/${id}/move`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registryQueryKeys.all }),
  });
}
