import dayjs from 'dayjs';

export interface DayRange {
  from: string;
  to: string;
}

export const DAY_FORMAT = 'YYYY-MM-DD';

/** Today as the API writes days (YYYY-MM-DD). */
export function today(): string {
  return dayjs().format(DAY_FORMAT);
}

/** The last `days` days up to and including today. */
export function lastDays(days: number): DayRange {
  return { from: dayjs().subtract(days - 1, 'day').format(DAY_FORMAT), to: today() };
}

/** A day range from the URL (`from`/`to`), if both are well-formed days. */
export function rangeFromParams(params: URLSearchParams): DayRange | undefined {
  const from = params.get('from');
  const to = params.get('to');
  const day = /^\d{4}-\d{2}-\d{2}$/;
  return from && to && day.test(from) && day.test(to) ? { from, to } : undefined;
}

/** A copy of the URL parameters with `changes` applied (undefined removes a key). */
export function withParams(params: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}
