import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import type { ProcessRecord } from './pidfiles';
import { spawnGroup, stopGroup, waitFor } from './processes';
import { SEARCH_ATTRIBUTES } from '../domain/searchAttributes';

export interface DevServerOptions {
  cliPath: string;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  quiet?: boolean;
  /** Called as soon as the server is spawned with its process group, for a supervisor's record (stack/pidfiles.ts). */
  onSpawned?: (server: Pick<ProcessRecord, 'pid' | 'marker' | 'group'>) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/** How the CLI's --search-attribute flag spells the types the product uses. */
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** `temporal server start-dev` with its SQLite file under the data dir, so workflows survive a restart. */
export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  fs.mkdirSync(o.dataDir, { recursive: true });
  const dbFile = path.resolve(o.dataDir, 'temporal.sqlite');
  const child: ChildProcess = spawnGroup(
    o.cliPath,
    [
      'server',
      'start-dev',
      '--db-filename',
      dbFile,
      '--ip',
      '127.0.0.1',
      '--port',
      String(o.port),
      '--ui-port',
      String(o.uiPort),
      '--namespace',
      o.namespace,
      '--log-level',
      'error',
      // unregistered search attributes fail every workflow start that sets them
      ...SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=${CLI_TYPE_NAMES[a.type]}`]),
    ],
    { quiet: o.quiet },
  );
  o.onSpawned?.({ pid: child.pid!, marker: dbFile, group: true }); // the SQLite file names this data dir
  const address = `127.0.0.1:${o.port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the Temporal dev server exited with code ${code}`))),
  );
  exited.catch(() => undefined);
  await Promise.race([
    exited,
    waitFor(
      'the Temporal dev server',
      async () => {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: o.namespace });
        } finally {
          await connection.close();
        }
      },
      60_000,
    ),
  ]);
  return { address, uiUrl: `http://127.0.0.1:${o.uiPort}`, stop: () => stopGroup(child) };
}
