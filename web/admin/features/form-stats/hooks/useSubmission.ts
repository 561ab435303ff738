import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZSubmissionDetail } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formStatsQueryKeys } from './formStatsQueryKeys';

export type SubmissionDetail = z.infer<typeof ZSubmissionDetail>;

/** GET /api/forms/{id}/submissions/{sid}: one submission with the definition it was answered on and its alerts. */
export function useSubmission(id: number, sid: string | null) {
  return useQuery({
    queryKey: formStatsQueryKeys.submission(id, sid ?? ''),
    queryFn: ({ signal }) => api.get<SubmissionDetail>(`/api/forms/${id}/submissions/${encodeURIComponent(sid!)}`, undefined, signal),
    enabled: sid !== null,
  });
}
