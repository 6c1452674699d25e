import { ApplicationFailure } from '@temporalio/workflow';
import type { ErrorCode } from './errorCodes';

/**
 * Domain refusals, wherever they are made (a workflow's validator or handler, a service, an activity): non-retryable,
 * so an activity that meets one fails at once instead of retrying a rule that will never pass, and typed by their
 * code (domain/errorCodes.ts), so the API answers each with its code and status however it arrives (thrown by a
 * service the route called, or wrapped in an activity's failure). The details are what the caller can act on.
 */
export const refusal = (code: ErrorCode, message: string, details?: unknown) =>
  ApplicationFailure.create({
    type: code,
    message,
    nonRetryable: true,
    details: details === undefined ? [] : [details],
  });

/** Refusals under the generic codes; prefer `refusal` with a code of its own, which a client can tell apart. */
export const refuse = {
  conflict: (message: string, details?: unknown) => refusal('conflict', message, details),
  rule: (message: string, details?: unknown) => refusal('rule_violation', message, details),
  invalid: (message: string, details?: unknown) => refusal('invalid_request', message, details),
  forbidden: (message: string, details?: unknown) => refusal('forbidden', message, details),
};
