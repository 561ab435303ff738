import type { TApiError } from '../../common/errors';

/** One bad row reported by the server, 1-based as in the spreadsheet. */
export interface ApiRowError {
  row: number;
  message: string;
}

/**
 * An error answer from the API, carrying the stable `code`, the server's `message`,
 * per-field problems (`fields`, keyed by field path such as `phone` or `duties.0`)
 * and, for imports, the bad `rows`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields?: Record<string, string>;
  readonly rows?: ApiRowError[];

  constructor(init: { status: number; code: string; message: string; fields?: Record<string, string>; rows?: ApiRowError[] }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields;
    this.rows = init.rows;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export interface ApiRequestInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
}

type UnauthorizedHandler = (error: ApiError, path: string) => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;
let acceptLanguage = 'zh-CN';

/** Called on every 401 answer (the admin app uses it to send the user to the login page). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler;
}

/** Sent as Accept-Language so the server may answer messages in the user's language. */
export function setApiLanguage(language: string): void {
  acceptLanguage = language;
}

/** Builds `path?a=1&b=x`, leaving out empty values. */
export function buildUrl(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isApiErrorBody(data: unknown): data is TApiError {
  if (typeof data !== 'object' || data === null || !('error' in data)) return false;
  const error = (data as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** Turns an error answer into an ApiError, also when the body is not the documented shape (proxy pages, crashes). */
export function toApiError(status: number, data: unknown, statusText = ''): ApiError {
  if (isApiErrorBody(data)) {
    const { code, message, fields, rows } = data.error;
    return new ApiError({ status, code, message: message || code, fields, rows });
  }
  const fallbackCode = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : status >= 500 ? 'INTERNAL' : 'HTTP_ERROR';
  const message = typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string' ? (data as { message: string }).message : statusText || `HTTP ${status}`;
  return new ApiError({ status, code: fallbackCode, message });
}

function failed(error: ApiError, path: string): ApiError {
  if (error.status === 401) unauthorizedHandler?.(error, path);
  return error;
}

/**
 * Calls the API with the session cookie and JSON in and out; throws ApiError on any non-2xx answer.
 *
 * @example
 * const page = await apiRequest<TAreaPage>('/api/areas', { query: { parent: 3, page: 2 } });
 */
export async function apiRequest<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage };
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, init.query), { method: init.method ?? 'GET', headers, body, credentials: 'same-origin', signal: init.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: cause instanceof Error ? cause.message : String(cause) });
  }
  const text = res.status === 204 ? '' : await res.text();
  const data = text ? parseJson(text) : undefined;
  if (!res.ok) throw failed(toApiError(res.status, data, res.statusText), path);
  return data as T;
}

/** Shorthands over apiRequest. */
export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T = void>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

export interface UploadOptions {
  /** Multipart field name; the API expects `file`. */
  field?: string;
  /** Text fields sent before the file (a streaming server reads them first, e.g. `areaId`). */
  fields?: Record<string, string>;
  /** Fraction 0..1 of the request body sent so far. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one file as multipart/form-data. Uses XMLHttpRequest rather than fetch because only XHR
 * reports upload progress.
 */
export function uploadFile<T>(path: string, file: Blob & { name?: string }, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = false; // same-origin requests carry the session cookie anyway
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', acceptLanguage);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const data = xhr.responseText ? parseJson(xhr.responseText) : undefined;
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve(data as T);
      } else {
        reject(failed(toApiError(xhr.status, data, xhr.statusText), path));
      }
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'network error' }));
    xhr.onabort = () => reject(new DOMException('upload aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    form.append(options.field ?? 'file', file, file.name ?? 'upload');
    xhr.send(form);
  });
}

/** The file name from a Content-Disposition header (RFC 5987 `filename*` first), if there is one. */
function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const star = header.match(/filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = header.match(/filename\s*=\s*"?([^";]+)"?/i);
  return plain ? plain[1].trim() : null;
}

/**
 * Downloads a file the API streams (an export) and hands it to the browser as a download. Fetching
 * first, rather than pointing the browser at the URL, lets an error answer (403, 400) show up as an
 * ApiError in the page instead of a page of JSON. Resolves to the file name used.
 */
export async function downloadFile(path: string, query: QueryParams | undefined, fallbackName: string, signal?: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { headers: { 'Accept-Language': acceptLanguage }, credentials: 'same-origin', signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: cause instanceof Error ? cause.message : String(cause) });
  }
  if (!res.ok) {
    const text = await res.text();
    throw failed(toApiError(res.status, text ? parseJson(text) : undefined, res.statusText), path);
  }
  const blob = await res.blob();
  const name = dispositionFileName(res.headers.get('Content-Disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start reading the blob only after the click handler returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
