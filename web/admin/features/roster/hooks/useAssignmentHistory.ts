import { useQuery } from '@tanstack/react-query';
import type { TAssignment } from '../../../../../common/users';
import { api } from '../../../../lib/api';

export interface AssignmentPage {
  items: TAssignment[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/assignments?area=ID&history=1: current and ended assignments of one area. */
export function useAssignmentHistory(areaId: number | null, page = 1) {
  return useQuery({
    queryKey: ['assignments', 'history', areaId, page],
    queryFn: ({ signal }) => api.get<AssignmentPage>('/api/assignments', { area: areaId, history: '1', page, pageSize: 50 }, signal),
    enabled: areaId !== null,
  });
}
