import { useCallback, useEffect, useState } from 'react';
import type { TGridCard } from '../../../../../common/grid-card';
import { api } from '../../../../lib/api';

export type GridCardState = { status: 'loading' } | { status: 'ready'; card: TGridCard } | { status: 'error'; error: unknown };

/** Loads the public grid card; `reload` tries again after a failure (weak signal in stairwells). */
export function useGridCard(gridId: number): GridCardState & { reload: () => void } {
  const [state, setState] = useState<GridCardState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    api
      .get<TGridCard>(`/api/public/grids/${gridId}/card`, undefined, controller.signal)
      .then((card) => setState({ status: 'ready', card }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      });
    return () => controller.abort();
  }, [gridId, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
