import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZCasePage } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys, type CaseListQuery } from './caseQueryKeys';

export type CasePage = z.infer<typeof ZCasePage>;

/** GET /api/cases: cases in the caller's scope, filtered on the server. */
export function useCases(query: CaseListQuery, enabled = true) {
  return useQuery({
    queryKey: caseQueryKeys.list(query),
    queryFn: ({ signal }) => api.get<CasePage>('/api/cases', { ...query }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
