import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TAreaPage } from '../../../../../common/areas';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** Areas whose name or code matches `q` (GET /api/areas?q=); idle while `q` is empty. */
export function useAreaSearch(q: string, pageSize = 20) {
  const term = q.trim();
  return useQuery({
    queryKey: [...areaQueryKeys.search(term), pageSize],
    queryFn: ({ signal }) => api.get<TAreaPage>('/api/areas', { q: term, pageSize }, signal),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}
