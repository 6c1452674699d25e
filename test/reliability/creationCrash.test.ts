import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { projectRoot } from '../../stack/temporalCli';
import { useHarness } from '../support/harness';
import { httpClient } from '../support/http';
import { SECONDS_POLICY, agencies, createCampaign, createKey, eventually, openCalendar } from '../support/campaigns';

/**
 * The API process killed between accepting a creation and answering it (a ledger item, a complaint): the workflow is
 * started first and writes its own row, so after the restart there is no row without a workflow and no workflow
 * without its row, and the client's retry under the same Idempotency-Key is answered with the one object.
 */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('the API killed between accepting a creation and answering it', () => {
  const t = useHarness();
  const [agency] = agencies(1);
  let temporal: Client;
  let connection: Connection;

  beforeAll(async () => {
    connection = await Connection.connect({ address: t.h.temporalAddress });
    temporal = new Client({ connection });
  });
  afterEach(async () => {
    if (!t.h.worker) await t.h.startWorker(); // a failed test leaves the next one its worker
  });
  afterAll(() => connection?.close());

  /** The production API entry as a child process, on this file's task queue, with no worker of its own. */
  async function startApiProcess() {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'api', 'main.js')], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: t.h.temporalAddress,
        DATABASE_URL: t.h.databaseUrl,
        TEMPORAL_TASK_QUEUE: t.h.taskQueue,
        BOOTSTRAP_ADMIN_TOKEN: t.h.adminToken,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const http = httpClient(`http://127.0.0.1:${port}`);
    await eventually('the API process', async () => (await http.get('/openapi.json').catch(() => ({ status: 0 }))).status === 200, 60_000);
    return {
      http,
      async kill() {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGKILL');
        await exited;
      },
    };
  }

  const workflowsOf = async (type: string) => {
    const ids: string[] = [];
    for await (const w of temporal.workflow.list({ query: `WorkflowType = '${type}' AND TaskQueue = '${t.h.taskQueue}'` })) ids.push(w.workflowId);
    return ids;
  };

  /**
   * Sends the creation to an API process with no worker running, waits until its workflow is started (its row cannot
   * be written yet), kills the process, brings the worker back and retries under the same key on another API.
   */
  async function crashMidCreation(o: { type: string; path: string; body: unknown; token?: string; key: string }) {
    await t.h.worker?.stop();
    const api = await startApiProcess();
    const before = await workflowsOf(o.type);
    const lost = api.http.post(o.path, o.body, o.token, { 'idempotency-key': o.key }).catch((err: unknown) => err);
    const [started] = await eventually('the workflow started by the request', async () => {
      const fresh = (await workflowsOf(o.type)).filter((id) => !before.includes(id));
      return fresh.length ? fresh : null;
    });
    await api.kill();
    expect(await lost).toMatchObject({ message: 'fetch failed' }); // the answer never came
    if (!t.h.worker) await t.h.startWorker();
    // The claim of the killed request is taken over once it is older than the takeover window (5 minutes): aged here.
    await t.h.sql`update idempotency_keys set claimed_at = now() - interval '10 minutes' where idempotency_key = ${o.key}`;
    const retried = await t.http.post(o.path, o.body, o.token, { 'idempotency-key': o.key });
    expect(retried.status).toBe(201);
    const after = (await workflowsOf(o.type)).filter((id) => !before.includes(id));
    expect(after).toEqual([started]); // one workflow, the one the lost request started
    return { retried, workflowId: started };
  }

  test('a ledger item: its workflow writes its row after the crash, and the retry answers with that item', async () => {
    const agencyKey = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: agency.id });
    const campaignId = await createCampaign(t.http, t.bureau, { agencies: [agency], calendar: openCalendar(), policy: { ...SECONDS_POLICY, itemDue: { immediate: 'PT1H', disciplinary_lead: 'PT1H' } } });
    await eventually('the agency workflow', async () => (await t.http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}`, t.bureau)).body.started, 60_000);
    const description = `崩溃中途登记的问题 ${Date.now()}`;
    const { retried, workflowId } = await crashMidCreation({
      type: 'ledgerItemWorkflow',
      path: `/v1/campaigns/${campaignId}/agencies/${agency.id}/items`,
      body: { checklistCode: 'B4', source: 'petition_report', description, severity: 'general', classification: 'immediate' },
      token: agencyKey,
      key: `item-crash-${Date.now()}`,
    });
    expect(workflowId).toBe(`item/${retried.body.id}`);
    const rows = await t.h.sql<{ id: string }[]>`select id from ledger_items where description = ${description}`;
    expect(rows.map((r) => r.id)).toEqual([retried.body.id]);
    // no row of the campaign without its workflow
    for (const r of await t.h.sql<{ id: string }[]>`select id from ledger_items where campaign_id = ${campaignId}`) {
      await expect(temporal.workflow.getHandle(`item/${r.id}`).describe()).resolves.toBeTruthy();
    }
  });

  test('a complaint: its workflow writes its row after the crash, and the retry answers with the one tracking code', async () => {
    const description = `崩溃中途受理的举报 ${Date.now()}`;
    const { retried, workflowId } = await crashMidCreation({
      type: 'complaintWorkflow',
      path: '/v1/complaints',
      body: { channel: 'web', kind: 'inaction', agencyId: agency.id, description, contact: { phone: '13900000000' } },
      key: `complaint-crash-${Date.now()}`,
    });
    const rows = await t.h.sql<{ id: string; tracking_code: string }[]>`select id, tracking_code from complaints where description = ${description}`;
    expect(rows).toHaveLength(1);
    expect(workflowId).toBe(`complaint/${rows[0].id}`);
    expect(retried.body.trackingCode).toBe(rows[0].tracking_code);
    expect(await t.h.sql`select 1 from complaint_contacts where complaint_id = ${rows[0].id}`).toHaveLength(1);
  });
});
