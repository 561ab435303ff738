import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZNotReported } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formStatsQueryKeys } from './formStatsQueryKeys';

export type NotReported = z.infer<typeof ZNotReported>;

/** GET /api/forms/{id}/not-reported: registered residents under `area` without a submission on `day`. */
export function useNotReported(id: number, query: { area?: number; day?: string; page: number; pageSize: number }, enabled: boolean) {
  return useQuery({
    queryKey: formStatsQueryKeys.notReported(id, query),
    queryFn: ({ signal }) => api.get<NotReported>(`/api/forms/${id}/not-reported`, query, signal),
    enabled: enabled && query.area !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
