import type { CaseStatus } from '../../../../../common/case-workflow';

/** Tag colour of each status: waiting (gold), moving (blue), waiting for a check (purple), done (green), refused (default). */
export const CASE_STATUS_COLORS: Record<CaseStatus, string> = {
  reported: 'gold',
  accepted: 'cyan',
  rejected: 'default',
  assigned: 'blue',
  in_progress: 'processing',
  resolved: 'purple',
  closed: 'success',
};

/** The same colours as plain CSS colours, for the map's points. */
export const CASE_STATUS_HEX: Record<CaseStatus, string> = {
  reported: '#faad14',
  accepted: '#13c2c2',
  rejected: '#8c8c8c',
  assigned: '#1677ff',
  in_progress: '#2f54eb',
  resolved: '#722ed1',
  closed: '#52c41a',
};

/**
 * "in 3 hours" / "2 days ago" in the reader's language, to the coarsest unit that is at least 1
 * (minutes under an hour, hours under two days, days beyond).
 */
export function relativeTime(iso: string, language: string, now: number = Date.now()): string {
  const diffMs = new Date(iso).getTime() - now;
  if (Number.isNaN(diffMs)) return iso;
  const format = new Intl.RelativeTimeFormat(language === 'en' ? 'en' : 'zh-CN', { numeric: 'auto' });
  const minutes = Math.round(diffMs / 60_000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(diffMs / 3_600_000);
  if (Math.abs(hours) < 48) return format.format(hours, 'hour');
  return format.format(Math.round(diffMs / 86_400_000), 'day');
}

/** An hours figure as "1.5" (at most one decimal), empty for null. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '';
  return String(Math.round(hours * 10) / 10);
}

/** A 0..1 share as "12.5%", empty for null. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '';
  return `${Math.round(rate * 1000) / 10}%`;
}
