import type { TResidentDetail, TResidentUpdate } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { useResidentMutation } from './useResidentMutation';

/** PATCH /api/residents/{id} with only the fields that changed. */
export function useUpdateResident() {
  return useResidentMutation(({ id, patch }: { id: number; patch: TResidentUpdate }) => api.patch<TResidentDetail>(`/api/residents/${id}`, patch));
}
