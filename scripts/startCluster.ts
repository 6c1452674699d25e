import exitHook from 'async-exit-hook';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env';
import { createLogger } from '../config/logger';
import { connectDatabase } from '../db/connect';
import { migrate } from '../db/migrate';
import { persistedDevToken } from '../stack/devToken';
import { startEmbeddedDatabase } from '../stack/embeddedDatabase';
import { recordProcess, type ProcessRecord } from '../stack/pidfiles';
import { StartRefused, type PlannedPort } from '../stack/ports';
import { spawnGroup, stopGroup, STOP_GRACE_MS, waitFor } from '../stack/processes';
import { waitUntilRunning } from '../stack/readiness';
import { startRoundRobinProxy } from '../stack/roundRobinProxy';
import { stopList } from '../stack/stopList';
import { takeOverDataDir } from '../stack/supervisor';
import { startTemporalCluster } from '../stack/temporalCluster';
import { ensureTemporalServerTools } from '../stack/temporalServerTools';

/**
 * `npm run start:cluster`: the product shaped as production runs it, on one machine — the real Temporal server on
 * PostgreSQL (databases `temporal` and `temporal_visibility` beside the product's own), two workers, two API processes
 * behind a round-robin proxy on PORT. Ctrl-C stops all of it; however else it ends, its watchdog stops the children it
 * recorded under DATA_DIR/cluster/run, as npm start's does. Data lives under DATA_DIR/cluster, apart from `npm start`'s.
 */
const INSTANCES = 2;
const stops = stopList();
const shutdown = (code: number, message: string) => void stops.stopAll(message).then(() => process.exit(code));
exitHook((done) => void stops.stopAll('stopping').then(done));
// every child its grace, and the Temporal server its longer one (stack/temporalCluster.ts)
exitHook.forceExitTimeout(2 * INSTANCES * STOP_GRACE_MS + 30_000);

