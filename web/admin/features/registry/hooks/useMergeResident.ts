import type { TResidentDetail } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { useResidentMutation } from './useResidentMutation';

/** POST /api/residents/{id}/merge: the duplicate disappears into the kept record. */
export function useMergeResident() {
  return useResidentMutation(({ id, duplicateId }: { id: number; duplicateId: number }) => api.post<TResidentDetail>(`/api/residents/${id}/merge`, { duplicateId }));
}
