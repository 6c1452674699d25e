import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { Sql } from 'postgres';
import type { Config } from '../config/env';
import type { Logger } from '../config/logger';
import { createApp } from './app';

export interface ApiServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP API on the given port (0 = any free port) against Temporal and Postgres. */
export async function startApiServer(o: {
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_NAMESPACE' | 'HOST'> & { TEMPORAL_ADDRESS: string };
  port: number;
  sql: Sql;
  log: Logger;
  bootstrapAdminToken: string;
}): Promise<ApiServer> {
  // lazy: the API starts, and answers /healthz with 503, even while Temporal is still coming up
  const connection = Connection.lazy({ address: o.config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: o.config.TEMPORAL_NAMESPACE });
  const app = createApp({ sql: o.sql, client, config: o.config, log: o.log, bootstrapAdminToken: o.bootstrapAdminToken });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(o.port, o.config.HOST, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    server,
    url: `http://${o.config.HOST}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connection.close();
    },
  };
}
