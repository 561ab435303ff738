import type { TResidentDetail } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { useResidentMutation } from './useResidentMutation';

/** POST /api/residents/{id}/move-out: status becomes moved out on `date`. */
export function useMoveOutResident() {
  return useResidentMutation(({ id, date, note }: { id: number; date: string; note?: string }) => api.post<TResidentDetail>(`/api/residents/${id}/move-out`, { date, note }));
}
