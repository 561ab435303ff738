import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TAuditEntry } from '../../../../../common/audit';
import { api } from '../../../../lib/api';

export interface AuditFilters {
  area?: number;
  user?: number;
  action?: string;
  /** ISO 8601 with offset */
  from?: string;
  to?: string;
}

export interface AuditPage {
  items: TAuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/audit with filters and paging. */
export function useAuditLog(filters: AuditFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['audit', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<AuditPage>('/api/audit', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}
