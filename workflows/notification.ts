import {
  ActivityFailure,
  isCancellation,
  patched,
  sleep,
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { bookkeeping, PATCH_LOCAL_BOOKKEEPING } from './activities';
import {
  PERMANENT_DELIVERY_FAILURE,
  type NotificationOutcome,
  type NotificationWorkflowInput,
} from '../domain/notifications/workflow';

/**
 * Short timeouts: every send ends within 20 s, so an attempt lost with a worker (crashed, or its task lost while it
 * stopped) is retried after 30 s rather than a minute. The bookkeeping activities retry until the database answers.
 */
/** Pushes wait for the delivery window in notifications that took this patch; the inbox never waits. */
export const PATCH_DELIVERY_WINDOW_PUSH = 'delivery-window-push';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * Delivers one outbox row (docs/NOTIFICATIONS.md): plans its deliveries, sends each under a retry policy with backoff
 * and a limit, marks those that ran out of attempts failed (operators see and retry them) and closes the row. Started
 * by the outbox relay (`notification/<notificationKey>`, the outbox row's key), or by an operator's retry of one delivery.
 */
export async function notificationWorkflow(input: NotificationWorkflowInput): Promise<NotificationOutcome> {
  // Local: the whole notification is one workflow task, sends included, however many there are. A send that keeps
  // failing retries inside the task while its backoff is under 5 s, and on a server timer beyond (a receiver down for
  // minutes does not hold a workflow task open).
  const local = patched(PATCH_LOCAL_BOOKKEEPING);
  const books = bookkeeping(acts, local);
  const plan = await books.planNotification({ ...input, nowMs: Date.now() });
  const sending: ActivityOptions = {
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: plan.retry.initialIntervalMs,
      backoffCoefficient: plan.retry.backoffCoefficient,
      maximumInterval: plan.retry.maximumIntervalMs,
      maximumAttempts: plan.retry.maximumAttempts,
      nonRetryableErrorTypes: [PERMANENT_DELIVERY_FAILURE],
    },
  };
  const { deliverNotification } = local
    ? proxyLocalActivities<Activities>({ ...sending, localRetryThreshold: '5 seconds' })
    : proxyActivities<Activities>(sending);
  const outcome: NotificationOutcome = { delivered: 0, failed: 0 };
  const deliver = async (deliveryId: string) => {
    try {
      await deliverNotification({ deliveryId });
      outcome.delivered += 1;
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
      await books.markDeliveryFailed({ deliveryId, error: cause instanceof Error ? cause.message : String(cause) });
      outcome.failed += 1;
    }
  };
  const windowed = plan.windowed;
  if (windowed && patched(PATCH_DELIVERY_WINDOW_PUSH)) {
    const later = async () => {
      await sleep(Math.max(1, windowed.atMs - Date.now()));
      await Promise.all(windowed.deliveryIds.map(deliver));
    };
    await Promise.all([...plan.deliveryIds.map(deliver), later()]);
  } else {
    await Promise.all([...plan.deliveryIds, ...(windowed?.deliveryIds ?? [])].map(deliver));
  }
  await books.finishNotification({ outboxId: input.outboxId });
  return outcome;
}
