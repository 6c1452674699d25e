import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { fromTemporal, type HttpError } from './errors';

/**
 * The server's answer to an update that reached a workflow task the worker completed without taking it (many updates
 * arriving at once race the task that carries them). The server has recorded nothing of it, so it is sent again.
 */
const notTaken = (err: unknown) =>
  err instanceof WorkflowUpdateFailedError &&
  ((err.cause instanceof ApplicationFailure && err.cause.type === 'UnprocessedUpdate') ||
    /wasn't processed by worker/.test(err.cause?.message ?? ''));

const ATTEMPTS = 10;

/**
 * Sends an update and turns the workflow's refusal into its HTTP status. An update the server rejected untaken is sent
 * again (after a short, jittered pause): it then takes effect, or meets the refusal of the copy that went first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK types an update's arguments as [any, ...any[]]
export async function sendUpdate<R, A extends [any, ...any[]]>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<R, A>,
  args: A,
  finished?: () => HttpError,
): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.workflow.getHandle(workflowId).executeUpdate(update, { args });
    } catch (err) {
      if (notTaken(err) && attempt < ATTEMPTS) {
        await sleep(25 * attempt + Math.random() * 50 * attempt);
        continue;
      }
      throw fromTemporal(err, finished) ?? err;
    }
  }
}
