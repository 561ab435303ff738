import type { TFunction } from 'i18next';
import { ApiError } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';

/** An error in the reader's language: the case codes this namespace knows, then the shared codes, then the server's message. */
export function caseErrorText(t: TFunction<'mobileCases'>, tc: TFunction<'common'>, error: unknown): string {
  if (error instanceof ApiError) {
    const known = t(`errors.${error.code}`, { defaultValue: '' });
    if (known) return known;
  }
  const { title, detail } = describeError(tc, error);
  return detail && error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? title : detail ? `${title}（${detail}）` : title;
}
