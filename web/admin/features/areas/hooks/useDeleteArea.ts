import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** DELETE /api/areas/{id}; fails with 409 AREA_IN_USE when something still refers to the area. */
export function useDeleteArea() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/areas/${id}`),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: areaQueryKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: areaQueryKeys.all });
    },
  });
}
