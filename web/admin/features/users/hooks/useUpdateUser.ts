import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TUser, TUserUpdate } from '../../../../../common/users';
import { api } from '../../../../lib/api';

/** PATCH /api/users/{id}: name, phone, showPhone, password reset, disabled, unlock. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: TUserUpdate }) => api.patch<TUser>(`/api/users/${id}`, patch),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      // Names and phones show on the roster too.
      await queryClient.invalidateQueries({ queryKey: ['roster'] });
    },
  });
}
