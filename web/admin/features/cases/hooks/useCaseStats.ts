import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZCaseStats } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys } from './caseQueryKeys';

export type CaseStats = z.infer<typeof ZCaseStats>;

/** GET /api/cases/stats: opened, closed, time to close, overdue rate and satisfaction per child area. */
export function useCaseStats(area: number | undefined, from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: caseQueryKeys.stats(area, from, to),
    queryFn: ({ signal }) => api.get<CaseStats>('/api/cases/stats', { area, from, to }, signal),
    placeholderData: keepPreviousData,
  });
}
