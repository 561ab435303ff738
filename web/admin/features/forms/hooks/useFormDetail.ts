import { useQuery } from '@tanstack/react-query';
import type { TFormDetail } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formQueryKeys } from './formQueryKeys';

/** GET /api/forms/{id}: the form with its draft, the published definition and the versions. */
export function useFormDetail(id: number | null) {
  return useQuery({
    queryKey: formQueryKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<TFormDetail>(`/api/forms/${id}`, undefined, signal),
    enabled: id !== null,
  });
}
