import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../../lib/api';
import { formStatsQueryKeys } from './formStatsQueryKeys';

/** DELETE /api/forms/{id}/submissions/{sid} with the reason (audited); the lists, statistics and alerts refresh. */
export function useDeleteSubmission(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ sid, reason }: { sid: string; reason: string }) => apiRequest<void>(`/api/forms/${id}/submissions/${encodeURIComponent(sid)}`, { method: 'DELETE', body: { reason } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: formStatsQueryKeys.all }),
  });
}
