import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../stack/processes';
import { httpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';
import { alive, processesOf, runSupervisor, type SupervisorRun } from '../support/supervisor';

/** The README's first command, as a user runs it: the compiled `npm start` entry with embedded defaults. */
describe('npm start', () => {
  const dataDirs: string[] = [];
  afterAll(() => dataDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  /** A data dir of its own and free ports for one test's stack; the stack must bring its own services. */
  async function stack() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaigns-start-'));
    dataDirs.push(dataDir);
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
    delete env.TEMPORAL_ADDRESS;
    delete env.DATABASE_URL;
    delete env.BOOTSTRAP_ADMIN_TOKEN;
    return { dataDir, env, port, temporalPort, http: httpClient(`http://127.0.0.1:${port}`) };
  }

  const start = (env: NodeJS.ProcessEnv) => runSupervisor('dist/scripts/start.js', env, 180_000);

  async function stopCleanly(run: SupervisorRun, dataDir: string) {
    run.child.kill('SIGINT');
    expect([0, 130]).toContain(await run.exited); // 130: the conventional status after Ctrl-C
    // Nothing the stack started outlives it (the watchdog leaves on its own once its channel closes).
    await eventually(
      'every process of the data dir to end',
      async () => processesOf(dataDir).length === 0,
      15_000,
    ).catch(() => undefined);
    expect(processesOf(dataDir)).toEqual([]);
  }

  test('starts everything, prints the URLs, stops cleanly, and resumes the campaign on the next start', async () => {
    const s = await stack();
    const first = start(s.env);
    await first.ready;
    expect(first.output()).toMatch(/API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(first.output()).toMatch(/Temporal UI\s+http:\/\/127\.0\.0\.1:\d+/);
    const adminToken = /Admin token\s+(\S+)/.exec(first.output())![1];
    // A second start on the same data dir refuses, and leaves the running one alone.
    const twin = start(s.env);
    expect(await twin.exited).toBe(1);
    expect(twin.output()).toContain(`another npm start (pid ${first.child.pid}) is running with DATA_DIR ${s.dataDir}`);
    // Ready means ready: the worker polls by the time the banner is out.
    expect((await s.http.get('/healthz')).body).toEqual({ status: 'ok', temporal: 'ok', postgres: 'ok', worker: 'ok' });
    // The printed dashboard URL as curl asks for it (Accept: */*) is the page, not the API's JSON 404.
    const page = await fetch(`http://127.0.0.1:${s.port}/`, { headers: { accept: '*/*' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<div id="root">');
    const bureau = await createKey(s.http, adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const id = await createCampaign(s.http, bureau, { agencies: agencies(3) });
    await eventually(
      'the agencies to run',
      async () => (await s.http.get(`/v1/campaigns/${id}`, bureau)).body.workflow?.agenciesStarted === 3,
    );
    await stopCleanly(first, s.dataDir);

    const second = start(s.env);
    await second.ready;
    expect(/Admin token\s+(\S+)/.exec(second.output())![1]).toBe(adminToken);
    const again = await s.http.get(`/v1/campaigns/${id}`, bureau);
    expect(again.status).toBe(200);
    expect(again.body.agencies.total).toBe(3);
    const agency = await s.http.get(`/v1/campaigns/${id}/agencies/${agencies(3)[1].id}?live=true`, bureau);
    expect(agency.body.readFrom).toBe('live'); // its workflow is still running
    await stopCleanly(second, s.dataDir);
  }, 500_000);

  test('SIGKILLed mid-run, it leaves no child running; a start finding leftovers stops them; the campaign is still there', async () => {
    const s = await stack();
    const first = start(s.env);
    await first.ready;
    const adminToken = /Admin token\s+(\S+)/.exec(first.output())![1];
    const bureau = await createKey(s.http, adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const id = await createCampaign(s.http, bureau, { agencies: agencies(2) });
    await eventually(
      'the agencies to run',
      async () => (await s.http.get(`/v1/campaigns/${id}`, bureau)).body.workflow?.agenciesStarted === 2,
    );

    const children = processesOf(s.dataDir);
    // The watchdog, the dev server, PostgreSQL, the worker and the API.
    expect(children.map((c) => c.args).join('\n')).toEqual(expect.stringContaining('watchdog'));
    expect(children.some((c) => c.args.includes('temporal server start-dev'))).toBe(true);
    expect(children.some((c) => /postgres -D/.test(c.args))).toBe(true);
    expect(children.some((c) => c.args.includes('worker/main.js'))).toBe(true);
    expect(children.some((c) => c.args.includes('api/main.js'))).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    // "A few seconds": each child's grace (5 s) between SIGTERM and SIGKILL, and room for a loaded machine.
    await eventually(
      'every child of the killed start to end',
      async () => children.every((c) => !alive(c.pid)),
      15_000,
    ).catch(() => undefined);
    expect(children.filter((c) => alive(c.pid))).toEqual([]);
    process.stdout.write(
      `children of the SIGKILLed start were gone ${((Date.now() - killedAt) / 1000).toFixed(1)} s after it\n`,
    );

    const second = start(s.env);
    await second.ready;
    expect(second.output()).not.toMatch(/address already in use|start failed/);
    const again = await s.http.get(`/v1/campaigns/${id}`, bureau);
    expect(again.status).toBe(200);
    expect(again.body.agencies.total).toBe(2);

    // Its watchdog killed first, a SIGKILLed start leaves the servers running: the next start stops them, says so in
    // one line, and goes on.
    const watchdog = processesOf(s.dataDir).find((c) => c.args.includes('watchdog'))!;
    process.kill(watchdog.pid, 'SIGKILL');
    second.child.kill('SIGKILL');
    await second.exited;
    const servers = processesOf(s.dataDir).filter(
      (c) => c.args.includes('temporal server start-dev') || /postgres -D/.test(c.args),
    );
    expect(servers).toHaveLength(2);
    const third = start(s.env);
    await third.ready;
    const said = third
      .output()
      .split('\n')
      .filter((l) => l.startsWith('stopped what an earlier start'));
    expect(said).toEqual([
      `stopped what an earlier start in ${s.dataDir} left running: ${servers
        .map((c) => `${/postgres -D/.test(c.args) ? 'postgres' : 'temporal'} (pid ${c.pid})`)
        .sort()
        .join(', ')}`,
    ]);
    expect(servers.filter((c) => alive(c.pid))).toEqual([]);
    expect((await s.http.get(`/v1/campaigns/${id}`, bureau)).body.agencies.total).toBe(2);
    await stopCleanly(third, s.dataDir);
  }, 600_000);

  test('a port held by another program is named with the variable that moves it, and nothing of another program is touched', async () => {
    const s = await stack();
    const listener = net.createServer((socket) => socket.end());
    await new Promise<void>((r) => listener.listen(s.temporalPort, '127.0.0.1', () => r()));
    // A record left under the data dir whose pid is now another program (pid reuse): it must not be killed.
    const bystander = spawn('sleep', ['300'], { stdio: 'ignore' });
    fs.mkdirSync(path.join(s.dataDir, 'run'), { recursive: true });
    fs.writeFileSync(
      path.join(s.dataDir, 'run', 'temporal.json'),
      JSON.stringify({
        name: 'temporal',
        pid: bystander.pid,
        marker: path.join(s.dataDir, 'temporal', 'temporal.sqlite'),
        group: false,
        owner: 2 ** 22 + 1,
        ownerScript: 'gone',
      }),
    );
    try {
      const run = start(s.env);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(
        `port ${s.temporalPort} is in use by another program: stop it, or set TEMPORAL_DEV_PORT to a free port`,
      );
      expect(run.output()).not.toMatch(/start failed|address already in use|\n\s+at /); // one line, no stack trace
      expect(listener.listening).toBe(true);
      expect(alive(bystander.pid!)).toBe(true);
      await eventually('the watchdog-free data dir', async () => processesOf(s.dataDir).length === 0, 15_000).catch(
        () => undefined,
      );
      expect(processesOf(s.dataDir)).toEqual([]);
    } finally {
      bystander.kill('SIGKILL');
      listener.close();
    }
  }, 120_000);
});
