import { useMutation } from '@tanstack/react-query';
import { api } from '../../../../lib/api';

/** POST /api/residents/{id}/reveal with field `phone`: the full number to call, audit-logged with the reason. */
export function useRevealResidentPhone() {
  return useMutation({
    mutationFn: ({ residentId, reason }: { residentId: number; reason: string }) => api.post<{ field: 'phone'; value: string | null }>(`/api/residents/${residentId}/reveal`, { field: 'phone', reason }),
    gcTime: 0,
  });
}
