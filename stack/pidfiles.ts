import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { STOP_GRACE_MS } from './processes';

/**
 * What a supervisor (`npm start`) started, one JSON file per process under DATA_DIR/run, so that whoever finds the
 * supervisor dead — its watchdog at once (stack/watchdog.ts), or the next start — can stop exactly those processes.
 * A pid is only ever signalled while its command line still carries the record's marker (an argument naming this
 * data dir), so a pid reused by another program, or a process of another data dir, is never touched.
 */
export interface ProcessRecord {
  name: string;
  pid: number;
  /** One argument of the process's command line, exactly: a path under its data dir. */
  marker: string;
  /** The pid leads its own process group (spawnGroup): signal the whole group. */
  group: boolean;
  /** The polite signal: SIGTERM unless the program wants another (PostgreSQL's fast shutdown is SIGINT). */
  signal?: NodeJS.Signals;
  /** The supervisor's pid and script (argv[1]): its processes are only taken for leftovers once it is gone. */
  owner: number;
  ownerScript: string;
}

export const runDir = (dataDir: string) => path.join(path.resolve(dataDir), 'run');

/** Writes the record; the returned function removes it once the process has been stopped on purpose. */
export function recordProcess(dataDir: string, record: Omit<ProcessRecord, 'owner' | 'ownerScript'>): () => void {
  const dir = runDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${record.name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ ...record, owner: process.pid, ownerScript: process.argv[1] } satisfies ProcessRecord),
  );
  return () => fs.rmSync(file, { force: true });
}

/** The process's arguments, or null when it is gone (or a zombie, whose command line is empty). */
export function commandLine(pid: number): string[] | null {
  try {
    if (fs.existsSync('/proc')) {
      const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return raw ? raw.split('\0').filter(Boolean) : null;
    }
    const args = execFileSync('ps', ['-ww', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return args ? args.split(/\s+/) : null; // without /proc, arguments holding spaces split: markers must not
  } catch {
    return null;
  }
}

/** True while `pid` is alive and still the process the record describes. */
export function isRunning(record: Pick<ProcessRecord, 'pid' | 'marker'>): boolean {
  return commandLine(record.pid)?.includes(record.marker) ?? false;
}

function signal(record: Pick<ProcessRecord, 'pid' | 'group'>, sig: NodeJS.Signals) {
  try {
    process.kill(record.group ? -record.pid : record.pid, sig);
  } catch {
    // gone meanwhile
  }
}

/** The record's polite signal, then SIGKILL after the grace; resolves once the process is gone. */
export async function stopRecorded(
  record: Pick<ProcessRecord, 'pid' | 'marker' | 'group' | 'signal'>,
  graceMs = STOP_GRACE_MS,
): Promise<void> {
  if (!isRunning(record)) return;
  signal(record, record.signal ?? 'SIGTERM');
  const killAt = Date.now() + graceMs;
  let killed = false;
  while (isRunning(record)) {
    if (!killed && Date.now() >= killAt) {
      signal(record, 'SIGKILL');
      killed = true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readRecords(dataDir: string): { file: string; record: ProcessRecord }[] {
  const dir = runDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const file = path.join(dir, f);
      try {
        return [{ file, record: JSON.parse(fs.readFileSync(file, 'utf8')) as ProcessRecord }];
      } catch {
        return [{ file, record: null as unknown as ProcessRecord }]; // half-written by a killed start: just removed
      }
    });
}

/**
 * Stops the recorded processes of supervisors that are gone (or only those of `owner`), removes their records and
 * returns the names of those that were still running. A record whose supervisor is alive is left alone.
 */
export async function stopLeftovers(dataDir: string, o: { owner?: number } = {}): Promise<string[]> {
  const ownerAlive = (r: ProcessRecord) => commandLine(r.owner)?.includes(r.ownerScript) ?? false;
  const stale = readRecords(dataDir).filter(
    ({ record }) => !record || (o.owner !== undefined ? record.owner === o.owner : !ownerAlive(record)),
  );
  const stopped: string[] = [];
  await Promise.all(
    stale.map(async ({ file, record }) => {
      if (record && isRunning(record)) {
        stopped.push(`${record.name} (pid ${record.pid})`);
        await stopRecorded(record);
      }
      fs.rmSync(file, { force: true });
    }),
  );
  return stopped.sort();
}

/** The pid of another live supervisor whose processes are recorded under this data dir, if any. */
export function otherSupervisor(dataDir: string): number | null {
  const live = readRecords(dataDir).find(
    ({ record }) =>
      record && record.owner !== process.pid && (commandLine(record.owner)?.includes(record.ownerScript) ?? false),
  );
  return live?.record.owner ?? null;
}
