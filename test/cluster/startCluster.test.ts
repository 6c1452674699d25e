import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { freePort, portIsFree } from '../../stack/processes';
import { eventually } from '../support/campaigns';
import { alive, processesOf, runSupervisor } from '../support/supervisor';

/**
 * `npm run start:cluster` as a user runs it (the compiled entry, embedded PostgreSQL, the real Temporal server), killed
 * the hard way: its watchdog must stop every child it recorded, as npm start's does (test/e2e/start.test.ts).
 */
describe('npm run start:cluster', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaigns-cluster-'));
  // 0700, as mkdtemp makes it: as root, the embedded PostgreSQL runs as `postgres`, who must still reach DATA_DIR/cluster
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** `count` consecutive free ports (the proxy and the APIs behind it; the two workers' metrics). */
  async function freeRun(count: number): Promise<number> {
    for (;;) {
      const first = await freePort();
      const ports = Array.from({ length: count }, (_, i) => first + i);
      if (ports.every((p) => p < 65_536) && (await Promise.all(ports.map((p) => portIsFree(p)))).every(Boolean))
        return first;
    }
  }

  // generous: the real server's first start creates its schemas, and the machine may be loaded
  const start = (env: NodeJS.ProcessEnv) => runSupervisor('dist/scripts/startCluster.js', env, 400_000);

  test('SIGKILLed once running, it leaves no child; the next start runs, and Ctrl-C stops everything', async () => {
    const [port, metricsPort, temporalPort, pgPort] = [
      await freeRun(3),
      await freeRun(2),
      await freePort(),
      await freePort(),
    ];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      WORKER_METRICS_PORT: String(metricsPort),
      TEMPORAL_DEV_PORT: String(temporalPort),
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
    };
    for (const k of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'BOOTSTRAP_ADMIN_TOKEN']) delete env[k];

    const first = start(env);
    await first.ready;
    const children = processesOf(dataDir);
    const args = children.map((c) => c.args);
    expect(args.filter((a) => a.includes('watchdog'))).toHaveLength(1);
    expect(args.filter((a) => a.includes('--allow-no-auth'))).toHaveLength(1); // the Temporal server
    expect(args.filter((a) => /postgres -D/.test(a))).toHaveLength(1);
    expect(args.filter((a) => a.includes('worker/main.js'))).toHaveLength(2);
    expect(args.filter((a) => a.includes('api/main.js'))).toHaveLength(2);
    // the server reads the product's dynamic config, as docker-compose's does (test/unit/compose.test.ts): one partition
    const dynamic = parse(
      fs.readFileSync(path.join(dataDir, 'cluster', 'temporal', 'config', 'dynamicconfig', 'cluster.yaml'), 'utf8'),
    );
    expect(dynamic['matching.numTaskqueueReadPartitions']).toEqual([{ value: 1, constraints: {} }]);
    expect(dynamic['matching.numTaskqueueWritePartitions']).toEqual([{ value: 1, constraints: {} }]);
    first.child.kill('SIGKILL');
    await first.exited;
    // each child's grace (5 s) between SIGTERM and SIGKILL, and room for a loaded machine
    await eventually(
      'every child of the killed start to end',
      async () => children.every((c) => !alive(c.pid)),
      60_000,
    ).catch(() => undefined);
    expect(children.filter((c) => alive(c.pid))).toEqual([]);

    const second = start(env);
    await second.ready;
    expect(second.output()).not.toMatch(/address already in use|start:cluster failed/);
    second.child.kill('SIGINT');
    expect([0, 130]).toContain(await second.exited);
    await eventually(
      'every process of the data dir to end',
      async () => processesOf(dataDir).length === 0,
      30_000,
    ).catch(() => undefined);
    expect(processesOf(dataDir)).toEqual([]);
  }, 900_000);
});
