import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TCaseDetail, TCaseTransition } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys } from './caseQueryKeys';

/** POST /api/cases/{id}/transitions: one step of the case (with the version the page loaded). */
export function useCaseTransition(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCaseTransition) => api.post<TCaseDetail>(`/api/cases/${id}/transitions`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(caseQueryKeys.detail(id), updated);
      void queryClient.invalidateQueries({ queryKey: caseQueryKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' });
      void queryClient.invalidateQueries({ queryKey: caseQueryKeys.inspections });
    },
  });
}
