import v8 from 'node:v8';
import { loadConfig } from '../config/env';
import { connectDatabase } from '../db/connect';
import { createLogger } from '../config/logger';
import { collectDefaultMetrics } from 'prom-client';
import { Runtime } from '@temporalio/worker';
import { exitWhenParentGoes, freePort, supervisorGo } from '../stack/processes';
import { serveMetrics, type MetricsServer } from '../services/metricsServer';
import { createCampaignWorker } from './createWorker';
import { prebuiltBundle } from './bundle';

/** The worker process: runs workflows and activities until SIGTERM/SIGINT (or its supervisor goes), then drains and exits. */
async function main() {
  await supervisorGo(); // npm start spawns this before Temporal and PostgreSQL are up
  const config = loadConfig();
  const log = createLogger(config, 'worker');
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS)
    throw new Error('the worker needs DATABASE_URL and TEMPORAL_ADDRESS');
  // The SDK's metrics exporter must be set before the first connection; it listens on loopback only, and /metrics
  // below serves it together with the worker's own series.
  const sdkMetricsPort = config.WORKER_METRICS_PORT ? await freePort() : null;
  if (sdkMetricsPort)
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } });
  const sql = connectDatabase(config.DATABASE_URL);
  const w = await createCampaignWorker({
    temporalAddress: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    sql,
    workflowBundle: prebuiltBundle(config.WORKFLOW_BUNDLE_PATH),
    notifyDispatchPerSecond: config.NOTIFY_DISPATCH_PER_SECOND,
    log,
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => w.worker.shutdown());
  exitWhenParentGoes(() => w.worker.shutdown()); // npm start is gone: drain, then exit below
  let metricsServer: MetricsServer | null = null;
  if (config.WORKER_METRICS_PORT) {
    collectDefaultMetrics({ register: w.metrics.registry });
    metricsServer = await serveMetrics({
      registry: w.metrics.registry,
      host: config.HOST,
      port: config.WORKER_METRICS_PORT,
      sdkMetricsUrl: `http://127.0.0.1:${sdkMetricsPort}/metrics`,
      token: config.METRICS_TOKEN,
    });
    log.info({ url: metricsServer.url }, 'worker metrics');
  }
  // The cache is sized from the heap limit (WORKER_HEAP_MB); both are worth seeing when memory is in question.
  const heapMb = Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
  log.info(
    { taskQueue: config.TEMPORAL_TASK_QUEUE, heapMb, maxCachedWorkflows: w.worker.options.maxCachedWorkflows },
    'worker running',
  );
  await w.run();
  await metricsServer?.close();
  await w.close();
  await sql.end({ timeout: 5 });
  log.info('worker stopped');
  // Drained and closed: a database client still retrying a connection the stack already stopped must not hold the
  // process open past its stop (npm start stops Temporal and PostgreSQL only after the worker has exited).
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
