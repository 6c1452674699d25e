import type { Client } from '@temporalio/client';
import type { Sql } from 'postgres';
import type { WorkerMetrics } from '../services/workerMetrics';

/** What activities reach the world through; built once per worker process. */
export interface ActivityDeps {
  sql: Sql;
  client: Client;
  taskQueue: string;
  /** Counters of steps and deliveries, served on the worker's /metrics. */
  metrics: WorkerMetrics;
}
