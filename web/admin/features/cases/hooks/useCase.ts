import { useQuery } from '@tanstack/react-query';
import type { TCaseDetail } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys } from './caseQueryKeys';

/** GET /api/cases/{id}: the case with its timeline, attachments and the caller's allowed actions. */
export function useCase(id: number) {
  return useQuery({
    queryKey: caseQueryKeys.detail(id),
    queryFn: ({ signal }) => api.get<TCaseDetail>(`/api/cases/${id}`, undefined, signal),
    enabled: id > 0,
  });
}
