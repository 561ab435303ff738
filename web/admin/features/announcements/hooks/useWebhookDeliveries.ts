import { useQueries, useQuery } from '@tanstack/react-query';
import type { TDelivery } from '../../../../../common/announcement-webhooks';
import { api } from '../../../../lib/api';
import { webhookQueryKeys } from './webhookQueryKeys';

export interface DeliveryLog {
  webhookId: number;
  items: TDelivery[];
}

const fetchLog = (id: number, limit: number, signal: AbortSignal) => api.get<DeliveryLog>(`/api/announcement-webhooks/${id}/deliveries`, { limit }, signal);

/** GET /api/announcement-webhooks/{id}/deliveries: one robot's delivery log, newest first. */
export function useWebhookDeliveries(id: number, limit = 20) {
  return useQuery({
    queryKey: webhookQueryKeys.deliveries(id, limit),
    queryFn: ({ signal }) => fetchLog(id, limit, signal),
    // Deliveries go out in the background: keep the log fresh while it is on screen.
    refetchInterval: 15_000,
  });
}

/** The delivery logs of several robots at once (the notice page reads each for the notice's rows). */
export function useDeliveryLogs(ids: number[], limit: number) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: webhookQueryKeys.deliveries(id, limit),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchLog(id, limit, signal),
      refetchInterval: 15_000,
    })),
  });
}
