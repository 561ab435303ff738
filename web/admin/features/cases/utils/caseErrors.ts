import { ApiError } from '../../../../lib/api';

/** Someone else changed the case since the page loaded it (stale `version`). */
export function isCaseConflict(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'CASE_CONFLICT';
}

/** The action is not allowed from the case's current status (the server's message says why). */
export function isIllegalTransition(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'CASE_ILLEGAL_TRANSITION';
}
