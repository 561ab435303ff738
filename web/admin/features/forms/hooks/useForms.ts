import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TFormSummary } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formQueryKeys, type FormListQuery } from './formQueryKeys';

/** GET /api/forms: the forms in the caller's scope, newest change first. */
export function useForms(query: FormListQuery) {
  return useQuery({
    queryKey: formQueryKeys.list(query),
    queryFn: ({ signal }) => api.get<{ items: TFormSummary[]; total: number }>('/api/forms', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}
