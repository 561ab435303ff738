import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TArea, TAreaUpdate } from '../../../../../common/areas';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** PATCH /api/areas/{id}: rename, sort order, move (parentId) or archive/restore. */
export function useUpdateArea() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: TAreaUpdate }) => api.patch<TArea>(`/api/areas/${id}`, patch),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: areaQueryKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['roster'] });
    },
  });
}
