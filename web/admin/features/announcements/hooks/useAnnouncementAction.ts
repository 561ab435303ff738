import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TAnnouncementDetail } from '../../../../../common/announcements';
import { api } from '../../../../lib/api';
import { announcementQueryKeys } from './announcementQueryKeys';

export type AnnouncementAction = { kind: 'publish' } | { kind: 'withdraw' } | { kind: 'review'; approve: boolean; note?: string };

/** Publish (or send for review), review and withdraw: POST /api/announcements/{id}/{action}. */
export function useAnnouncementAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: AnnouncementAction) =>
      action.kind === 'review'
        ? api.post<TAnnouncementDetail>(`/api/announcements/${id}/review`, { approve: action.approve, note: action.note || undefined })
        : api.post<TAnnouncementDetail>(`/api/announcements/${id}/${action.kind}`),
    onSuccess: (saved) => {
      queryClient.setQueryData(announcementQueryKeys.detail(saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: announcementQueryKeys.all });
    },
  });
}
