import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import type { Sql } from 'postgres';
import { createActivities } from '../activities';
import type { Logger } from '../config/logger';
import { OutboxRelay } from '../services/outboxRelay';
import { temporalConnection } from '../services/temporalConnection';
import { WorkerMetrics } from '../services/workerMetrics';

export interface CampaignWorkerOptions {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  sql: Sql;
  /** Pre-bundled workflow code (production, tests); without it the worker bundles `workflows/` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
  /** NOTIFY_DISPATCH_PER_SECOND of the outbox relay that runs beside the worker. */
  notifyDispatchPerSecond?: number;
  log?: Logger;
}

export interface CampaignWorker {
  worker: Worker;
  metrics: WorkerMetrics;
  /** Resolves when the worker has stopped; `worker.shutdown()` starts a graceful stop. */
  run(): Promise<void>;
  close(): Promise<void>;
}

export async function createCampaignWorker(o: CampaignWorkerOptions): Promise<CampaignWorker> {
  const nativeConnection = await NativeConnection.connect({ address: o.temporalAddress });
  // Activities start agency workflows, so they need a client of their own.
  const clientConnection = temporalConnection(o.temporalAddress);
  await clientConnection.connection.ensureConnected();
  const client = new Client({ connection: clientConnection.connection, namespace: o.namespace });
  const metrics = new WorkerMetrics();
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities: createActivities({ sql: o.sql, client, taskQueue: o.taskQueue, metrics }),
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    ...(o.identity ? { identity: o.identity } : {}),
    shutdownGraceTime: '5s',
  });
  // Beside every worker, so notifications are dispatched wherever campaigns run (services/outboxRelay.ts).
  const relay = new OutboxRelay({
    sql: o.sql,
    client,
    taskQueue: o.taskQueue,
    perSecond: o.notifyDispatchPerSecond ?? 20,
    log: o.log,
  });
  return {
    worker,
    metrics,
    run: async () => {
      relay.start();
      try {
        await worker.run();
      } finally {
        await relay.stop();
      }
    },
    close: async () => {
      await clientConnection.close();
      await nativeConnection.close();
    },
  };
}
