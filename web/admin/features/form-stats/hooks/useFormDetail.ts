import { useQuery } from '@tanstack/react-query';
import type { TFormDetail } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formStatsQueryKeys } from './formStatsQueryKeys';

/** GET /api/forms/{id}: title, mode, area and the published definition (question labels and options). */
export function useFormDetail(id: number) {
  return useQuery({
    queryKey: formStatsQueryKeys.form(id),
    queryFn: ({ signal }) => api.get<TFormDetail>(`/api/forms/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
    staleTime: 30_000,
  });
}
