/** Query keys of notices; a change refreshes the list, the notice and its reach together. */
export const announcementQueryKeys = {
  all: ['announcements'] as const,
  list: (query: { area?: number; status?: string; page: number; pageSize: number }) => ['announcements', 'list', query] as const,
  detail: (id: number) => ['announcements', 'detail', id] as const,
  reach: (id: number, area?: number) => ['announcements', 'reach', id, area ?? null] as const,
};
