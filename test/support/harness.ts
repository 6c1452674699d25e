import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { connectDatabase } from '../../db/connect';
import { createCampaignWorker, type CampaignWorker } from '../../worker/createWorker';
import { startApiServer, type ApiServer } from '../../api/server';
import { createLogger } from '../../config/logger';
import type { AccessConfig } from '../../api/people/settings';
import { httpClient, type HttpClient } from './http';
import { createKey } from './campaigns';
import type { FileSettings } from '../../services/files/settings';
import type { Config } from '../../config/env';

// Worker state changes at INFO drown the test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed by an earlier harness in this process
}

export interface Harness {
  sql: Sql;
  temporalAddress: string;
  databaseUrl: string;
  api: ApiServer;
  taskQueue: string;
  adminToken: string;
  /** Starts a worker on this file's task queue; stop it to simulate an outage. */
  startWorker(): Promise<RunningWorker>;
  worker: RunningWorker | null;
  close(): Promise<void>;
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * The product as one test file sees it: the real API on an ephemeral port and a real worker, both on a task queue of
 * the file's own, against the run's Temporal dev server and PostgreSQL.
 */
export interface HarnessOptions {
  /** false: no in-process worker (the test runs worker processes of its own). */
  worker?: boolean;
  /** A Temporal server or database of the test's own, for tests that stop and restart them. */
  temporalAddress?: string;
  databaseUrl?: string;
  /** Session, lockout and throttle settings (config/env.ts) for this API, e.g. a short lockout window. */
  access?: AccessConfig;
  /** Where the API keeps uploads (default: PostgreSQL). */
  files?: FileSettings;
  /** How the API serves /metrics (METRICS_TOKEN, METRICS_PORT, METRICS_HOST); default: not at all. */
  metrics?: Partial<Pick<Config, 'METRICS_TOKEN' | 'METRICS_PORT' | 'METRICS_HOST'>>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const temporalAddress = options.temporalAddress ?? process.env.TEMPORAL_ADDRESS!;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL!;
  const sql = connectDatabase(databaseUrl, { max: 5 });
  const log = createLogger({ LOG_LEVEL: (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent' }, 'test');
  const adminToken = randomBytes(24).toString('base64url');
  const api = await startApiServer({
    config: {
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      HOST: '127.0.0.1',
      ...options.access,
      ...options.metrics,
    },
    port: 0,
    sql,
    databaseUrl,
    log,
    bootstrapAdminToken: adminToken,
    files: options.files,
  });
  const harness: Harness = {
    sql,
    temporalAddress,
    databaseUrl,
    api,
    taskQueue,
    adminToken,
    worker: null,
    async startWorker() {
      const w: CampaignWorker = await createCampaignWorker({
        temporalAddress,
        namespace: 'default',
        taskQueue,
        sql,
        workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
      });
      const running = w.run();
      const handle: RunningWorker = {
        async stop() {
          w.worker.shutdown();
          await running;
          await w.close();
          if (harness.worker === handle) harness.worker = null;
        },
      };
      harness.worker = handle;
      return handle;
    },
    async close() {
      await harness.worker?.stop();
      await api.close();
      await sql.end({ timeout: 5 });
    },
  };
  if (options.worker !== false) await harness.startWorker();
  return harness;
}

/** What most test files need: the harness, an HTTP client on its API, and a key of the city bureau (zhongwei). */
export interface HarnessContext {
  h: Harness;
  http: HttpClient;
  bureau: string;
}

/** Starts the file's harness before its tests and closes it after them. */
export function useHarness(options: HarnessOptions = {}): HarnessContext {
  const ctx = {} as HarnessContext;
  beforeAll(async () => {
    ctx.h = await startHarness(options);
    ctx.http = httpClient(ctx.h.api.url);
    ctx.bureau = await createKey(ctx.http, ctx.h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
  });
  afterAll(() => ctx.h?.close());
  return ctx;
}

/**
 * Another API process on a harness's database, Temporal and task queue, with settings of its own (a lower ceiling,
 * /metrics apart): close it before the harness.
 */
export function startAnotherApi(
  h: Harness,
  o: {
    config?: AccessConfig & Partial<Pick<Config, 'METRICS_TOKEN' | 'METRICS_PORT' | 'METRICS_HOST'>>;
    files?: FileSettings;
  } = {},
): Promise<ApiServer> {
  return startApiServer({
    config: {
      TEMPORAL_ADDRESS: h.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: h.taskQueue,
      HOST: '127.0.0.1',
      ...o.config,
    },
    port: 0,
    sql: h.sql,
    log: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
    bootstrapAdminToken: h.adminToken,
    files: o.files,
  });
}
