import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TAssignment } from '../../../../../common/users';
import { api } from '../../../../lib/api';

/** POST /api/assignments/{id}/end: the assignment stays in the history with an end date. */
export function useEndAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<TAssignment>(`/api/assignments/${id}/end`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['roster'] });
      await queryClient.invalidateQueries({ queryKey: ['assignments'] });
    },
  });
}
