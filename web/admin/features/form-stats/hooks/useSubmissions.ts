import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZSubmissionPage } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formStatsQueryKeys } from './formStatsQueryKeys';

export interface SubmissionFilters {
  area?: number;
  from?: string;
  to?: string;
  flagged?: '1';
  q?: string;
  page: number;
  pageSize: number;
}

/** GET /api/forms/{id}/submissions: one page of submissions, personal answers masked. */
export function useSubmissions(id: number, filters: SubmissionFilters) {
  return useQuery({
    queryKey: formStatsQueryKeys.submissions(id, filters),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZSubmissionPage>>(`/api/forms/${id}/submissions`, { ...filters }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
