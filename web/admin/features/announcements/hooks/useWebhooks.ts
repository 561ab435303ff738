import { useQuery } from '@tanstack/react-query';
import type { TWebhook } from '../../../../../common/announcement-webhooks';
import { api } from '../../../../lib/api';
import { webhookQueryKeys } from './webhookQueryKeys';

/** GET /api/announcement-webhooks?area=: the group robots of an area and of the areas below it, addresses masked. */
export function useWebhooks(area: number | undefined, enabled = true) {
  return useQuery({
    queryKey: webhookQueryKeys.list(area ?? 0),
    queryFn: ({ signal }) => api.get<{ items: TWebhook[] }>('/api/announcement-webhooks', { area }, signal),
    enabled: enabled && area !== undefined,
  });
}
