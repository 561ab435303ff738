import type { TResidentDetail } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { useResidentMutation } from './useResidentMutation';

/** POST /api/residents/{id}/move: into another household; the history keeps the old address. */
export function useMoveResident() {
  return useResidentMutation(({ id, householdId, note }: { id: number; householdId: number; note?: string }) => api.post<TResidentDetail>(`/api/residents/${id}/move`, { householdId, note }));
}
