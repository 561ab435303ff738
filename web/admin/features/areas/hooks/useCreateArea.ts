import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TArea, TAreaCreate } from '../../../../../common/areas';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** POST /api/areas. */
export function useCreateArea() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TAreaCreate) => api.post<TArea>('/api/areas', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: areaQueryKeys.all }),
  });
}
