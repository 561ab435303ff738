import { useQuery } from '@tanstack/react-query';
import { api } from '../../../../lib/api';
import { DEFAULT_TAGS } from '../utils/registryOptions';

/** GET /api/settings/resident-tags: the tags this deployment offers (the defaults until it sets its own). */
export function useResidentTags(): readonly string[] {
  const { data } = useQuery({
    queryKey: ['settings', 'resident-tags'],
    queryFn: ({ signal }) => api.get<{ tags: string[] }>('/api/settings/resident-tags', undefined, signal),
    staleTime: 10 * 60_000,
  });
  return data?.tags ?? DEFAULT_TAGS;
}
