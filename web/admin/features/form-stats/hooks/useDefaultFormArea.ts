import { useMe } from '../../auth/hooks/useMe';

/**
 * Where a form's pages open: the form's own area, or, for someone whose scope lies below it (a grid
 * worker looking at a community's check-in), their own area under it. Undefined while still loading.
 */
export function useDefaultFormArea(form: { areaId: number } | undefined): number | undefined {
  const { data: me } = useMe();
  if (!form || me === undefined) return undefined;
  if (!me || me.isSuperAdmin) return form.areaId;
  const within = me.assignments.find((a) => a.area.path.includes(`/${form.areaId}/`));
  return within ? within.area.id : form.areaId;
}
