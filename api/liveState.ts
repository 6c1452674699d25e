import type { Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';

/** A live query with a short deadline: operators get the projection instead of waiting on a stopped worker. */
export async function queryLive<T>(
  client: Client,
  workflowId: string,
  query: QueryDefinition<T, []>,
  timeoutMs = 3000,
): Promise<T | null> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(workflowId).query(query));
  } catch {
    return null;
  }
}
