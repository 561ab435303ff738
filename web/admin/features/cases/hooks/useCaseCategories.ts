import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TCaseCategory, ZCaseCategoryCreate } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys } from './caseQueryKeys';

export type CaseCategoryInput = z.input<typeof ZCaseCategoryCreate>;

/** GET /api/case-categories: every category of the deployment (inactive ones too; pickers filter). */
export function useCaseCategories() {
  return useQuery({
    queryKey: caseQueryKeys.categories,
    queryFn: ({ signal }) => api.get<TCaseCategory[]>('/api/case-categories', undefined, signal),
    staleTime: 60_000,
  });
}

/** POST /api/case-categories, or PATCH /api/case-categories/{id} when `id` is given. */
export function useSaveCaseCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Partial<CaseCategoryInput> }) =>
      id ? api.patch<TCaseCategory>(`/api/case-categories/${id}`, body) : api.post<TCaseCategory>('/api/case-categories', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caseQueryKeys.categories }),
  });
}
