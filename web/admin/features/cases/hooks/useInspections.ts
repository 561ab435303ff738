import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZInspection, ZInspectionCreate, ZInspectionPage, ZInspectionRecord } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { caseQueryKeys } from './caseQueryKeys';

export type TInspection = z.infer<typeof ZInspection>;
export type InspectionStatus = TInspection['status'];
type InspectionPage = z.infer<typeof ZInspectionPage>;

/** GET /api/inspections. */
export function useInspections(area: number | undefined, status: InspectionStatus | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: caseQueryKeys.inspectionList(area, status, page),
    queryFn: ({ signal }) => api.get<InspectionPage>('/api/inspections', { area, status, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/inspections/{id}. */
export function useInspection(id: number) {
  return useQuery({
    queryKey: caseQueryKeys.inspection(id),
    queryFn: ({ signal }) => api.get<TInspection>(`/api/inspections/${id}`, undefined, signal),
    enabled: id > 0,
  });
}

/** POST /api/inspections: plan an inspection with its checklist. */
export function useCreateInspection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ZInspectionCreate>) => api.post<TInspection>('/api/inspections', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caseQueryKeys.inspections }),
  });
}

/** POST /api/inspections/{id}/record: results per item; failed items become rectification cases. */
export function useRecordInspection(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ZInspectionRecord>) => api.post<TInspection>(`/api/inspections/${id}/record`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(caseQueryKeys.inspection(id), updated);
      void queryClient.invalidateQueries({ queryKey: caseQueryKeys.inspections });
      void queryClient.invalidateQueries({ queryKey: caseQueryKeys.all });
    },
  });
}
