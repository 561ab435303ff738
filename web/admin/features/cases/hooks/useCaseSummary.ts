import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZCaseSummary } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys } from './caseQueryKeys';

export type CaseSummary = z.infer<typeof ZCaseSummary>;

/** GET /api/cases/summary: counts per status per child area, and the caller's own work counts. */
export function useCaseSummary(area?: number) {
  return useQuery({
    queryKey: caseQueryKeys.summary(area),
    queryFn: ({ signal }) => api.get<CaseSummary>('/api/cases/summary', { area }, signal),
    placeholderData: keepPreviousData,
  });
}
