import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { connectDatabase } from '../../db/connect';
import { projectRoot, resolveTemporalCli } from '../../stack/temporalCli';
import { startDevServer } from '../../stack/temporalServer';
import { startEmbeddedDatabase } from '../../stack/embeddedDatabase';
import { freePort } from '../../stack/processes';
import { testDataDir } from './paths';
import { prepareTestDatabase } from './testDatabase';

/**
 * One real Temporal dev server and one real PostgreSQL for the whole run (or TEMPORAL_ADDRESS / DATABASE_URL when
 * given), migrated, plus the workflow bundle every test worker loads. Test files isolate themselves by task queue.
 */
export default async function globalSetup(): Promise<void> {
  const dir = testDataDir();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const stops: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  (globalThis as { __stackStops?: typeof stops }).__stackStops = stops;

  const [temporalPort, uiPort, pgPort] = await Promise.all([freePort(), freePort(), freePort()]);
  if (!process.env.TEMPORAL_ADDRESS) {
    const cliPath = resolveTemporalCli(process.env.TEMPORAL_CLI_PATH);
    process.env.TEMPORAL_CLI_PATH = cliPath;
    const server = await startDevServer({
      cliPath,
      dataDir: path.join(dir, 'temporal'),
      port: temporalPort,
      uiPort,
      namespace: 'default',
      quiet: true,
    });
    stops.push(server.stop);
    process.env.TEMPORAL_ADDRESS = server.address;
  }
  if (!process.env.DATABASE_URL) {
    const db = await startEmbeddedDatabase({ dataDir: dir, port: pgPort });
    stops.push(db.stop);
    process.env.DATABASE_URL = db.url;
    process.env.TEST_EMBEDDED_PG_PORT = String(pgPort);
  }
  const sql = connectDatabase(process.env.DATABASE_URL, { max: 2 });
  await prepareTestDatabase(sql);
  await sql.end();

  // Tests that run the product's own processes (npm start, worker crashes) need the compiled entries. Type errors are
  // `npm run typecheck`'s to report; tsc emits regardless, so only a missing output stops the run here.
  spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: projectRoot(),
    stdio: 'ignore',
  });
  if (!fs.existsSync(path.join(projectRoot(), 'dist', 'worker', 'main.js')))
    throw new Error('the build produced no dist/worker/main.js');

  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, code);
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
}

const noop = () => undefined;
const quietLogger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: (m: string) => process.stderr.write(`${m}\n`),
  log: noop,
};
