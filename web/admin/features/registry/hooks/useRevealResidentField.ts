import { useMutation } from '@tanstack/react-query';
import { api } from '../../../../lib/api';

export type RevealField = 'idNumber' | 'phone';

/**
 * POST /api/residents/{id}/reveal: one full number, audit-logged with the reason. The answer is kept
 * by the caller only as long as it is on screen, never in the query cache.
 */
export function useRevealResidentField() {
  return useMutation({
    mutationFn: ({ id, field, reason }: { id: number; field: RevealField; reason: string }) => api.post<{ field: RevealField; value: string | null }>(`/api/residents/${id}/reveal`, { field, reason }),
    gcTime: 0,
  });
}
