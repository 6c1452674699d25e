import type { Client } from '@temporalio/client';
import { startNotification } from './workflowStarts';
import { workflowIds } from '../domain/contract';
import type { NotificationWorkflowInput } from '../domain/notifications/workflow';

/**
 * Starts the notification workflow of one outbox row, once: a retried activity or a second caller finds it running
 * (USE_EXISTING) or closed (REJECT_DUPLICATE) and leaves it be.
 */
export async function startNotificationWorkflow(
  client: Client,
  taskQueue: string,
  o: { outboxId: string; notificationKey: string },
): Promise<void> {
  await startNotification(client, workflowIds.notification(o.notificationKey), { outboxId: o.outboxId }, { taskQueue });
}

/**
 * An operator's retry of one failed delivery: a run of its own, numbered by the delivery's run counter, whose first
 * step sets the delivery back to pending (planNotification). Copies of one retry name the same run: one starts it, and
 * the others are told (false) that it was started already.
 */
export async function startDeliveryRetry(
  client: Client,
  taskQueue: string,
  o: { outboxId: string; notificationKey: string; deliveryId: string; run: number },
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = workflowIds.notificationRetry(o.notificationKey, o.deliveryId, o.run);
  const input: NotificationWorkflowInput = { outboxId: o.outboxId, deliveryIds: [o.deliveryId], retryRun: o.run };
  const started = await startNotification(client, workflowId, input, { taskQueue, ifRunning: 'refuse' });
  return { workflowId, started };
}
