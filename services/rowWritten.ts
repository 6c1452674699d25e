import { setTimeout as sleep } from 'node:timers/promises';

export const ROW_WAIT_MS = 20_000;

/** The object's workflow is started but has not written its row yet: try again shortly (the API answers 503). */
export class RowPending extends Error {
  readonly code = 'ROW_PENDING';
}

/**
 * Waits until a workflow the API started has written what its first task writes, so the caller can read what it is
 * told of. A worker too slow to write it answers "try again": the workflow is started and will write it, and a retry
 * (under the same Idempotency-Key, or with the same fixed id) finds the same workflow.
 */
export async function written(done: () => Promise<boolean>, pending: string, waitMs = ROW_WAIT_MS): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    if (await done()) return;
    if (Date.now() > deadline) throw new RowPending(pending);
    await sleep(pause);
  }
}
