import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TCaseCreate, TCaseDetail } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys } from './caseQueryKeys';

/** POST /api/cases: raise a case from the desktop. */
export function useCreateCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCaseCreate) => api.post<TCaseDetail>('/api/cases', body),
    onSuccess: (created) => {
      queryClient.setQueryData(caseQueryKeys.detail(created.id), created);
      void queryClient.invalidateQueries({ queryKey: caseQueryKeys.all });
    },
  });
}