async function main() {
  const config = loadConfig();
  if (config.TEMPORAL_ADDRESS)
    throw new ConfigError('start:cluster runs a Temporal server of its own: unset TEMPORAL_ADDRESS');
  const log = createLogger(config, 'start-cluster');
  const dataDir = path.resolve(config.DATA_DIR, 'cluster');
  fs.mkdirSync(dataDir, { recursive: true });
  const workerMetricsPort = config.WORKER_METRICS_PORT ?? 9464;
  const ports: PlannedPort[] = [
    { port: config.PORT, variable: 'PORT', host: config.HOST },
    ...Array.from({ length: INSTANCES }, (_, i) => ({
      port: config.PORT + 1 + i,
      variable: 'PORT (the API processes take the ports after it)',
    })),
    ...Array.from({ length: INSTANCES }, (_, i) => ({
      port: workerMetricsPort + i,
      variable: 'WORKER_METRICS_PORT (the workers take it and the next)',
    })),
    { port: config.TEMPORAL_DEV_PORT, variable: 'TEMPORAL_DEV_PORT' },
  ];
  if (!config.DATABASE_URL) ports.push({ port: config.EMBEDDED_POSTGRES_PORT, variable: 'EMBEDDED_POSTGRES_PORT' });
  // The same records and watchdog as npm start's, under DATA_DIR/cluster/run: a SIGKILLed start:cluster leaves no child.
  await takeOverDataDir({
    dataDir,
    command: 'npm run start:cluster',
    configuredDataDir: path.resolve(config.DATA_DIR),
    embeddedPostgres: !config.DATABASE_URL,
    ports,
  });
  const tools = ensureTemporalServerTools((m) => log.info(m));

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const db = await startEmbeddedDatabase({ dataDir, port: config.EMBEDDED_POSTGRES_PORT, within: config.DATA_DIR });
    stops.add(recorded(dataDir, 'postgres', db.process, db.stop));
    databaseUrl = db.url;
  }
  const sql = connectDatabase(databaseUrl, { max: 2 });
  await migrate(sql);
  await sql.end();

  log.info('starting the Temporal server on PostgreSQL');
  let forgetTemporal = () => undefined as void;
  stops.add(async () => forgetTemporal()); // after the server's stop below (newest first), or at once if its start failed
  const temporal = await startTemporalCluster({
    tools,
    postgresUrl: databaseUrl,
    dataDir: path.join(dataDir, 'temporal'),
    port: config.TEMPORAL_DEV_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
    onSpawned: (p) => (forgetTemporal = recordProcess(dataDir, { name: 'temporal', ...p })),
  });
  stops.add(temporal.stop);

  const adminToken = config.BOOTSTRAP_ADMIN_TOKEN ?? persistedDevToken(dataDir);
  const dist = path.resolve(__dirname, '..');
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: databaseUrl,
    BOOTSTRAP_ADMIN_TOKEN: adminToken,
  };
  // Names the data dir on each child's command line: what marks a leftover as this data dir's (stack/pidfiles.ts).
  const marker = `--data-dir=${dataDir}`;
  const programs: { name: string; args: string[]; env: NodeJS.ProcessEnv }[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    programs.push({
      name: `worker-${i + 1}`,
      args: [`--max-old-space-size=${config.WORKER_HEAP_MB}`, path.join(dist, 'worker/main.js'), marker],
      env: { ...env, WORKER_METRICS_PORT: String(workerMetricsPort + i) },
    });
    programs.push({
      name: `api-${i + 1}`,
      args: [path.join(dist, 'api/main.js'), marker],
      env: { ...env, PORT: String(config.PORT + 1 + i) },
    });
  }
  for (const p of programs) {
    // ipc: a child whose channel closes (this process gone, however) drains and exits (exitWhenParentGoes); the
    // watchdog stops it by its record should it linger
    const child = spawnGroup(process.execPath, p.args, { env: p.env, ipc: true });
    stops.add(recorded(dataDir, p.name, { pid: child.pid!, marker, group: true }, () => stopGroup(child)));
    child.once('exit', (code) => {
      if (!stops.stopping) shutdown(1, `${p.name} exited with code ${code}; stopping the rest`);
    });
  }
  const backends = Array.from({ length: INSTANCES }, (_, i) => ({ host, port: config.PORT + 1 + i }));
  const proxy = await startRoundRobinProxy({ host: config.HOST, port: config.PORT, backends });
  stops.add(proxy.close);
  for (const b of backends) {
    await waitFor(
      `the API on port ${b.port}`,
      async () => {
        const res = await fetch(`http://${b.host}:${b.port}/healthz`);
        if (res.status !== 200) throw new Error(`healthz answered ${res.status}`);
      },
      180_000,
    );
  }
  const apiUrl = `http://${host}:${config.PORT}`;
  // through the proxy: the API answers, and a workflow on the task queue completes on one of the workers
  await waitUntilRunning({
    apiUrl,
    temporalAddress: temporal.address,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    timeoutMs: 180_000,
  });
  process.stdout.write(
    [
      '',
      'Rectification campaigns is running on the Temporal server (cluster mode).',
      `  API           ${apiUrl}  (round robin over ${backends.map((b) => b.port).join(', ')}; metrics: ${config.METRICS_TOKEN ? `/metrics of each with METRICS_TOKEN` : 'off, set METRICS_TOKEN'})`,
      `  Dashboard     ${apiUrl}/`,
      `  Temporal      ${temporal.address}  (server metrics: ${temporal.metricsUrl}; log: ${temporal.logFile})`,
      `  Worker metrics ${backends.map((_, i) => `http://${host}:${workerMetricsPort + i}/metrics`).join(', ')}`,
      `  Admin token   ${adminToken}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/** The stop of a process recorded under dataDir/run, which forgets the record once the process has stopped. */
function recorded(
  dataDir: string,
  name: string,
  p: Pick<ProcessRecord, 'pid' | 'marker' | 'group' | 'signal'>,
  stop: () => Promise<void>,
) {
  const forget = recordProcess(dataDir, { name, ...p });
  return async () => {
    await stop();
    forget();
  };
}

main().catch((err) =>
  shutdown(
    1,
    err instanceof ConfigError || err instanceof StartRefused
      ? err.message
      : `start:cluster failed: ${err instanceof Error ? err.stack : String(err)}`,
  ),
);
