import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TUser } from '../../../../../common/users';
import { api } from '../../../../lib/api';

export interface UserPage {
  items: TUser[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/users?q=&page= (also feeds the user pickers). */
export function useUsers({ q, page = 1, pageSize = 50, enabled = true }: { q?: string; page?: number; pageSize?: number; enabled?: boolean }) {
  const term = q?.trim() || undefined;
  return useQuery({
    queryKey: ['users', 'list', term ?? '', page, pageSize],
    queryFn: ({ signal }) => api.get<UserPage>('/api/users', { q: term, page, pageSize }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
