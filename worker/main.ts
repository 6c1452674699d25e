import v8 from 'node:v8';
import { loadConfig } from '../config/env';
import { connectDatabase } from '../db/connect';
import { createLogger } from '../config/logger';
import { createCampaignWorker } from './createWorker';
import { prebuiltBundle } from './bundle';
import { exitWhenParentGoes, supervisorGo } from '../stack/processes';

/** The worker process: runs workflows and activities until SIGTERM/SIGINT (or its supervisor goes), then drains and exits. */
async function main() {
  await supervisorGo(); // npm start spawns this before Temporal and PostgreSQL are up
  const config = loadConfig();
  const log = createLogger(config, 'worker');
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) throw new Error('the worker needs DATABASE_URL and TEMPORAL_ADDRESS');
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
  // The cache is sized from the heap limit (WORKER_HEAP_MB); both are worth seeing when memory is in question.
  const heapMb = Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, heapMb, maxCachedWorkflows: w.worker.options.maxCachedWorkflows }, 'worker running');
  await w.run();
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
