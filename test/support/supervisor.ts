import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../stack/temporalCli';
import { eventually } from './campaigns';

export interface SupervisorRun {
  child: ChildProcess;
  output: () => string;
  /** Resolves once the banner (its admin token) is out; rejects if the process ended before. */
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** A supervisor's compiled entry (`dist/scripts/start.js`, `…/startCluster.js`) run as a user runs it. */
export function runSupervisor(entry: string, env: NodeJS.ProcessEnv, readyWithinMs: number): SupervisorRun {
  const root = projectRoot();
  const child = spawn(process.execPath, [path.join(root, entry)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const ready = eventually(
    'the stack to print its URLs',
    async () => out.includes('Admin token') || ended(),
    readyWithinMs,
  ).then(() => {
    if (!out.includes('Admin token')) throw new Error(`${entry} ended before it was running:\n${out}`);
  });
  ready.catch(() => undefined); // a test that expects the start to fail never awaits it
  return { child, output: () => out, ready, exited };
}

/** Every process whose command line names the data dir: the watchdog, the servers, the workers and the APIs. */
export const processesOf = (dataDir: string) =>
  execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(dataDir))
    .map((l) => ({ pid: Number(l.trim().split(/\s+/)[0]), args: l.trim() }));

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
