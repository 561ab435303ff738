import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ResidenceType, ResidentStatus } from '../../../../../common/registry';
import { RESIDENCE_TYPE_OPTIONS, RESIDENT_STATUS_OPTIONS } from '../utils/registryOptions';

/** What the residents list is filtered by; `status` 'all' includes moved-out and deceased people. */
export interface ResidentFilters {
  q?: string;
  area?: number;
  tag?: string;
  residenceType?: ResidenceType;
  status?: ResidentStatus | 'all';
  household?: number;
}

const positive = (value: string | null) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/**
 * The residents page keeps its filters, page and open resident in the URL, so a filtered list or a
 * resident can be linked to, and the back button undoes a filter.
 */
export function useResidentFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<ResidentFilters>(() => {
    const type = params.get('residenceType');
    const status = params.get('status');
    return {
      q: params.get('q')?.trim() || undefined,
      area: positive(params.get('area')),
      tag: params.get('tag')?.trim() || undefined,
      residenceType: RESIDENCE_TYPE_OPTIONS.includes(type as ResidenceType) ? (type as ResidenceType) : undefined,
      status: status === 'all' || RESIDENT_STATUS_OPTIONS.includes(status as ResidentStatus) ? (status as ResidentStatus | 'all') : undefined,
      household: positive(params.get('household')),
    };
  }, [params]);
  const page = positive(params.get('page')) ?? 1;
  const openId = positive(params.get('resident')) ?? null;

  const write = useCallback(
    (change: (next: URLSearchParams) => void, replace = true) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          change(next);
          return next;
        },
        { replace },
      ),
    [setParams],
  );

  /** Changes some filters and goes back to page 1. */
  const setFilters = useCallback(
    (patch: Partial<ResidentFilters>) =>
      write((next) => {
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        next.delete('page');
      }),
    [write],
  );
  const setPage = useCallback((p: number) => write((next) => (p > 1 ? next.set('page', String(p)) : next.delete('page')), false), [write]);
  const openResident = useCallback((id: number | null) => write((next) => (id ? next.set('resident', String(id)) : next.delete('resident')), false), [write]);
  /** Closes the resident and lists the members of a household instead (one URL change, one history entry). */
  const showHousehold = useCallback(
    (householdId: number) =>
      write((next) => {
        for (const key of ['resident', 'q', 'area', 'tag', 'residenceType', 'page']) next.delete(key);
        next.set('household', String(householdId));
      }, false),
    [write],
  );

  return { filters, page, openId, setFilters, setPage, openResident, showHousehold };
}
