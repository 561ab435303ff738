/** Query keys of forms; a change refreshes the list and the form together. */
export const formQueryKeys = {
  all: ['forms'] as const,
  list: (query: FormListQuery) => ['forms', 'list', query] as const,
  detail: (id: number) => ['forms', 'detail', id] as const,
  link: (id: number, areaId: number) => ['forms', 'link', id, areaId] as const,
};

export interface FormListQuery {
  area?: number;
  status?: 'draft' | 'published' | 'closed';
  q?: string;
  page: number;
  pageSize: number;
}
