import type { CaseStatus, CaseType } from '../../../../../common/case-workflow';

/** The filters of the case list (GET /api/cases), also the export's query. */
export interface CaseListQuery {
  area?: number;
  status?: CaseStatus;
  mine?: '1';
  overdue?: '1';
  escalated?: '1';
  category?: number;
  type?: CaseType;
  inspection?: number;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Query keys of cases and inspections; a transition refreshes everything under `['cases']`. */
export const caseQueryKeys = {
  all: ['cases'] as const,
  list: (query: CaseListQuery) => ['cases', 'list', query] as const,
  detail: (id: number) => ['cases', 'detail', id] as const,
  summary: (area?: number) => ['cases', 'summary', area ?? null] as const,
  stats: (area: number | undefined, from: string | undefined, to: string | undefined) => ['cases', 'stats', area ?? null, from ?? null, to ?? null] as const,
  map: (area: number | undefined, status: string | undefined, open: boolean) => ['cases', 'map', area ?? null, status ?? null, open] as const,
  categories: ['case-categories'] as const,
  inspections: ['inspections'] as const,
  inspectionList: (area: number | undefined, status: string | undefined, page: number) => ['inspections', 'list', area ?? null, status ?? null, page] as const,
  inspection: (id: number) => ['inspections', 'detail', id] as const,
};
