import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../domain/contract';
import type { Logger } from '../config/logger';
import { UnknownCalendarYear } from '../domain/policy/durations';
import { ERROR_CODES, isErrorCode, kindOf, type ErrorCode } from '../domain/errorCodes';

/**
 * An error with an HTTP status and the API's one error shape: {error: {code, kind, message, details}}. The code is one
 * of domain/errorCodes.ts (the dashboard words it in Chinese); kind is the generic code of the status.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'this role may not do that') => new HttpError(403, 'forbidden', message);
export const conflict = (message: string, details: unknown[] = []) => new HttpError(409, 'conflict', message, details);
export const unprocessable = (message: string, details: unknown[] = []) =>
  new HttpError(422, 'rule_violation', message, details);
export const badRequest = (message: string, details: unknown[] = []) =>
  new HttpError(400, 'invalid_request', message, details);
/** A refusal with a code of its own, at the status the code is declared with. */
export const refused = (code: ErrorCode, message: string, details: unknown[] = []) =>
  new HttpError(ERROR_CODES[code].status, code, message, details);

/** Refusals made before they carried their own code (a worker of the previous release during a deploy). */

const LEGACY_FAILURE: Record<string, [number, ErrorCode]> = {
  [FailureType.conflict]: [409, 'conflict'],
  [FailureType.rule]: [422, 'rule_violation'],
  [FailureType.invalid]: [400, 'invalid_request'],
  [FailureType.forbidden]: [403, 'forbidden'],
};

/** The domain refusal behind an error, however deep: an activity's refusal arrives wrapped in an ActivityFailure. */
function refusalIn(err: unknown): ApplicationFailure | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e instanceof ApplicationFailure && (isErrorCode(e.type) || Object.hasOwn(LEGACY_FAILURE, e.type ?? '')))
      return e;
  }
  return null;
}

/**
 * Turns a refusal from a workflow's update validator or handler, or from a service (services/refusals.ts), into the
 * HTTP error it stands for. `finished` names what it means when the workflow has already ended (an item closed, a
 * complaint concluded): the record may not show it yet, but the workflow has the last word. An update whose activity
 * ran out of attempts (an outage) is a 503: the client may try again.
 */
export function fromTemporal(err: unknown, finished?: () => HttpError): HttpError | null {
  if (err instanceof WorkflowNotFoundError) return finished ? finished() : notFound('workflow');
  const refusal = refusalIn(err);
  if (refusal) {
    const [status, code] = isErrorCode(refusal.type)
      ? [ERROR_CODES[refusal.type].status, refusal.type]
      : LEGACY_FAILURE[refusal.type!];
    return new HttpError(status, code, refusal.message, (refusal.details ?? []) as unknown[]);
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ActivityFailure) {
    return new HttpError(503, 'unavailable', 'a backing service is unavailable; try again shortly');
  }
  return null;
}

/** Connection failures to Postgres or Temporal mean "try again later", not "the server is broken". */
function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; name?: string; message?: string };
  return (
    [
      'ROW_PENDING',
      'ECONNREFUSED',
      'ECONNRESET',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
      'CONNECT_TIMEOUT',
      '57P01',
      '57P03',
    ].includes(e?.code ?? '') ||
    e?.name === 'ServiceError' ||
    /UNAVAILABLE|DEADLINE_EXCEEDED/.test(e?.message ?? '')
  );
}

/** Any error as the HttpError it answers with; unexpected ones are logged and become a 500. */
export function toHttpError(err: unknown, log: Logger, path: string): HttpError {
  const e = err as { type?: string; message?: string; cause?: unknown; status?: unknown; expose?: boolean } | null;
  if (err instanceof HttpError) return err;
  if (err instanceof z.ZodError) return badRequest('the request is not valid', err.issues);
  // a due date counted in working days of a year whose holiday arrangement nobody has entered yet
  if (err instanceof UnknownCalendarYear) {
    return new HttpError(
      422,
      'calendar_year_unknown',
      `按工作日计算需要 ${err.year} 年的节假日安排，但系统尚无该年数据`,
      [{ year: err.year }],
    );
  }
  if (e?.type === 'entity.too.large') return new HttpError(413, 'payload_too_large', 'the request body is too large');
  if (e?.type === 'entity.parse.failed') return badRequest('the body is not valid JSON');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return new HttpError(415, 'unsupported_media_type', e.message ?? 'unsupported body encoding');
  // any other client error of the body parser (aborted, size mismatch …): http-errors marks those safe to show
  if (e?.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return new HttpError(e.status, 'invalid_request', e.message ?? 'invalid request');
  const temporal = fromTemporal(err);
  if (temporal) return temporal;
  // A data exception (SQLSTATE class 22: a value Postgres cannot take, e.g. a number out of range) comes from input that
  // validation let through: still the client's request, never a 500. Logged, since validation should catch it first.
  const pg = err as { name?: string; code?: unknown };
  if (pg?.name === 'PostgresError' && typeof pg.code === 'string' && pg.code.startsWith('22')) {
    log.warn({ err, path }, 'input reached the database unvalidated');
    return badRequest('a value in the request cannot be stored or compared', [{ code: pg.code, message: e?.message }]);
  }
  if (isUnavailable(err) || isUnavailable(e?.cause)) {
    log.warn({ err, path }, 'dependency unavailable');
    return new HttpError(503, 'unavailable', 'a backing service is unavailable; try again shortly');
  }
  log.error({ err, path }, 'unhandled error');
  return new HttpError(500, 'internal', 'internal error');
}

export const errorBody = (http: HttpError) => ({
  error: { code: http.code, kind: kindOf(http.status), message: http.message, details: http.details },
});

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const http = toHttpError(err, log, req.path);
    if (res.headersSent) return;
    res.status(http.status).json(errorBody(http));
  };
}
