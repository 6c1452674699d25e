import { startDevServer } from '../../stack/temporalServer';
import { freePort } from '../../stack/processes';
import { startTemporalCluster } from '../../stack/temporalCluster';
import { ensureTemporalServerTools } from '../../stack/temporalServerTools';

export interface OwnTemporal {
  address: string;
  stop(): Promise<void>;
}

/**
 * A Temporal server of one test's own, which it may stop and start again on the same data and port: the dev server
 * (SQLite under dataDir), or under `npm run test:cluster` (TEMPORAL_MODE=server) the real server on the run's
 * PostgreSQL, in databases of its own.
 */
export async function ownTemporalStarter(dataDir: string): Promise<() => Promise<OwnTemporal>> {
  const port = await freePort();
  if (process.env.TEMPORAL_MODE === 'server') {
    const tools = ensureTemporalServerTools();
    const suffix = `own_${process.pid}`;
    return () =>
      startTemporalCluster({
        tools,
        postgresUrl: process.env.DATABASE_URL!,
        databases: { main: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}` },
        dataDir,
        port,
        namespace: 'default',
      });
  }
  const uiPort = await freePort();
  return () =>
    startDevServer({
      cliPath: process.env.TEMPORAL_CLI_PATH!,
      dataDir,
      port,
      uiPort,
      namespace: 'default',
      quiet: true,
    });
}
