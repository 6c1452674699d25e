import type { ApiError } from './apiError';

/** Field errors keyed by dotted path ("evidence.0.title"), from zod issues of the client or of the API (400). */
export type FieldErrors = Record<string, string>;

interface Issue {
  path?: PropertyKey[];
  message?: string;
}

export function fieldErrors(issues: readonly Issue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const key = (i.path ?? []).map(String).join('.') || '_';
    out[key] ??= i.message ?? 'invalid';
  }
  return out;
}

/** The API's 400 carries zod issues in details; anything else is one message for the whole form. */
export function errorsOfApi(err: ApiError): FieldErrors {
  const issues = (err.details ?? []).filter((d): d is Issue => typeof d === 'object' && d !== null && 'path' in d);
  const out = err.status === 400 && issues.length ? fieldErrors(issues) : {};
  out._ = `${err.status ? `${err.status} ` : ''}${err.message}`;
  return out;
}

/** Empty strings mean "not given": optional fields are left out, as the strict API schemas expect. */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== undefined && v !== null)) as Partial<T>;
}
