import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AnnouncementStatus, TAnnouncement } from '../../../../../common/announcements';
import { api } from '../../../../lib/api';
import { announcementQueryKeys } from './announcementQueryKeys';

export interface AnnouncementPage {
  items: TAnnouncement[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/announcements: notices in the caller's scope (and live ones from above it). */
export function useAnnouncements(query: { area?: number; status?: AnnouncementStatus; page: number; pageSize: number }) {
  return useQuery({
    queryKey: announcementQueryKeys.list(query),
    queryFn: ({ signal }) => api.get<AnnouncementPage>('/api/announcements', query, signal),
    placeholderData: keepPreviousData,
  });
}
