import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../stack/processes';
import { projectRoot } from '../../stack/temporalCli';
import { httpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';

/** The README's first command, as a user runs it: the compiled `npm start` entry with embedded defaults. */
describe('npm start', () => {
  const root = projectRoot();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaigns-start-'));
  let env: NodeJS.ProcessEnv;
  let port: number;

  beforeAll(async () => {
    const [p, temporalPort, uiPort, pgPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    port = p;
    env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort), EMBEDDED_POSTGRES_PORT: String(pgPort), LOG_LEVEL: 'warn' };
    // The stack must bring its own services, not use the test run's.
    delete env.TEMPORAL_ADDRESS;
    delete env.DATABASE_URL;
    delete env.BOOTSTRAP_ADMIN_TOKEN;
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  function start(): { child: ChildProcess; output: () => string; ready: Promise<void> } {
    const child = spawn(process.execPath, [path.join(root, 'dist/scripts/start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const ready = eventually('the stack to print its URLs', async () => out.includes('Admin token'), 180_000).then(() => undefined);
    return { child, output: () => out, ready };
  }

  async function stop(child: ChildProcess) {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect([0, 130]).toContain(await exited); // 130: the conventional status after Ctrl-C
    // Nothing the stack started outlives it.
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(dataDir));
    expect(left).toEqual([]);
  }

  test('starts everything, prints the URLs, stops cleanly, and resumes the campaign on the next start', async () => {
    const first = start();
    await first.ready;
    const http = httpClient(`http://127.0.0.1:${port}`);
    expect(first.output()).toMatch(/API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(first.output()).toMatch(/Temporal UI\s+http:\/\/127\.0\.0\.1:\d+/);
    const adminToken = /Admin token\s+(\S+)/.exec(first.output())![1];
    expect((await http.get('/healthz')).status).toBe(200);
    const bureau = await createKey(http, adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const id = await createCampaign(http, bureau, { agencies: agencies(3) });
    await eventually('the agencies to run', async () => (await http.get(`/v1/campaigns/${id}`, bureau)).body.workflow?.agenciesStarted === 3);
    await stop(first.child);

    const second = start();
    await second.ready;
    expect(/Admin token\s+(\S+)/.exec(second.output())![1]).toBe(adminToken);
    const again = await http.get(`/v1/campaigns/${id}`, bureau);
    expect(again.status).toBe(200);
    expect(again.body.agencies.total).toBe(3);
    const agency = await http.get(`/v1/campaigns/${id}/agencies/agency-002?live=true`, bureau);
    expect(agency.body.readFrom).toBe('live'); // its workflow is still running
    await stop(second.child);
  }, 400_000);
});
