import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZCaseMapPoint } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys } from './caseQueryKeys';

export type CaseMapPoint = z.infer<typeof ZCaseMapPoint>;

/** GET /api/cases/map: cases that have a location (at most 5000). */
export function useCaseMap(area: number | undefined, status: string | undefined, open: boolean) {
  return useQuery({
    queryKey: caseQueryKeys.map(area, status, open),
    queryFn: ({ signal }) => api.get<CaseMapPoint[]>('/api/cases/map', { area, status, open: open ? '1' : undefined }, signal),
  });
}
