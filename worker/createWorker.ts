import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import type { Sql } from 'postgres';
import { createActivities } from '../activities';

export interface CampaignWorkerOptions {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  sql: Sql;
  /** Pre-bundled workflow code (production, tests); without it the worker bundles `workflows/` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
  /** Workflows kept in the worker's sticky cache; see WORKER_MAX_CACHED_WORKFLOWS below. */
  maxCachedWorkflows?: number;
}

/**
 * The sticky cache bounds the worker's memory. The SDK's default is sized from the V8 heap limit (about 2,300 on a
 * 4 GB heap), and a cached agency workflow costs about 2 MB of RSS, so a campaign of a few thousand agencies grew the
 * worker past 2 GB (docs/BENCHMARKS.md). Workflows beyond the cache are replayed from their short histories when they
 * wake, which costs little: an agency workflow sleeps for days between steps.
 */
export const WORKER_MAX_CACHED_WORKFLOWS = 400;

export interface CampaignWorker {
  worker: Worker;
  /** Resolves when the worker has stopped; `worker.shutdown()` starts a graceful stop. */
  run(): Promise<void>;
  close(): Promise<void>;
}

export async function createCampaignWorker(o: CampaignWorkerOptions): Promise<CampaignWorker> {
  const nativeConnection = await NativeConnection.connect({ address: o.temporalAddress });
  // Activities start agency workflows, so they need a client of their own.
  const clientConnection = await Connection.connect({ address: o.temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: o.namespace });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities: createActivities({ sql: o.sql, client, taskQueue: o.taskQueue }),
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    ...(o.identity ? { identity: o.identity } : {}),
    shutdownGraceTime: '5s',
    maxCachedWorkflows: o.maxCachedWorkflows ?? WORKER_MAX_CACHED_WORKFLOWS,
  });
  return {
    worker,
    run: () => worker.run(),
    close: async () => {
      await clientConnection.close();
      await nativeConnection.close();
    },
  };
}
