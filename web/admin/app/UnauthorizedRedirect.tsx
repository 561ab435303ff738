import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { setUnauthorizedHandler } from '../../lib/api';
import { ME_QUERY_KEY } from '../features/auth/hooks/useMe';

/**
 * A 401 from any call means the session is gone: forget the user, which makes RequireAuth send
 * the browser to the login page (remembering where it was). A wrong password on the login form is
 * a 401 too, and is left to the form.
 */
export function UnauthorizedRedirect() {
  const queryClient = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler((_error, path) => {
      if (path.startsWith('/api/auth/login')) return;
      if (queryClient.getQueryData(ME_QUERY_KEY) !== null) queryClient.setQueryData(ME_QUERY_KEY, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);
  return null;
}
