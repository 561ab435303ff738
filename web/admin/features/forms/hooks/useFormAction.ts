import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFormDetail } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formQueryKeys } from './formQueryKeys';

/** POST /api/forms/{id}/publish (the draft becomes the next version) or /close (stop taking answers). */
export function useFormAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'publish' | 'close' }) => api.post<TFormDetail>(`/api/forms/${id}/${action}`),
    onSuccess: (saved) => {
      queryClient.setQueryData(formQueryKeys.detail(saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: ['forms', 'list'] });
    },
  });
}
