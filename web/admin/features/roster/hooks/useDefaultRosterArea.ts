import { useAreaRoots } from '../../areas/hooks/useAreaRoots';
import { useMe } from '../../auth/hooks/useMe';

/** Where the roster opens: the user's first assignment, else (a super admin without one) the first scope root. */
export function useDefaultRosterArea(): { id: number; name: string } | null | undefined {
  const { data: me } = useMe();
  const first = me?.assignments[0];
  const roots = useAreaRoots(!!me && !first);
  if (first) return { id: first.area.id, name: first.area.name };
  if (!me || roots.isPending) return undefined; // still deciding
  const root = roots.data?.items[0];
  return root ? { id: root.id, name: root.name } : null;
}
