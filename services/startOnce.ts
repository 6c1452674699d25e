import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';

/**
 * Starts a workflow at most once per id, whatever happens around the call: a running one is used as it is, and one
 * that already finished is never started again. Activities and routes retried after an unknown outcome rely on it.
 * Returns whether this call started it.
 */
export async function startOnce(client: Client, workflowType: string, o: { workflowId: string; taskQueue: string; args: unknown[]; searchAttributes?: SearchAttributePair[] }): Promise<boolean> {
  try {
    await client.workflow.start(workflowType, {
      workflowId: o.workflowId,
      taskQueue: o.taskQueue,
      args: o.args,
      ...(o.searchAttributes ? { typedSearchAttributes: o.searchAttributes } : {}),
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}
