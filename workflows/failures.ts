import { ApplicationFailure } from '@temporalio/workflow';
import { FailureType } from '../domain/contract';

/** Refusals carry a type the API maps to an HTTP status, and details the caller can act on. */
const refusal = (type: string) => (message: string, details?: unknown) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });

export const refuse = {
  conflict: refusal(FailureType.conflict),
  rule: refusal(FailureType.rule),
  invalid: refusal(FailureType.invalid),
  forbidden: refusal(FailureType.forbidden),
};
