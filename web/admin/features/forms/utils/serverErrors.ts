import { ApiError } from '../../../../lib/api';

/**
 * The field problems of a failed save or publish, keyed without the `definition.` prefix
 * (`fields.3.options`, `title`, `alertRules.0.field`, `opensAt`).
 */
export function designerErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.fields) return {};
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fields)) out[path.replace(/^definition\./, '')] = message;
  return out;
}

/** The problems of question `index`, keyed by what follows `fields.{index}.` (`''` for the question as a whole). */
export function fieldErrorsAt(errors: Record<string, string>, index: number): Record<string, string> {
  const prefix = `fields.${index}`;
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path === prefix) out[''] = message;
    else if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = message;
  }
  return out;
}

/** The first problem under a key (`options` also catches `options.1.label`). */
export function errorFor(errors: Record<string, string>, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const nested = Object.entries(errors).find(([path]) => path.startsWith(`${key}.`));
  return nested?.[1];
}
