import type { TAreaPage } from '../../../../../common/areas';
import { api } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** The children of an area (GET /api/areas?parent=ID), up to 500: enough for any real branch of a picker. */
export function areaChildrenQuery(parentId: number) {
  return {
    queryKey: areaQueryKeys.children(parentId),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.get<TAreaPage>('/api/areas', { parent: parentId, pageSize: 500 }, signal),
  };
}
