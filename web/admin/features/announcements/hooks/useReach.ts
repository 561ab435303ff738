import { useQuery } from '@tanstack/react-query';
import type { TReachReport } from '../../../../../common/announcements';
import { api } from '../../../../lib/api';
import { announcementQueryKeys } from './announcementQueryKeys';

/** GET /api/announcements/{id}/reach: per grid, households reached and those still to visit. */
export function useReach(id: number, area: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: announcementQueryKeys.reach(id, area),
    queryFn: ({ signal }) => api.get<TReachReport>(`/api/announcements/${id}/reach`, { area }, signal),
    enabled,
  });
}
