import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/**
 * Activities retry until they succeed: a database outage delays a reminder, it never drops it. Every activity is
 * idempotent, so a retry after an unknown outcome changes nothing.
 */
const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' } as const;

export const acts = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: RETRY });

/**
 * The same activities, run inside the workflow task that asks for them. Bookkeeping (recording a reminder, an
 * escalation, a submission or an answer; writing a projection; a notification's plan and close) is a short idempotent
 * write: run locally it costs no activity task and no extra workflow task, and its input (a whole projection) stays
 * out of the history. A rerun after a crash in the middle of the task is harmless for the same reason any retry is.
 * Retries never wait longer than 30 s, under the worker's local retry threshold, so an outage keeps them inside the
 * task (which the worker heartbeats) instead of turning into timers.
 */
const localActs = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: RETRY });

export type Bookkeeping = typeof acts;

/**
 * The activities an update handler awaits while its caller waits for the answer: bounded (five attempts, about 15 s of
 * backoff), so an outage answers the request with "try again" instead of holding it, and the handler's lock, forever.
 * Domain refusals never retry at all (they are non-retryable failures). The watch loop's own bookkeeping keeps
 * retrying without limit: nobody waits on it, and a reminder is delayed by an outage, never dropped.
 */
const BOUNDED = { ...RETRY, maximumAttempts: 5 } as const;
const updateActs = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: BOUNDED });
const localUpdateActs = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: BOUNDED });

/** The bounded twin of `books` (local or regular, as the run decided) for the work of an update handler. */
export function forUpdates(books: Bookkeeping): Bookkeeping {
  return books === localActs ? localUpdateActs : updateActs;
}

/** Bookkeeping became local activities while campaigns ran (docs/VERSIONING.md); this id is never reused. */
export const PATCH_LOCAL_BOOKKEEPING = 'local-bookkeeping';

/**
 * The bookkeeping activities of this run, decided once at its start: local ones, or the regular ones that the history
 * of a run begun before the change already holds. Called once per run, before the first of them (or given the
 * run's decision: `patched` answers differently once a replayed run goes past its history).
 */
export function bookkeeping(regular: Bookkeeping = acts, local = patched(PATCH_LOCAL_BOOKKEEPING)): Bookkeeping {
  return local ? localActs : regular;
}
