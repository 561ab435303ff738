import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZFormPage } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formStatsQueryKeys } from './formStatsQueryKeys';

/** GET /api/forms: the forms in scope, for the alert list's form filter (the 200 most recent). */
export function useFormOptions() {
  return useQuery({
    queryKey: formStatsQueryKeys.formOptions(),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZFormPage>>('/api/forms', { pageSize: 200 }, signal),
    staleTime: 60_000,
  });
}
