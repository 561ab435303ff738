import { useQuery } from '@tanstack/react-query';
import type { TMe } from '../../../../../common/auth';
import { api, ApiError } from '../../../../lib/api';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

/** Who is signed in (GET /api/auth/me); `null` when nobody is. */
export function useMe() {
  return useQuery<TMe | null>({
    queryKey: ME_QUERY_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<TMe>('/api/auth/me', undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}
