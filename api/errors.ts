import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../domain/contract';
import type { Logger } from '../config/logger';

/** An error with an HTTP status and the API's one error shape: {error: {code, message, details}}. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'this role may not do that') => new HttpError(403, 'forbidden', message);
export const conflict = (message: string, details: unknown[] = []) => new HttpError(409, 'conflict', message, details);
export const unprocessable = (message: string, details: unknown[] = []) => new HttpError(422, 'rule_violation', message, details);
export const badRequest = (message: string, details: unknown[] = []) => new HttpError(400, 'invalid_request', message, details);

const FAILURE_STATUS: Record<string, [number, string]> = {
  [FailureType.conflict]: [409, 'conflict'],
  [FailureType.rule]: [422, 'rule_violation'],
  [FailureType.invalid]: [400, 'invalid_request'],
};

/** Turns a refusal from a workflow's update validator or handler into the HTTP error it stands for. */
export function fromTemporal(err: unknown): HttpError | null {
  if (err instanceof WorkflowNotFoundError) return notFound('workflow');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const mapped = FAILURE_STATUS[err.cause.type ?? ''];
    if (mapped) return new HttpError(mapped[0], mapped[1], err.cause.message, (err.cause.details ?? []) as unknown[]);
  }
  return null;
}

/** Connection failures to Postgres or Temporal mean "try again later", not "the server is broken". */
function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; name?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P03'].includes(e?.code ?? '') ||
    e?.name === 'ServiceError' || /UNAVAILABLE|DEADLINE_EXCEEDED/.test(e?.message ?? '')
  );
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let http: HttpError;
    if (err instanceof HttpError) http = err;
    else if (err instanceof z.ZodError) http = badRequest('the request is not valid', err.issues);
    else if (err?.type === 'entity.too.large') http = new HttpError(413, 'payload_too_large', 'the request body is too large');
    else if (err?.type === 'entity.parse.failed') http = badRequest('the body is not valid JSON');
    else if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported') http = new HttpError(415, 'unsupported_media_type', err.message);
    else if (fromTemporal(err)) http = fromTemporal(err)!;
    else if (isUnavailable(err) || isUnavailable(err?.cause)) {
      log.warn({ err, path: req.path }, 'dependency unavailable');
      http = new HttpError(503, 'unavailable', 'a backing service is unavailable; try again shortly');
    } else {
      log.error({ err, path: req.path }, 'unhandled error');
      http = new HttpError(500, 'internal', 'internal error');
    }
    if (res.headersSent) return;
    res.status(http.status).json({ error: { code: http.code, message: http.message, details: http.details } });
  };
}
