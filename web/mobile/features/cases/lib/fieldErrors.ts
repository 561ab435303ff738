import { ApiError } from '../../../../lib/api';

/**
 * The API's per-field problems keyed by the top-level field (`location.lat` → `location`,
 * `attachmentIds.0` → `attachmentIds`), first message wins.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.fields) return {};
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fields)) {
    const key = path.split('.')[0];
    if (!(key in out)) out[key] = message;
  }
  return out;
}
