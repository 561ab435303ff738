import { useQuery } from '@tanstack/react-query';
import type { TAnnouncementDetail } from '../../../../../common/announcements';
import { api } from '../../../../lib/api';
import { announcementQueryKeys } from './announcementQueryKeys';

/** GET /api/announcements/{id}: one notice with its server-rendered body and earlier versions. */
export function useAnnouncement(id: number | null) {
  return useQuery({
    queryKey: announcementQueryKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<TAnnouncementDetail>(`/api/announcements/${id}`, undefined, signal),
    enabled: id !== null,
  });
}
