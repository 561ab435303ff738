import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TMe } from '../../../../../common/auth';
import { api } from '../../../../lib/api';
import { ME_QUERY_KEY } from './useMe';

export interface LoginInput {
  username: string;
  password: string;
}

/** Signs in; the answer is the user, and /api/auth/me is read again right after to settle the menu. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<TMe>('/api/auth/login', input),
    onSuccess: async (me) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
      queryClient.setQueryData(ME_QUERY_KEY, me);
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    },
  });
}
