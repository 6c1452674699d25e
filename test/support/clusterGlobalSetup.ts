import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../stack/temporalCli';
import { startEmbeddedDatabase } from '../../stack/embeddedDatabase';
import { freePort } from '../../stack/processes';
import { startTemporalCluster } from '../../stack/temporalCluster';
import { ensureTemporalServerTools } from '../../stack/temporalServerTools';
import globalSetup from './globalSetup';

/**
 * `npm run test:cluster`: the same run as globalSetup's, on the real Temporal server on the run's PostgreSQL
 * (stack/temporalCluster.ts) instead of the dev server. TEMPORAL_MODE=server tells the tests that start servers of
 * their own (a restart) to start this kind.
 */
export default async function clusterGlobalSetup(): Promise<void> {
  const tools = ensureTemporalServerTools((m) => process.stderr.write(`${m}\n`));
  const dir = path.join(projectRoot(), '.test-data', `cluster-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const pgPort = await freePort();
  const db = await startEmbeddedDatabase({ dataDir: dir, port: pgPort });
  const stops: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true }), db.stop];
  try {
    const cluster = await startTemporalCluster({
      tools,
      postgresUrl: db.url,
      dataDir: path.join(dir, 'temporal'),
      port: await freePort(),
      namespace: 'default',
    });
    stops.push(cluster.stop);
    Object.assign(process.env, {
      TEMPORAL_MODE: 'server',
      TEMPORAL_ADDRESS: cluster.address,
      DATABASE_URL: db.url,
      TEST_EMBEDDED_PG_PORT: String(pgPort),
    });
    await globalSetup();
  } catch (err) {
    for (const stop of stops.reverse()) await stop();
    throw err;
  }
  // after globalSetup's own, so they run first: the server, then PostgreSQL, then the files
  (globalThis as { __stackStops?: (() => Promise<void>)[] }).__stackStops!.push(...stops);
}
