import { execFile, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { parse, stringify } from 'yaml';
import { freePort, portIsFree, spawnGroup, stopGroup } from './processes';
import { ensureNamespace } from './temporalNamespace';
import { projectRoot } from './temporalCli';
import type { ProcessRecord } from './pidfiles';
import type { TemporalServerTools } from './temporalServerTools';

const run = promisify(execFile);

export interface TemporalClusterOptions {
  tools: TemporalServerTools;
  /** Any URL of the PostgreSQL server to keep Temporal on, as a role that may create databases (the product's own). */
  postgresUrl: string;
  /** Its two databases; several clusters can share one PostgreSQL under different names. */
  databases?: { main: string; visibility: string };
  /** Config and log files go here. */
  dataDir: string;
  /** The frontend's gRPC port, the one address clients use; the server's other ports are taken free. */
  port: number;
  namespace: string;
  /** History shards: fixed for the life of the databases (a different count needs new ones). */
  shards?: number;
  /** Called as soon as the server is spawned with its process group, for a supervisor's record (stack/pidfiles.ts). */
  onSpawned?: (server: Pick<ProcessRecord, 'pid' | 'marker' | 'group'>) => void;
}

export interface TemporalCluster {
  address: string;
  /** The server's own Prometheus metrics (persistence latency, shard and task-queue series). */
  metricsUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/** temporal-sql-tool's and the server's plugin: what docker-compose's auto-setup picks for DB=postgres12. */
export const SQL_PLUGIN = 'postgres12';

export const DEFAULT_CLUSTER_DATABASES = { main: 'temporal', visibility: 'temporal_visibility' };

/** The product's dynamic config (one partition per task queue; why, in the file), which docker-compose.yml mounts too. */
export const productDynamicConfig = () => path.join(projectRoot(), 'config', 'temporal-dynamicconfig.yaml');

/**
 * The real Temporal server (the Go build of TEMPORAL_SERVER_VERSION, all four services in one process) on PostgreSQL,
 * as production runs it: its schemas created and brought up to date by temporal-sql-tool, the module's
 * development-postgres12.yaml with our ports, credentials and shard count, the namespace and the product's search
 * attributes registered. Starting it again on the same databases resumes everything.
 */
export async function startTemporalCluster(o: TemporalClusterOptions): Promise<TemporalCluster> {
  const pg = new URL(o.postgresUrl);
  const databases = o.databases ?? DEFAULT_CLUSTER_DATABASES;
  await setUpSchema(o.tools, pg, databases.main, 'temporal');
  await setUpSchema(o.tools, pg, databases.visibility, 'visibility');

  const configDir = path.join(o.dataDir, 'config');
  fs.mkdirSync(path.join(configDir, 'dynamicconfig'), { recursive: true });
  const dynamicConfig = path.join(configDir, 'dynamicconfig', 'cluster.yaml');
  const readYaml = (file: string) => parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(
    dynamicConfig,
    stringify({ ...readYaml(o.tools.dynamicConfigFile), ...readYaml(productDynamicConfig()) }),
  );
  const logFile = path.join(o.dataDir, 'temporal-server.log');
  const configFile = path.join(configDir, 'cluster.yaml');
  const earlier = fs.existsSync(configFile) ? (parse(fs.readFileSync(configFile, 'utf8')) as ServerConfig) : null;
  const metricsPort = await portAsBefore(earlier?.global.metrics.prometheus.listenAddress.split(':').pop(), freePort);
  const config = await clusterConfig(o, { pg, databases, dynamicConfig, logFile, metricsPort, earlier });
  fs.writeFileSync(configFile, stringify(config));

  const child: ChildProcess = spawnGroup(
    o.tools.server,
    ['--root', o.dataDir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'],
    { quiet: true },
  );
  o.onSpawned?.({ pid: child.pid!, marker: o.dataDir, group: true }); // --root names this data dir
  const stop = () => stopGroup(child, 30_000);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the Temporal server exited with code ${code}; see ${logFile}`))),
  );
  exited.catch(() => undefined);
  const address = `127.0.0.1:${o.port}`;
  try {
    await Promise.race([exited, ensureNamespace(address, o.namespace, 180_000)]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, logFile, stop };
}

/**
 * What auto-setup does for docker-compose: create the database and its base schema the first time, then apply every
 * versioned update the release ships (a no-op when current).
 */
async function setUpSchema(tools: TemporalServerTools, pg: URL, database: string, kind: 'temporal' | 'visibility') {
  const connection = [
    '--plugin',
    SQL_PLUGIN,
    '--endpoint',
    pg.hostname,
    '--port',
    pg.port || '5432',
    '--user',
    decodeURIComponent(pg.username),
    '--database',
    database,
  ];
  // through the environment, so the password never shows in a process list
  const options = { env: { ...process.env, SQL_PASSWORD: decodeURIComponent(pg.password) } };
  const admin = postgres(pg.toString(), { max: 1, onnotice: () => undefined });
  let exists: boolean;
  try {
    exists = (await admin`select 1 from pg_database where datname = ${database}`).length > 0;
  } finally {
    await admin.end();
  }
  if (!exists) {
    await run(tools.sqlTool, [...connection, 'create-database'], options);
    await run(tools.sqlTool, [...connection, 'setup-schema', '--version', '0.0'], options);
  }
  await run(
    tools.sqlTool,
    [...connection, 'update-schema', '--schema-dir', path.join(tools.schemaDir, kind, 'versioned')],
    options,
  );
}

/** The parts of the server's config file this module reads back. */
interface ServerConfig {
  global: { metrics: { prometheus: { listenAddress: string } } };
  services: Record<string, { rpc: { grpcPort: number; membershipPort: number; httpPort?: number } }>;
}

/**
 * The port an earlier start of the same data dir used, while it is still free; else a new one. A restarted server
 * must keep its addresses: the membership rows its last run left in the database name them, and a server whose
 * services moved waits out the whole membership join (maxJoinDuration) on the dead addresses — "Not enough hosts to
 * serve the request" for every task meanwhile — before it serves again.
 */
async function portAsBefore(before: number | string | undefined, fresh: () => Promise<number>): Promise<number> {
  const port = Number(before);
  if (Number.isInteger(port) && port > 0 && (await portIsFree(port))) return port;
  return fresh();
}

/** The module's development-postgres12.yaml, pointed at our PostgreSQL and at free ports (the earlier start's, if any). */
async function clusterConfig(
  o: TemporalClusterOptions,
  x: {
    pg: URL;
    databases: { main: string; visibility: string };
    dynamicConfig: string;
    logFile: string;
    metricsPort: number;
    earlier: ServerConfig | null;
  },
) {
  const config = parse(fs.readFileSync(o.tools.configFile, 'utf8'));
  config.log = { stdout: false, level: 'warn', outputFile: x.logFile };
  config.persistence.numHistoryShards = o.shards ?? 4;
  const stores = config.persistence.datastores;
  for (const [store, database] of [
    ['postgres-default', x.databases.main],
    ['postgres-visibility', x.databases.visibility],
  ]) {
    Object.assign(stores[store].sql, {
      pluginName: SQL_PLUGIN,
      databaseName: database,
      connectAddr: `${x.pg.hostname}:${x.pg.port || 5432}`,
      user: decodeURIComponent(x.pg.username),
      password: decodeURIComponent(x.pg.password),
    });
  }
  config.global.pprof.port = 0; // off
  config.global.metrics.prometheus.listenAddress = `127.0.0.1:${x.metricsPort}`;
  for (const [name, service] of Object.entries<{ rpc: Record<string, unknown> }>(config.services)) {
    const before = x.earlier?.services[name]?.rpc;
    service.rpc.grpcPort = name === 'frontend' ? o.port : await portAsBefore(before?.grpcPort, freePort);
    service.rpc.membershipPort = await portAsBefore(before?.membershipPort, freeMembershipPort);
    if ('httpPort' in service.rpc) service.rpc.httpPort = await portAsBefore(before?.httpPort, freePort);
  }
  config.clusterMetadata.clusterInformation.active.rpcAddress = `127.0.0.1:${o.port}`;
  config.dynamicConfigClient.filepath = x.dynamicConfig;
  return config;
}

/**
 * The server keeps membership ports in a smallint column (cluster_membership.rpc_port), so they must lie below 32768,
 * where the system's ephemeral ports (what freePort() hands out) do not: a free one is looked for there at random.
 */
async function freeMembershipPort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port below 32768 for the Temporal server's membership");
}
