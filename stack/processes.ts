import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A free TCP port on loopback, for servers the tests start beside a running stack. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether `host:port` can be listened on right now: false when any other socket holds it. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function waitFor<T>(what: string, attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(
    `${what} did not become ready within ${timeoutMs / 1000}s: ${String((last as Error)?.message ?? last)}`,
  );
}

/**
 * Spawns a child in its own process group (and session) so that stopping it stops everything it started, and so
 * that neither Ctrl-C nor a closed terminal reaches it before its parent has decided the order of the stop.
 * `ipc` opens a channel a Node child watches: it closes when the parent dies, however it dies.
 */
export function spawnGroup(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; quiet?: boolean; ipc?: boolean } = {},
): ChildProcess {
  const out = options.quiet ? 'ignore' : 'inherit';
  return spawn(command, args, {
    env: options.env ?? process.env,
    detached: true,
    stdio: options.ipc ? ['ignore', out, out, 'ipc'] : ['ignore', out, out],
  });
}

/** The grace a child gets between SIGTERM and SIGKILL: the dev server has been seen ignoring SIGTERM for 6 s. */
export const STOP_GRACE_MS = 5_000;

/** SIGTERM to the child's group, then SIGKILL if it lingers past the grace. */
export async function stopGroup(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * A Node child of a supervisor (`npm start`) runs `stop` — which ends in process.exit — when the supervisor's IPC
 * channel closes: the supervisor exited or was killed, even by SIGKILL. Should the stop hang (its servers may be
 * going at the same moment), the process exits anyway after the grace. No-op for a process started without a channel.
 */
export function exitWhenParentGoes(stop: () => void, graceMs = STOP_GRACE_MS): void {
  if (!process.send) return;
  const go = () => {
    setTimeout(() => process.exit(1), graceMs).unref();
    stop();
  };
  if (process.connected) process.once('disconnect', go);
  else go(); // it went while this process was still starting
}

/** Set by a supervisor on the children it spawns before their services are up (see goAhead). */
const WAIT_FOR_GO = 'STACK_WAIT_FOR_GO';
export const waitForGoEnv = { [WAIT_FOR_GO]: '1' };

/**
 * A child spawned early (so that its modules load while the servers start) waits here for its supervisor's `go`,
 * whose settings — known only once the servers are up — it adds to its environment. It exits if the supervisor goes
 * first. A process not spawned that way goes on at once.
 */
export function supervisorGo(): Promise<void> {
  if (!process.send || process.env[WAIT_FOR_GO] !== '1') return Promise.resolve();
  return new Promise((resolve) => {
    const gone = () => process.exit(1);
    const onMessage = (message: unknown) => {
      if (!message || typeof message !== 'object' || !('go' in message)) return;
      Object.assign(process.env, (message as { go: Record<string, string> }).go);
      process.off('message', onMessage);
      process.off('disconnect', gone);
      resolve();
    };
    process.on('message', onMessage);
    process.once('disconnect', gone);
  });
}

/** The supervisor's side of supervisorGo. */
export function sendGo(child: ChildProcess, settings: Record<string, string>): void {
  child.send({ go: settings });
}
