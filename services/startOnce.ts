import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';

/**
 * Starts a workflow at most once per id, whatever happens around the call: a running one is used as it is, and one
 * that already finished is never started again. Activities and routes retried after an unknown outcome rely on it.
 * `ifRunning: 'refuse'` leaves a running one be too, for a caller that must tell the copy that started it from the
 * others. Returns whether this call started it (under 'use', also true when it found it running).
 */
export async function startOnce(
  client: Client,
  workflowType: string,
  o: {
    workflowId: string;
    taskQueue: string;
    args: unknown[];
    searchAttributes?: SearchAttributePair[];
    ifRunning?: 'use' | 'refuse';
  },
): Promise<boolean> {
  try {
    await client.workflow.start(workflowType, {
      workflowId: o.workflowId,
      taskQueue: o.taskQueue,
      args: o.args,
      ...(o.searchAttributes ? { typedSearchAttributes: o.searchAttributes } : {}),
      workflowIdConflictPolicy: o.ifRunning === 'refuse' ? 'FAIL' : 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}
