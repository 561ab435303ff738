import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TUser, TUserCreate } from '../../../../../common/users';
import { api } from '../../../../lib/api';

/** POST /api/users. */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TUserCreate) => api.post<TUser>('/api/users', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
