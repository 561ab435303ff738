import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../lib/api';
import { announcementQueryKeys } from './announcementQueryKeys';

/** POST /api/announcements/{id}/reach: the grid worker visited or phoned a household. */
export function useRecordReach(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { householdId: number; channel: 'door_visit' | 'phone' }) => api.post<{ alreadyReached: boolean }>(`/api/announcements/${id}/reach`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['announcements', 'reach', id] }),
  });
}
