import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ALERT_STATUSES, ZAlertPage } from '../../../../../common/forms';
import { api } from '../../../../lib/api';
import { formStatsQueryKeys } from './formStatsQueryKeys';

export type AlertPage = z.infer<typeof ZAlertPage>;
export type FormAlert = AlertPage['items'][number];
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** GET /api/form-alerts: alerts raised by the forms in scope; asked again every 10 s so a new one shows up at once. */
export function useFormAlerts(query: { area?: number; form?: number; status?: AlertStatus; page: number; pageSize: number }) {
  return useQuery({
    queryKey: formStatsQueryKeys.alerts(query),
    queryFn: ({ signal }) => api.get<AlertPage>('/api/form-alerts', query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}
