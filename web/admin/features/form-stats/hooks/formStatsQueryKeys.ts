/** Query keys of the statistics pages; a change (delete, alert action) refreshes everything under `all`. */
export const formStatsQueryKeys = {
  all: ['formStats'] as const,
  form: (id: number) => ['formStats', 'form', id] as const,
  formOptions: () => ['formStats', 'formOptions'] as const,
  stats: (id: number, query: { area?: number; from?: string; to?: string }) => ['formStats', 'stats', id, query] as const,
  submissions: (id: number, query: object) => ['formStats', 'submissions', id, query] as const,
  submission: (id: number, sid: string) => ['formStats', 'submission', id, sid] as const,
  notReported: (id: number, query: object) => ['formStats', 'notReported', id, query] as const,
  alerts: (query: object) => ['formStats', 'alerts', query] as const,
};
