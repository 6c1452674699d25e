import { Client } from '@temporalio/client';
import { workflowIds } from '../domain/contract';
import { temporalConnection } from '../services/temporalConnection';
import type { readinessProbe } from '../workflows/readiness';
import { waitFor } from './processes';

/**
 * Resolves when the product is really running: the API answers /healthz, and a workflow started on the task queue
 * completes — so a worker polls it and can run a workflow task (after any backlog a restart finds waiting).
 */
export async function waitUntilRunning(o: {
  apiUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  timeoutMs: number;
}): Promise<void> {
  const deadline = Date.now() + o.timeoutMs;
  await waitFor(
    'the API',
    async () => {
      const res = await fetch(`${o.apiUrl}/healthz`);
      if (res.status !== 200) throw new Error(`healthz answered ${res.status}`);
    },
    o.timeoutMs,
  );
  const connection = temporalConnection(o.temporalAddress);
  try {
    const client = new Client({ connection: connection.connection, namespace: o.namespace });
    await client.workflow.execute<typeof readinessProbe>('readinessProbe', {
      taskQueue: o.taskQueue,
      workflowId: workflowIds.readiness(`${new Date().toISOString()}-${process.pid}`),
      // Temporal ends it unfinished if no worker takes it in time, and the wait fails with that.
      workflowExecutionTimeout: Math.max(1000, deadline - Date.now()),
    });
  } finally {
    await connection.close();
  }
}
