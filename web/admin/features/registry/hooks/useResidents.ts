import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TResidentPage } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';
import type { ResidentFilters } from './useResidentFilters';

/** GET /api/residents: a page of residents in the caller's scope, numbers masked. */
export function useResidents(filters: ResidentFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: registryQueryKeys.residents(filters, page, pageSize),
    queryFn: ({ signal }) => api.get<TResidentPage>('/api/residents', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}
