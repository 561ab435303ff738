import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TAnnouncementCreate, TAnnouncementDetail, TAnnouncementUpdate } from '../../../../../common/announcements';
import { api } from '../../../../lib/api';
import { announcementQueryKeys } from './announcementQueryKeys';

/** POST /api/announcements for a new notice, PATCH /api/announcements/{id} for an existing one. */
export function useSaveAnnouncement(id: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TAnnouncementCreate | TAnnouncementUpdate) =>
      id === null ? api.post<TAnnouncementDetail>('/api/announcements', body) : api.patch<TAnnouncementDetail>(`/api/announcements/${id}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(announcementQueryKeys.detail(saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: announcementQueryKeys.all });
    },
  });
}
