import type { CaseStatus } from '../../common/case-workflow.js';
import { CASE_TYPE_LABELS, type CaseType } from '../../common/case-workflow.js';
import type { CaseCategoryRow } from '../db/types.js';

/** GeoReport knows two statuses: a case is `closed` once it is closed or rejected, `open` before. */
export function georeportStatus(status: CaseStatus | string): 'open' | 'closed' {
  return status === 'closed' || status === 'rejected' ? 'closed' : 'open';
}
/** The case statuses behind each GeoReport status (for filtering). */
export const STATUSES_OF: Record<'open' | 'closed', CaseStatus[]> = {
  open: ['reported', 'accepted', 'assigned', 'in_progress', 'resolved'],
  closed: ['closed', 'rejected'],
};

/** An ISO-8601 instant written in the deployment's time zone with its offset, e.g. 2026-11-29T10:15:30+08:00. */
export function zonedIso(iso: string | null, timeZone: string): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const abs = Math.abs(offset);
  const sign = offset < 0 ? '-' : '+';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A photo link sent with a request is kept as the last line of the case description, where staff see it. */
const MEDIA_LABEL = '照片链接：';
export function withMedia(description: string, mediaUrl: string | undefined): string {
  return mediaUrl ? `${description}\n${MEDIA_LABEL}${mediaUrl}` : description;
}
export function splitMedia(description: string): { description: string; mediaUrl: string | null } {
  const at = description.lastIndexOf(`\n${MEDIA_LABEL}`);
  if (at < 0) return { description, mediaUrl: null };
  const url = description.slice(at + 1 + MEDIA_LABEL.length).trim();
  if (!/^https?:\/\/\S+$/.test(url)) return { description, mediaUrl: null };
  return { description: description.slice(0, at), mediaUrl: url };
}

const hours = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));
/** The time limits of a category, as the resident should read them. */
export function serviceNotice(c: Pick<CaseCategoryRow, 'accept_hours' | 'resolve_hours'>): string {
  return `${hours(c.accept_hours)} 小时内受理，受理后 ${hours(c.resolve_hours)} 小时内办结`;
}

export interface GeoReportService {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** A case category offered to residents, as a GeoReport service. Cases are made as the request arrives: `realtime`. */
export function presentService(c: CaseCategoryRow): GeoReportService {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    metadata: false,
    type: 'realtime',
    keywords: c.type,
    group: CASE_TYPE_LABELS[c.type as CaseType] ?? c.type,
  };
}

export interface RequestRow {
  reference: string;
  status: string;
  description: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  created_at: string;
  updated_at: string;
  due_at: string | null;
  category_code: string;
  category_name: string;
  accept_hours: number;
  resolve_hours: number;
  area_name: string;
  area_code: string;
}

export interface GeoReportRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string | null;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** A case as GeoReport shows it to anyone: what, where, how far along; never who reported it. */
export function presentRequest(row: RequestRow, statusNotes: string | null, timeZone: string): GeoReportRequest {
  const status = georeportStatus(row.status);
  const { description, mediaUrl } = splitMedia(row.description);
  return {
    service_request_id: row.reference,
    status,
    status_notes: statusNotes,
    service_name: row.category_name,
    service_code: row.category_code,
    description,
    agency_responsible: row.area_name,
    service_notice: serviceNotice(row),
    requested_datetime: zonedIso(row.created_at, timeZone),
    updated_datetime: zonedIso(row.updated_at, timeZone),
    expected_datetime: status === 'open' ? zonedIso(row.due_at, timeZone) : null,
    address: row.address,
    address_id: row.area_code,
    zipcode: null,
    lat: row.lat,
    long: row.lng,
    media_url: mediaUrl,
  };
}
