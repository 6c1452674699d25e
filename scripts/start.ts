import exitHook from 'async-exit-hook';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { createLogger, type Logger } from '../config/logger';
import { connectDatabase } from '../db/connect';
import { migrate } from '../db/migrate';
import { isCurrent, workflowBundleAsset } from '../stack/builtAssets';
import { persistedDevToken } from '../stack/devToken';
import { projectRoot, resolveTemporalCli } from '../stack/temporalCli';
import { startDevServer } from '../stack/temporalServer';
import { startEmbeddedDatabase } from '../stack/embeddedDatabase';
import { recordProcess } from '../stack/pidfiles';
import { StartRefused, type PlannedPort } from '../stack/ports';
import { sendGo, spawnGroup, stopGroup, STOP_GRACE_MS, waitForGoEnv } from '../stack/processes';
import { waitUntilRunning } from '../stack/readiness';
import { takeOverDataDir } from '../stack/supervisor';

/**
 * `npm start`: the whole product on one machine — Temporal dev server, PostgreSQL, migrations, worker and API — and
 * all of it stopped again on Ctrl-C. Data lives under DATA_DIR, so a second start resumes running campaigns.
 * However this process ends, its children end too: the Node ones when their IPC channel closes, the servers through
 * the watchdog and the records under DATA_DIR/run (stack/pidfiles.ts), which the next start also checks.
 */
/** The worker and the API, stopped first (together), then the servers' stops, newest first. */
const programStops: (() => Promise<void>)[] = [];
const stops: (() => Promise<void>)[] = [];
let stopping = false;
let stopped: Promise<void> | null = null;

/**
 * Stops what was started, the programs first, then the servers newest first, so nothing is left behind whether start-up finished or failed. A second
 * caller (start-up failing because Ctrl-C is stopping its children) waits for the same stop rather than cutting it.
 */
function stopAll(message?: string): Promise<void> {
  if (stopped) return stopped;
  stopping = true;
  if (message) process.stderr.write(`${message}\n`);
  const failed = (err: unknown) => process.stderr.write(`stop failed: ${err}\n`);
  stopped = (async () => {
    await Promise.all(programStops.map((stop) => stop().catch(failed)));
    for (const stop of stops.reverse()) await stop().catch(failed);
  })();
  return stopped;
}
const shutdown = (code: number, message: string) =>
  void stopAll(stopping ? undefined : message).then(() => process.exit(code));

// embedded-postgres stops its server through async-exit-hook on SIGINT/SIGTERM/SIGHUP; joining the same hook makes
// the process wait for our own children too before it exits. Its default 10 s cut-off came before the last child's
// SIGKILL (each child may take STOP_GRACE_MS) and left the dev server running: allow every child its grace.
exitHook((done) => void stopAll('stopping').then(done));
exitHook.forceExitTimeout(5 * STOP_GRACE_MS);

