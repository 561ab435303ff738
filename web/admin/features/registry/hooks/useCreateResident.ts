import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TResidentDetail } from '../../../../../common/registry';
import { api } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/** Body of POST /api/residents as the form sends it (the server fills in the defaults). */
export interface ResidentCreateBody {
  householdId: number;
  name: string;
  idNumber: string;
  phone?: string | null;
  relation?: string;
  residenceType?: string;
  moveInDate?: string | null;
  tags?: string[];
}

/** POST /api/residents; the server checks the ID number's check digit, the phone and duplicates. */
export function useCreateResident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResidentCreateBody) => api.post<TResidentDetail>('/api/residents', body),
    onSuccess: async (detail) => {
      queryClient.setQueryData(registryQueryKeys.resident(detail.id), detail);
      await queryClient.invalidateQueries({ queryKey: registryQueryKeys.all });
    },
  });
}
