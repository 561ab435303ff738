import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../../lib/api';

export type GetState<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: unknown };

/**
 * GETs one API path (with the session cookie when there is one). `reload` fetches again (weak signal on
 * patrol); `replace` puts an answer the page already has (a transition's result) in place without a request.
 * A `null` path waits.
 */
export function useApiGet<T>(path: string | null): GetState<T> & { reload: () => void; replace: (data: T) => void } {
  const [state, setState] = useState<GetState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    // Keep showing what we have while refreshing; only the first load shows the spinner.
    setState((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
    api
      .get<T>(path, undefined, controller.signal)
      .then((data) => setState({ status: 'ready', data }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      });
    return () => controller.abort();
  }, [path, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { ...state, reload, replace };
}
