import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TAssignment, TAssignmentCreate } from '../../../../../common/users';
import { api } from '../../../../lib/api';

/** POST /api/assignments. */
export function useCreateAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TAssignmentCreate) => api.post<TAssignment>('/api/assignments', body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['roster'] });
      await queryClient.invalidateQueries({ queryKey: ['assignments'] });
    },
  });
}
