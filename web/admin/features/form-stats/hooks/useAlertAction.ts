import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZAlertAction } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import type { FormAlert } from './useFormAlerts';
import { formStatsQueryKeys } from './formStatsQueryKeys';

/** POST /api/form-alerts/{id}/actions: follow up (with a note and someone to hand it to), close or reopen. */
export function useAlertAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.infer<typeof ZAlertAction> & { id: number }) => api.post<FormAlert>(`/api/form-alerts/${id}/actions`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: formStatsQueryKeys.all }),
  });
}
