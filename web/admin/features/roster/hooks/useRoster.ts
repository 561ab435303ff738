import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZRosterPage } from '../../../../../common/users';
import { api } from '../../../../lib/api';

export type RosterPage = z.infer<typeof ZRosterPage>;

/** GET /api/roster: grids under `area` with their people; `gap` marks a grid nobody holds. */
export function useRoster({ area, gapsOnly, page, pageSize }: { area: number | null; gapsOnly: boolean; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['roster', area, gapsOnly, page, pageSize],
    queryFn: ({ signal }) => api.get<RosterPage>('/api/roster', { area, gapsOnly: gapsOnly ? '1' : undefined, page, pageSize }, signal),
    enabled: area !== null,
    placeholderData: keepPreviousData,
  });
}
