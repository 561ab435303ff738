import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TResidentPage } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/** Residents matching what was typed, whatever their status (a duplicate may be marked moved out); idle while nothing is typed. */
export function useResidentSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: registryQueryKeys.residentSearch(term),
    queryFn: ({ signal }) => api.get<TResidentPage>('/api/residents', { q: term, status: 'all', pageSize: 20 }, signal),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}
