import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { THousehold } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/** POST /api/households at a unit, building or grid. */
export function useCreateHousehold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { areaId: number; room: string; phone?: string | null; tags?: string[] }) => api.post<THousehold>('/api/households', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registryQueryKeys.all }),
  });
}