async function main() {
  const config = loadConfig();
  const log = createLogger(config, 'start');
  const dataDir = path.resolve(config.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });

  const ports: PlannedPort[] = [{ port: config.PORT, variable: 'PORT', host: config.HOST }];
  if (!config.TEMPORAL_ADDRESS)
    ports.push(
      { port: config.TEMPORAL_DEV_PORT, variable: 'TEMPORAL_DEV_PORT' },
      { port: config.TEMPORAL_UI_PORT, variable: 'TEMPORAL_UI_PORT' },
    );
  if (!config.DATABASE_URL) ports.push({ port: config.EMBEDDED_POSTGRES_PORT, variable: 'EMBEDDED_POSTGRES_PORT' });
  await takeOverDataDir({
    dataDir,
    command: 'npm start',
    configuredDataDir: dataDir,
    embeddedPostgres: !config.DATABASE_URL,
    ports,
  });

  const adminToken = config.BOOTSTRAP_ADMIN_TOKEN ?? persistedDevToken(dataDir);
  const programs = spawnPrograms(config, dataDir, adminToken);

  // The two servers start side by side (the programs load their modules meanwhile): neither needs the other, and
  // together they are most of a restart's time.
  const [temporal, databaseUrl] = await allStarted([
    config.TEMPORAL_ADDRESS
      ? Promise.resolve({
          address: config.TEMPORAL_ADDRESS,
          ui: 'the UI of the Temporal server at ' + config.TEMPORAL_ADDRESS,
        })
      : startTemporal(config, dataDir, log),
    config.DATABASE_URL ? Promise.resolve(config.DATABASE_URL) : startPostgres(config, dataDir),
  ] as const);
  const temporalAddress = temporal.address;
  const sql = connectDatabase(databaseUrl, { max: 2 });
  await migrate(sql);
  await sql.end();
  if (stopping) return;
  for (const child of programs) sendGo(child, { TEMPORAL_ADDRESS: temporalAddress, DATABASE_URL: databaseUrl });

  const apiUrl = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  await waitUntilRunning({
    apiUrl,
    temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    timeoutMs: 180_000,
  });
  if (stopping) return;
  process.stdout.write(
    [
      '',
      'Rectification campaigns is running.',
      `  API          ${apiUrl}  (OpenAPI: ${apiUrl}/openapi.json)`,
      `  Dashboard    ${apiUrl}/`,
      `  Temporal UI  ${temporal.ui}`,
      `  Admin token  ${adminToken}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/**
 * The worker and the API, spawned before the servers are up so their modules load meanwhile: each waits for the go
 * (stack/processes.ts supervisorGo) that brings the addresses of Temporal and PostgreSQL.
 */
function spawnPrograms(config: Config, dataDir: string, adminToken: string): ChildProcess[] {
  const dist = path.resolve(__dirname, '..');
  // Bundled by `npm run build` (scripts/buildAssets.ts): when current, the worker skips webpack at start; a stale one
  // (dist/ compiled since, without the build) is never used — the worker then bundles the workflows itself.
  const bundle = path.join(projectRoot(), workflowBundleAsset.output);
  const env = {
    ...process.env,
    ...waitForGoEnv,
    BOOTSTRAP_ADMIN_TOKEN: adminToken,
    ...(!config.WORKFLOW_BUNDLE_PATH && isCurrent(workflowBundleAsset) ? { WORKFLOW_BUNDLE_PATH: bundle } : {}),
  };
  // Names the data dir on each child's command line: what marks a leftover as this data dir's (stack/pidfiles.ts).
  const marker = `--data-dir=${dataDir}`;
  const programs: [name: string, entry: string, nodeArgs: string[]][] = [
    ['worker', 'worker/main.js', [`--max-old-space-size=${config.WORKER_HEAP_MB}`]],
    ['api', 'api/main.js', []],
  ];
  return programs.map(([name, entry, nodeArgs]) => {
    const child = spawnGroup(process.execPath, [...nodeArgs, path.join(dist, entry), marker], { env, ipc: true });
    const forget = recordProcess(dataDir, { name, pid: child.pid!, marker, group: true });
    programStops.push(async () => {
      await stopGroup(child);
      forget();
    });
    child.once('exit', (code) => {
      if (!stopping) shutdown(1, `${entry} exited with code ${code}; stopping the rest`);
    });
    return child;
  });
}

async function startTemporal(config: Config, dataDir: string, log: Logger): Promise<{ address: string; ui: string }> {
  const cliPath = resolveTemporalCli(config.TEMPORAL_CLI_PATH, (m) => log.info(m));
  let forget = () => undefined as void;
  const server = await startDevServer({
    cliPath,
    dataDir: path.join(dataDir, 'temporal'),
    port: config.TEMPORAL_DEV_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
    onSpawned: (p) => (forget = recordProcess(dataDir, { name: 'temporal', ...p })),
  });
  stops.push(async () => {
    await server.stop();
    forget();
  });
  return { address: server.address, ui: server.uiUrl };
}

async function startPostgres(config: Config, dataDir: string): Promise<string> {
  const db = await startEmbeddedDatabase({ dataDir, port: config.EMBEDDED_POSTGRES_PORT });
  const forget = recordProcess(dataDir, { name: 'postgres', ...db.process });
  stops.push(async () => {
    await db.stop();
    forget();
  });
  return db.url;
}

/** Like Promise.all, but only after every start has settled, so each one that succeeded has registered its stop. */
async function allStarted<T extends readonly unknown[]>(starts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

main().catch((err) =>
  shutdown(
    1,
    err instanceof ConfigError || err instanceof StartRefused
      ? err.message
      : `start failed: ${err instanceof Error ? err.stack : String(err)}`,
  ),
);
