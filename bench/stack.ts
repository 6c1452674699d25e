import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Sql } from 'postgres';
import { connectDatabase } from '../db/connect';
import { migrate } from '../db/migrate';
import { startEmbeddedDatabase } from '../stack/embeddedDatabase';
import { freePort, waitFor } from '../stack/processes';
import { projectRoot, resolveTemporalCli } from '../stack/temporalCli';
import { startDevServer } from '../stack/temporalServer';
import { startTemporalCluster } from '../stack/temporalCluster';
import { ensureTemporalServerTools, TEMPORAL_SERVER_VERSION } from '../stack/temporalServerTools';
import { descendants } from './machine';

export interface Stack {
  temporalAddress: string;
  databaseUrl: string;
  sql: Sql;
  client: Client;
  dir: string;
  productBundle: string;
  baselineBundle: string;
  embedded: boolean;
  /** which Temporal the run is on, as its tables name it */
  temporalLabel: string;
  close(): Promise<void>;
}

const noop = () => undefined;
const quietLogger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: (m: string) => process.stderr.write(`${m}\n`),
  log: noop,
};

/** Dev server + embedded Postgres under a temp DATA_DIR (or TEMPORAL_ADDRESS / DATABASE_URL), migrated, bundles built. */
export async function startStack(log: (m: string) => void): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const stops: (() => Promise<void>)[] = [];
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let temporalLabel = 'temporal (TEMPORAL_ADDRESS)';
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const db = await startEmbeddedDatabase({ dataDir: dir, port: await freePort() });
    stops.push(db.stop);
    databaseUrl = db.url;
    log(`embedded postgres at ${databaseUrl}`);
  }
  if (!temporalAddress && process.env.TEMPORAL_MODE === 'server') {
    // the cluster mode's real server (docs/OPERATIONS.md), on the same PostgreSQL as the product
    const tools = ensureTemporalServerTools(log);
    const server = await startTemporalCluster({
      tools,
      postgresUrl: databaseUrl,
      dataDir: path.join(dir, 'temporal'),
      port: await freePort(),
      namespace: 'default',
    });
    stops.push(server.stop);
    temporalAddress = server.address;
    temporalLabel = `temporal server ${TEMPORAL_SERVER_VERSION} (PostgreSQL)`;
    log(`temporal server ${TEMPORAL_SERVER_VERSION} on postgres at ${temporalAddress} (data under ${dir})`);
  } else if (!temporalAddress) {
    const [port, uiPort] = [await freePort(), await freePort()];
    const cliPath = resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, log);
    const server = await startDevServer({
      cliPath,
      dataDir: path.join(dir, 'temporal'),
      port,
      uiPort,
      namespace: 'default',
      quiet: true,
    });
    stops.push(server.stop);
    temporalAddress = server.address;
    temporalLabel = 'temporal dev server';
    log(`temporal dev server at ${temporalAddress} (data under ${dir})`);
  }
  const sql = connectDatabase(databaseUrl, { max: 4 });
  await migrate(sql);
  const productBundle = path.join(dir, 'workflow-bundle.js');
  const baselineBundle = path.join(dir, 'baseline-bundle.js');
  fs.writeFileSync(
    productBundle,
    (await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quietLogger })).code,
  );
  fs.writeFileSync(
    baselineBundle,
    (await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quietLogger })).code,
  );
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  return {
    temporalAddress,
    databaseUrl,
    sql,
    client,
    dir,
    productBundle,
    baselineBundle,
    embedded: stops.length > 0,
    temporalLabel,
    async close() {
      await connection.close();
      await sql.end({ timeout: 5 });
      for (const stop of stops.reverse()) await stop().catch(noop);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

function watch(child: ChildProcess): Proc {
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr?.on('data', (d) => (out = (out + d).slice(-20_000)));
  return {
    child,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** The product's worker process (dist/worker/main.js), as production runs it. */
export function startWorkerProcess(stack: Stack, taskQueue: string, nodeArgs: string[] = []): Proc {
  const child = spawn(process.execPath, [...nodeArgs, path.join(projectRoot(), 'dist', 'worker', 'main.js')], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: stack.productBundle,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child);
}

export interface ApiProc extends Proc {
  url: string;
  adminToken: string;
}

/** The product's API process (dist/api/main.js). */
export async function startApiProcess(stack: Stack, taskQueue: string, nodeArgs: string[] = []): Promise<ApiProc> {
  const port = await freePort();
  const adminToken = randomBytes(24).toString('base64url');
  const child = spawn(process.execPath, [...nodeArgs, path.join(projectRoot(), 'dist', 'api', 'main.js')], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PORT: String(port),
      HOST: '127.0.0.1',
      BOOTSTRAP_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = watch(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the API',
    async () => {
      if (child.exitCode !== null) throw new Error(`API exited: ${proc.output()}`);
      const res = await fetch(`${url}/openapi.json`);
      if (!res.ok) throw new Error(String(res.status));
    },
    30_000,
  );
  return { ...proc, url, adminToken };
}

export interface BaselineWorker extends Proc {
  count(): Promise<number>;
  notes(): Promise<{ id: string; targetMs: number | null; atMs: number }[]>;
  reset(): void;
}

/** The bare-Temporal worker for bench/workflows.ts (bench/baselineWorker.ts), with an IPC channel for its notes. */
export async function startBaselineWorker(stack: Stack, taskQueue: string): Promise<BaselineWorker> {
  const child = fork(
    path.join(__dirname, 'baselineWorker.js'),
    [stack.temporalAddress, taskQueue, stack.baselineBundle],
    { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  const proc = watch(child);
  const ask = <T>(kind: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { kind: string } & Record<string, unknown>) => {
        if (m.kind !== kind) return;
        child.off('message', on);
        resolve(m as T);
      };
      child.on('message', on);
      child.send({ kind });
    });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (c) => reject(new Error(`baseline worker exited ${c}: ${proc.output()}`)));
  });
  return {
    ...proc,
    count: async () => (await ask<{ count: number }>('count')).count,
    notes: async () => (await ask<{ notes: { id: string; targetMs: number | null; atMs: number }[] }>('notes')).notes,
    reset: () => void child.send({ kind: 'reset' }),
  };
}

/** Pids of the Temporal server and the Postgres processes this bench started (for footprint figures). */
export function stackPids(): { temporal: number[]; postgres: number[] } {
  const temporal: number[] = [];
  const pg: number[] = [];
  for (const pid of descendants(process.pid)) {
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (cmd.includes('start-dev') || cmd.includes('--allow-no-auth'))
      temporal.push(pid); // dev server or cluster mode's
    else if (/postgres/.test(cmd) && !cmd.includes('node')) pg.push(pid);
  }
  return { temporal, postgres: pg };
}
