import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFormCreate, TFormDetail, TFormUpdate } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formQueryKeys } from './formQueryKeys';

/** POST /api/forms for a new form (a draft), PATCH /api/forms/{id} to edit the draft of an existing one. */
export function useSaveForm(id: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TFormCreate | TFormUpdate) => (id === null ? api.post<TFormDetail>('/api/forms', body) : api.patch<TFormDetail>(`/api/forms/${id}`, body)),
    onSuccess: (saved) => {
      queryClient.setQueryData(formQueryKeys.detail(saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: ['forms', 'list'] });
    },
  });
}
