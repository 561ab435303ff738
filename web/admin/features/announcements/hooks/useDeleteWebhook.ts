import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../lib/api';
import { webhookQueryKeys } from './webhookQueryKeys';

/** DELETE /api/announcement-webhooks/{id}: the robot and its delivery log. */
export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/announcement-webhooks/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookQueryKeys.all }),
  });
}
