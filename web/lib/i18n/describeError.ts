import type { TFunction } from 'i18next';
import { ApiError } from '../api';

export interface ErrorText {
  /** Short text in the user's language (from the error code when we know it). */
  title: string;
  /** The server's own message, when it says more than the title. */
  detail?: string;
}

/**
 * Words an error for a person: a translated sentence for codes we know (AUTH_LOCKED, AREA_IN_USE…),
 * the server's message otherwise; the server's message is kept as detail since it may name a time
 * or a row.
 */
export function describeError(t: TFunction<'common'>, error: unknown): ErrorText {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    const known = t(key as 'errors.UNKNOWN', { defaultValue: '' });
    if (known) {
      const same = known.trim().toLowerCase() === error.message.trim().toLowerCase();
      return { title: known, detail: same || !error.message ? undefined : error.message };
    }
    return { title: error.message || t('errors.UNKNOWN') };
  }
  if (error instanceof Error) return { title: t('errors.UNKNOWN'), detail: error.message };
  return { title: t('errors.UNKNOWN') };
}
