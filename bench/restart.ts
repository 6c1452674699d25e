/**
 * `npm run build && node dist/bench/restart.js [--runs N]`: how long a restart of `npm start` with nothing changed
 * takes to print "running" — the build step included (`npm run build`, which then builds nothing) — in one data dir
 * that a first start has already set up. Prints a Markdown table and the machine; docs/BENCHMARKS.md and the README
 * quote it. Ports are free ones, so it runs beside anything else.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../stack/processes';
import { projectRoot } from '../stack/temporalCli';
import { printMachine, printTable } from './machine';

async function startOnce(env: NodeJS.ProcessEnv): Promise<{ seconds: number; stop: () => Promise<void> }> {
  const t0 = Date.now();
  // What `npm start` runs, without npm's own start-up: the build, then the start.
  const child = spawn('sh', ['-c', 'npm run --silent build >/dev/null && exec node dist/scripts/start.js'], {
    cwd: projectRoot(),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const seconds = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('is running')) resolve((Date.now() - t0) / 1000);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before running:\n${out}`)));
  });
  return {
    seconds,
    stop: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}

async function main() {
  const i = process.argv.indexOf('--runs');
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 3;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-restart-'));
  const [port, temporalPort, uiPort, pgPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    EMBEDDED_POSTGRES_PORT: String(pgPort),
    LOG_LEVEL: 'warn',
  };
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'WORKFLOW_BUNDLE_PATH']) delete env[name];
  printMachine();
  try {
    const rows: Record<string, string | number>[] = [];
    for (let run = 0; run <= runs; run++) {
      const started = await startOnce(env);
      rows.push({
        start: run === 0 ? 'first (new data dir)' : `restart ${run}`,
        'seconds to running': started.seconds,
      });
      await started.stop();
    }
    printTable('npm start: seconds to "running", nothing changed', rows);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
