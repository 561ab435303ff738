import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TWebhook, TWebhookCreate, TWebhookUpdate } from '../../../../../common/announcement-webhooks';
import { api } from '../../../../lib/api';
import { webhookQueryKeys } from './webhookQueryKeys';

export type WebhookSave = { kind: 'create'; area: number; body: TWebhookCreate } | { kind: 'update'; id: number; body: TWebhookUpdate };

/** POST /api/announcement-webhooks?area= to add a robot, PATCH /api/announcement-webhooks/{id} to change or switch one off. */
export function useSaveWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (save: WebhookSave) =>
      save.kind === 'create' ? api.post<TWebhook>(`/api/announcement-webhooks?area=${save.area}`, save.body) : api.patch<TWebhook>(`/api/announcement-webhooks/${save.id}`, save.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookQueryKeys.all }),
  });
}
