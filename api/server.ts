import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import type { Sql } from 'postgres';
import type { Config } from '../config/env';
import type { Logger } from '../config/logger';
import { createApp } from './app';
import { ApiMetrics } from './metrics';
import { apiCaches } from './caches';
import { ChangeFeed } from './changeFeed';
import { accessState, type AccessConfig } from './people/settings';
import { temporalConnection } from '../services/temporalConnection';
import { defaultFileSettings, type FileSettings } from '../services/files/settings';
import { sweepUnattachedEvery } from '../services/files/sweeper';
import { serveMetrics } from '../services/metricsServer';

export interface ApiServer {
  server: Server;
  metrics: ApiMetrics;
  url: string;
  /** Where /metrics is served: on `url` with METRICS_TOKEN, on a listener of its own with METRICS_PORT, else nowhere. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** Starts the HTTP API on the given port (0 = any free port) against Temporal and Postgres. */
export async function startApiServer(o: {
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_NAMESPACE' | 'HOST'> &
    Partial<Pick<Config, 'READ_CACHE_MS' | 'METRICS_TOKEN' | 'METRICS_PORT' | 'METRICS_HOST'>> &
    AccessConfig & { TEMPORAL_ADDRESS: string };
  port: number;
  sql: Sql;
  /** Where the change feed listens (api/changeFeed.ts); without it nothing is cached. */
  databaseUrl?: string;
  log: Logger;
  bootstrapAdminToken: string;
  /** Where uploads are kept (default: in PostgreSQL, 20 MB each at most). */
  files?: FileSettings;
  /** How often uploads left unattached for a day are removed (default: hourly). */
  fileSweepEveryMs?: number;
}): Promise<ApiServer> {
  // lazy: the API starts, and answers /healthz with 503, even while Temporal is still coming up
  const connection = temporalConnection(o.config.TEMPORAL_ADDRESS);
  const client = new Client({ connection: connection.connection, namespace: o.config.TEMPORAL_NAMESPACE });
  const feed = o.databaseUrl ? new ChangeFeed(o.databaseUrl, o.log) : null;
  feed?.start();
  const caches = apiCaches(feed, { responseTtlMs: o.config.READ_CACHE_MS ?? 1000 });
  const metrics = new ApiMetrics();
  const app = createApp(
    {
      sql: o.sql,
      client,
      config: o.config,
      log: o.log,
      bootstrapAdminToken: o.bootstrapAdminToken,
      caches,
      access: accessState(o.config),
      files: o.files,
    },
    metrics,
    o.config.METRICS_PORT === undefined ? o.config.METRICS_TOKEN : undefined,
  );
  const metricsServer =
    o.config.METRICS_PORT === undefined
      ? null
      : await serveMetrics({
          registry: metrics.registry,
          host: o.config.METRICS_HOST ?? '127.0.0.1',
          port: o.config.METRICS_PORT,
          token: o.config.METRICS_TOKEN,
        });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(o.port, o.config.HOST, () => resolve(s));
  });
  const sweeper = sweepUnattachedEvery({
    sql: o.sql,
    storage: o.files?.storage ?? defaultFileSettings().storage,
    everyMs: o.fileSweepEveryMs,
    log: o.log,
  });
  const { port } = server.address() as { port: number };
  return {
    server,
    metrics,
    url: `http://${o.config.HOST}:${port}`,
    metricsUrl: metricsServer?.url ?? (o.config.METRICS_TOKEN ? `http://${o.config.HOST}:${port}/metrics` : null),
    close: async () => {
      await metricsServer?.close();
      await sweeper.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connection.close();
      await feed?.stop();
    },
  };
}
