/**
 * The public form endpoints, with plain fetch: the resident page carries no API client, router or
 * i18n library (its JavaScript budget is 150 KB gzipped).
 */
import type { Answers, PublicForm, SubmissionReceipt } from '../../common/form-definition';

/** One area below the form link's area, for the address picker. */
export interface AreaChoice {
  id: number;
  name: string;
  level: string;
  hasChildren: boolean;
}

/** The server answered with an error body `{error:{code,message,fields?}}`. */
export class PublicApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The request never got an answer (offline, timed out, or the server failed with a 5xx). */
export class NetworkError extends Error {}

const TIMEOUT_MS = 20_000;

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; data: T }> {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), TIMEOUT_MS) : null;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? { accept: 'application/json', 'accept-language': 'zh-CN' } : { accept: 'application/json', 'accept-language': 'zh-CN', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: controller?.signal,
    });
  } catch {
    throw new NetworkError('network');
  } finally {
    if (timer) clearTimeout(timer);
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // no body, or a proxy's HTML error page
  }
  if (res.ok) return { status: res.status, data: data as T };
  if (res.status >= 500 || data === null) throw new NetworkError(`HTTP ${res.status}`);
  const err = (data as { error?: { code?: string; message?: string; fields?: Record<string, string> } }).error ?? {};
  throw new PublicApiError(res.status, err.code ?? 'ERROR', err.message ?? `HTTP ${res.status}`, err.fields ?? {});
}

const base = (token: string) => `/api/public/forms/${encodeURIComponent(token)}`;

export async function fetchPublicForm(token: string): Promise<PublicForm> {
  return (await call<PublicForm>('GET', base(token))).data;
}

/** Children of `parent` under the link's area; without `parent`, the link area's own children. */
export async function fetchAreas(token: string, parent?: number): Promise<AreaChoice[]> {
  return (await call<AreaChoice[]>('GET', `${base(token)}/areas${parent === undefined ? '' : `?parent=${parent}`}`)).data;
}

export async function requestVerificationCode(token: string, phone: string): Promise<{ expiresInSeconds: number }> {
  return (await call<{ expiresInSeconds: number }>('POST', `${base(token)}/verification-codes`, { phone })).data;
}

export interface SubmissionBody {
  id: string;
  answers: Answers;
  verificationCode?: string;
}

export async function submitAnswers(token: string, body: SubmissionBody): Promise<{ id: string; receipt: SubmissionReceipt }> {
  return (await call<{ id: string; receipt: SubmissionReceipt }>('POST', `${base(token)}/submissions`, body)).data;
}
