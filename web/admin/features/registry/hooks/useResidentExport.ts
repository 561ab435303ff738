import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../../../../lib/api';
import type { ResidentFilters } from './useResidentFilters';

/**
 * GET /api/residents/export.xlsx with the list's filters: masked, or with full numbers and the reason
 * for them (`reveal=1&reason=`), which the server audit-logs.
 */
export function useResidentExport() {
  return useMutation({
    mutationFn: ({ filters, reveal }: { filters: ResidentFilters; reveal?: { reason: string } }) => {
      const stamp = new Date().toISOString().slice(0, 10);
      return downloadFile('/api/residents/export.xlsx', { ...filters, ...(reveal ? { reveal: 1, reason: reveal.reason } : {}) }, `residents-${stamp}.xlsx`);
    },
  });
}
