import { patched } from '@temporalio/workflow';

/**
 * Update handlers serialise behind this patch (docs/VERSIONING.md): an update a run took before the change replays as
 * it ran, unlocked and without the second check; every update after it takes the lock. Never reuse or rename the id.
 */
export const PATCH_UPDATE_LOCK = 'update-lock';

/**
 * A workflow-safe lock for async update handlers (the pattern of the SDK's safe-message-handlers sample): handlers run
 * one at a time in the order they arrived, so a handler that awaits an activity cannot interleave with a duplicate
 * that passed the validator before the first changed anything. Built on promises alone, so it is deterministic: a
 * replay takes the same turns in the same order.
 */
export interface WorkflowLock {
  /**
   * Runs `critical` once every earlier turn has ended, after `recheck` (the validator's rules, against the state as it
   * is now) has passed: a duplicate that passed the validator alongside the first is refused here.
   */
  run<T>(critical: () => Promise<T>, recheck?: () => void): Promise<T>;
}

export function workflowLock(): WorkflowLock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(critical, recheck) {
      if (!patched(PATCH_UPDATE_LOCK)) return critical();
      const turn = tail.then(() => {
        recheck?.();
        return critical();
      });
      tail = turn.catch(() => undefined); // a refused or failed turn frees the lock for the next
      return turn;
    },
  };
}
