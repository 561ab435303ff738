import { useMutation } from '@tanstack/react-query';
import type { TSubmission } from '../../../../../common/forms';
import { api } from '../../../../lib/api';

/**
 * POST /api/forms/{id}/submissions/{sid}/reveal: the submission with full phone and ID numbers,
 * audit-logged with the reason. Kept by the drawer only while it is open, never in the query cache.
 */
export function useRevealSubmission(id: number) {
  return useMutation({
    mutationFn: ({ sid, reason }: { sid: string; reason: string }) => api.post<TSubmission>(`/api/forms/${id}/submissions/${encodeURIComponent(sid)}/reveal`, { reason }),
    gcTime: 0,
  });
}
