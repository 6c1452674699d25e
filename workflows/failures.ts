import { ApplicationFailure } from '@temporalio/workflow';
import { FailureType } from '../domain/contract';

/** Refusals carry a type the API maps to an HTTP status, and details the caller can act on. */
export const refuse = {
  conflict: (message: string, details?: unknown) =>
    ApplicationFailure.create({ type: FailureType.conflict, message, nonRetryable: true, details: details === undefined ? [] : [details] }),
  rule: (message: string, details?: unknown) =>
    ApplicationFailure.create({ type: FailureType.rule, message, nonRetryable: true, details: details === undefined ? [] : [details] }),
  invalid: (message: string, details?: unknown) =>
    ApplicationFailure.create({ type: FailureType.invalid, message, nonRetryable: true, details: details === undefined ? [] : [details] }),
};
