/** Query keys of group-chat webhooks; a change refreshes the lists and the delivery logs together. */
export const webhookQueryKeys = {
  all: ['announcement-webhooks'] as const,
  list: (area: number) => ['announcement-webhooks', 'list', area] as const,
  deliveries: (id: number, limit: number) => ['announcement-webhooks', 'deliveries', id, limit] as const,
};
