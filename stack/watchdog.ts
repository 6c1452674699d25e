import { spawn } from 'node:child_process';
import { stopLeftovers } from './pidfiles';

/**
 * A tiny detached process beside a supervisor (`npm start`, `npm run start:cluster`): when the supervisor goes — its IPC channel closes, or
 * its pid stops answering — it stops every process the supervisor recorded under DATA_DIR/run (stack/pidfiles.ts)
 * and exits. It is what ends the dev server and PostgreSQL when the supervisor is SIGKILLed, OOM-killed or loses its
 * terminal; after a clean stop it finds nothing left to stop. Its own command line names the data dir.
 */
export function startWatchdog(dataDir: string): void {
  // It runs this very file in a plain `node`: only the compiled copy under dist/ will do.
  if (!__filename.endsWith('.js'))
    throw new Error(`startWatchdog runs the compiled watchdog; ${__filename} is not one (run from dist/)`);
  const child = spawn(process.execPath, [__filename, String(process.pid), dataDir], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // Neither the process nor its channel may keep the supervisor alive.
  child.unref();
  child.channel?.unref();
}

async function watch(parent: number, dataDir: string): Promise<void> {
  // In its own session already; a stray Ctrl-C or hang-up must still not end it before its work.
  for (const sig of ['SIGINT', 'SIGHUP'] as const) process.on(sig, () => undefined);
  await new Promise<void>((resolve) => {
    process.once('disconnect', resolve);
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        resolve();
      }
    }, 1000);
  });
  const stopped = await stopLeftovers(dataDir, { owner: parent });
  if (stopped.length > 0) {
    process.stderr.on('error', () => undefined); // the terminal may be gone with the supervisor
    process.stderr.write(
      `watchdog: its supervisor (npm start or start:cluster, pid ${parent}) is gone; stopped ${stopped.join(', ')}\n`,
    );
  }
  process.exit(0);
}

if (require.main === module) void watch(Number(process.argv[2]), process.argv[3]);
