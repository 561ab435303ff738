import { useQuery } from '@tanstack/react-query';
import type { TFormLink } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formQueryKeys } from './formQueryKeys';

/** GET /api/forms/{id}/links?area=ID: the QR link of the form for one area node (made on first ask). */
export function useFormLink(id: number, areaId: number | null) {
  return useQuery({
    queryKey: formQueryKeys.link(id, areaId ?? 0),
    queryFn: ({ signal }) => api.get<TFormLink>(`/api/forms/${id}/links`, { area: areaId }, signal),
    enabled: areaId !== null,
    staleTime: Infinity,
  });
}
