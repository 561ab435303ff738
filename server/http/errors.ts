import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { TRowError } from '../../common/areas.js';
import { languageOf, localizePayload } from './localize.js';

/** Stable error codes the API answers with; the web shows a message per code in the user's language. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'AUTH_REQUIRED'
  | 'AUTH_INVALID'
  | 'AUTH_LOCKED'
  | 'AUTH_DISABLED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'AREA_CODE_TAKEN'
  | 'AREA_CODE_INVALID'
  | 'AREA_LEVEL_INVALID'
  | 'AREA_MOVE_INVALID'
  | 'AREA_IN_USE'
  | 'AREA_HAS_ACTIVE_ASSIGNMENTS'
  | 'AREA_ARCHIVED'
  | 'USERNAME_TAKEN'
  | 'ROLE_NOT_ALLOWED'
  | 'ASSIGNMENT_EXISTS'
  | 'ASSIGNMENT_ENDED'
  | 'IMPORT_INVALID'
  | 'FILE_INVALID'
  | 'PAYLOAD_TOO_LARGE'
  | 'RESIDENT_INVALID'
  | 'RESIDENT_DUPLICATE'
  | 'HOUSEHOLD_EXISTS'
  | 'HOUSEHOLD_NOT_EMPTY'
  | 'ANNOUNCEMENT_ILLEGAL_TRANSITION'
  | 'ANNOUNCEMENT_SELF_REVIEW'
  | 'AUDIO_UNAVAILABLE'
  | 'CASE_ILLEGAL_TRANSITION'
  | 'CASE_CONFLICT'
  | 'CASE_SELF_VERIFY'
  | 'INSPECTION_ALREADY_RECORDED'
  | 'OPEN311_ERROR'
  | 'FORM_MODE_LOCKED'
  | 'FORM_ILLEGAL_TRANSITION'
  | 'FORM_CLOSED'
  | 'ANSWERS_INVALID'
  | 'ALREADY_SUBMITTED'
  | 'SUBMISSION_ID_REUSED'
  | 'VERIFICATION_REQUIRED'
  | 'VERIFICATION_FAILED'
  | 'ANNOUNCEMENT_NOT_LIVE'
  | 'POSTER_UNAVAILABLE';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  AUTH_LOCKED: 423,
  AUTH_DISABLED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  AREA_CODE_TAKEN: 409,
  AREA_CODE_INVALID: 400,
  AREA_LEVEL_INVALID: 400,
  AREA_MOVE_INVALID: 400,
  AREA_IN_USE: 409,
  AREA_HAS_ACTIVE_ASSIGNMENTS: 409,
  AREA_ARCHIVED: 409,
  USERNAME_TAKEN: 409,
  ROLE_NOT_ALLOWED: 403,
  ASSIGNMENT_EXISTS: 409,
  ASSIGNMENT_ENDED: 409,
  IMPORT_INVALID: 422,
  FILE_INVALID: 400,
  PAYLOAD_TOO_LARGE: 413,
  RESIDENT_INVALID: 400,
  RESIDENT_DUPLICATE: 409,
  HOUSEHOLD_EXISTS: 409,
  HOUSEHOLD_NOT_EMPTY: 409,
  ANNOUNCEMENT_ILLEGAL_TRANSITION: 409,
  ANNOUNCEMENT_SELF_REVIEW: 403,
  AUDIO_UNAVAILABLE: 501,
  CASE_ILLEGAL_TRANSITION: 409,
  CASE_CONFLICT: 409,
  CASE_SELF_VERIFY: 403,
  INSPECTION_ALREADY_RECORDED: 409,
  OPEN311_ERROR: 400,
  FORM_MODE_LOCKED: 409,
  FORM_ILLEGAL_TRANSITION: 409,
  FORM_CLOSED: 409,
  ANSWERS_INVALID: 422,
  ALREADY_SUBMITTED: 409,
  SUBMISSION_ID_REUSED: 409,
  VERIFICATION_REQUIRED: 422,
  VERIFICATION_FAILED: 422,
  ANNOUNCEMENT_NOT_LIVE: 409,
  POSTER_UNAVAILABLE: 501,
};

/** A failure the caller can act on: a stable code, a message, and optionally which fields or rows are wrong. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly rows?: TRowError[],
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'you do not have permission for this') => new AppError('FORBIDDEN', message);

function body(code: string, message: string, extra: { fields?: Record<string, string>; rows?: TRowError[] } = {}) {
  return { error: { code, message, ...(extra.fields ? { fields: extra.fields } : {}), ...(extra.rows ? { rows: extra.rows } : {}) } };
}

/** Maps every thrown error to `{error:{code,message,fields?}}`; anything unexpected is logged and hidden as a 500. */
export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const lang = languageOf(request);
  const send = reply.send.bind(reply);
  reply.send = (payload?: unknown) => send(localizePayload(payload, lang));
  if (err instanceof AppError) {
    return reply.status(err.status).send(body(err.code, err.message, { fields: err.fields, rows: err.rows }));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string> = {};
    for (const v of err.validation) {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || (v.params as any)?.issue?.path?.join('.') || '_';
      if (!fields[path]) fields[path] = v.message ?? 'invalid';
    }
    const where = (err as any).validationContext as string | undefined;
    const summary = Object.entries(fields)
      .map(([k, m]) => `${k}: ${m}`)
      .join('; ');
    return reply.status(400).send(body('VALIDATION_FAILED', `invalid ${where ?? 'request'}: ${summary}`, { fields }));
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 429) return reply.status(429).send(body('RATE_LIMITED', 'too many requests, please wait a minute and try again'));
  if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413) return reply.status(413).send(body('PAYLOAD_TOO_LARGE', 'the upload is too large'));
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send(body('VALIDATION_FAILED', `unsupported content type; send JSON`));
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && fe.statusCode === 400)) {
    return reply.status(400).send(body('VALIDATION_FAILED', 'the request body is not valid JSON'));
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 404 ? 'NOT_FOUND' : fe.statusCode === 403 ? 'FORBIDDEN' : fe.statusCode === 401 ? 'AUTH_REQUIRED' : 'VALIDATION_FAILED';
    return reply.status(fe.statusCode).send(body(code, fe.message));
  }
  request.log.error({ err }, 'unhandled error');
  return reply.status(500).send(body('INTERNAL', 'something went wrong on the server; it has been logged'));
}
