import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../stack/temporalCli';

/**
 * The production worker entry (dist/worker/main.js, built by globalSetup) as a real child process, so a test can
 * SIGKILL it mid-campaign the way a crash would.
 */
export interface WorkerProcess {
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

export function startWorkerProcess(o: {
  taskQueue: string;
  temporalAddress: string;
  databaseUrl: string;
  env?: NodeJS.ProcessEnv;
}): WorkerProcess {
  const child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'worker', 'main.js')], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: o.temporalAddress,
      DATABASE_URL: o.databaseUrl,
      TEMPORAL_TASK_QUEUE: o.taskQueue,
      WORKFLOW_BUNDLE_PATH: process.env.WORKFLOW_BUNDLE_PATH!,
      LOG_LEVEL: 'warn',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    output: () => out,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill(signal);
      await exited;
    },
  };
}
