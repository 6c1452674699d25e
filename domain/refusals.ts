import { ApplicationFailure } from '@temporalio/workflow';
import { FailureType } from './contract';

/**
 * Domain refusals, wherever they are made (a workflow's validator or handler, a service, an activity): non-retryable,
 * so an activity that meets one fails at once instead of retrying a rule that will never pass, and typed, so the API
 * maps each to its 4xx however it arrives (thrown by a service the route called, or wrapped in an activity's failure).
 * The details are what the caller can act on.
 */
const refusal = (type: string) => (message: string, details?: unknown) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });

export const refuse = {
  conflict: refusal(FailureType.conflict),
  rule: refusal(FailureType.rule),
  invalid: refusal(FailureType.invalid),
  forbidden: refusal(FailureType.forbidden),
};
