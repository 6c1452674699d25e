import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { projectRoot } from '../../stack/temporalCli';
import { useHarness } from '../support/harness';
import { httpClient } from '../support/http';
import {
  JURISDICTION,
  SECONDS_POLICY,
  agencies,
  compressedCalendar,
  createCampaign,
  createKey,
  eventually,
  openCalendar,
} from '../support/campaigns';

/**
 * The API process killed between accepting a creation and answering it (a campaign, a ledger item, a complaint, a
 * spot-check): the workflow is started first and writes its own rows (a spot-check, which has no workflow, is one row
 * written by one statement), so after the restart there is no row without a workflow and no workflow without its
 * row, and the client's retry under the same Idempotency-Key is answered with the one object.
 */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const HOUR = 3600;
/** Every phase under way (a spot-check may be drawn) and every deadline an hour or more ahead. */
const everyPhaseOpen = (nowMs = Date.now()) =>
  compressedCalendar(nowMs, {
    phases: [
      [-120, HOUR],
      [-120, 2 * HOUR],
      [-120, 3 * HOUR],
      [-60, 4 * HOUR],
    ],
    deadlines: { D1: HOUR, D2: HOUR, D3: HOUR, D4: 2 * HOUR, D5: 2 * HOUR, D6: 2 * HOUR, D7: 3 * HOUR, D8: 3 * HOUR },
    closesAt: 5 * HOUR,
  });

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
    await eventually(
      'the API process',
      async () => (await http.get('/openapi.json').catch(() => ({ status: 0 }))).status === 200,
      60_000,
    );
    return {
      http,
      async kill() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGKILL');
        await exited;
      },
    };
  }

  const workflowsOf = async (type: string) => {
    const ids: string[] = [];
    for await (const w of temporal.workflow.list({
      query: `WorkflowType = '${type}' AND TaskQueue = '${t.h.taskQueue}'`,
    }))
      ids.push(w.workflowId);
    return ids;
  };

  /** Every campaign of this file's bureau key has its workflow, and every campaign workflow of this file its row. */
  async function campaignsWhole() {
    const [bureauKey] = await t.h.sql<
      { created_by: string }[]
    >`select created_by from campaigns where id = ${firstCampaign}`;
    const rows = await t.h.sql<{ id: string }[]>`select id from campaigns where created_by = ${bureauKey.created_by}`;
    for (const r of rows)
      await expect(temporal.workflow.getHandle(`campaign/${r.id}`).describe()).resolves.toBeTruthy();
    const ids = new Set(rows.map((r) => r.id));
    for (const w of await workflowsOf('campaignWorkflow')) expect(ids.has(w.replace(/^campaign\//, ''))).toBe(true);
  }

  /** The file's first campaign, made before any crash: an item's and a spot-check's. */
  let firstCampaign = '';

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
    await t.h
      .sql`update idempotency_keys set claimed_at = now() - interval '10 minutes' where idempotency_key = ${o.key}`;
    const retried = await t.http.post(o.path, o.body, o.token, { 'idempotency-key': o.key });
    expect(retried.status).toBe(201);
    const after = (await workflowsOf(o.type)).filter((id) => !before.includes(id));
    expect(after).toEqual([started]); // one workflow, the one the lost request started
    return { retried, workflowId: started };
  }

  test('a ledger item: its workflow writes its row after the crash, and the retry answers with that item', async () => {
    const agencyKey = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: agency.id });
    const campaignId = await createCampaign(t.http, t.bureau, {
      agencies: [agency],
      calendar: everyPhaseOpen(),
      policy: { ...SECONDS_POLICY, itemDue: { immediate: 'PT1H', disciplinary_lead: 'PT1H' } },
    });
    firstCampaign = campaignId;
    await eventually(
      'the agency workflow',
      async () => (await t.http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}`, t.bureau)).body.started,
      60_000,
    );
    const description = `崩溃中途登记的问题 ${Date.now()}`;
    const { retried, workflowId } = await crashMidCreation({
      type: 'ledgerItemWorkflow',
      path: `/v1/campaigns/${campaignId}/agencies/${agency.id}/items`,
      body: {
        checklistCode: 'B4',
        source: 'petition_report',
        description,
        severity: 'general',
        classification: 'immediate',
      },
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
    const rows = await t.h.sql<
      { id: string; tracking_code: string }[]
    >`select id, tracking_code from complaints where description = ${description}`;
    expect(rows).toHaveLength(1);
    expect(workflowId).toBe(`complaint/${rows[0].id}`);
    expect(retried.body.trackingCode).toBe(rows[0].tracking_code);
    expect(await t.h.sql`select 1 from complaint_contacts where complaint_id = ${rows[0].id}`).toHaveLength(1);
  });

  test('a campaign: its workflow writes the campaign and its agencies after the crash, and the retry answers with that campaign', async () => {
    const name = `崩溃中途创建的专项整治 ${Date.now()}`;
    const five = agencies(6).slice(1);
    const { retried, workflowId } = await crashMidCreation({
      type: 'campaignWorkflow',
      path: '/v1/campaigns',
      body: { name, jurisdiction: JURISDICTION, agencies: five, calendar: openCalendar(), policy: SECONDS_POLICY },
      token: t.bureau,
      key: `campaign-crash-${Date.now()}`,
    });
    const id = retried.body.id as string;
    expect(workflowId).toBe(`campaign/${id}`);
    expect((await t.h.sql<{ id: string }[]>`select id from campaigns where name = ${name}`).map((r) => r.id)).toEqual([
      id,
    ]);
    const written = await t.h.sql<{ id: string }[]>`select id from agencies where campaign_id = ${id} order by id`;
    expect(written.map((a) => a.id)).toEqual(five.map((a) => a.id).sort());
    // the workflow goes on as any campaign's: it starts the agencies' workflows
    await eventually(
      'the agency workflows',
      async () => (await t.http.get(`/v1/campaigns/${id}`, t.bureau)).body.workflow?.fanOutDone,
      60_000,
    );
    await campaignsWhole();
  });

  test('a spot-check: the API killed after writing its row and before answering; the retry answers with the one sample', async () => {
    const key = `spot-check-crash-${Date.now()}`;
    const api = await startApiProcess();
    // The API's write of its answer (the Idempotency-Key's outcome) waits on a lock this test holds: the spot-check's
    // row is written, the answer is not, and the process dies there.
    const holder = await t.h.sql.reserve();
    await holder`select pg_advisory_lock(14014)`;
    await t.h.sql`create or replace function test_hold_answer() returns trigger language plpgsql as $$
      begin perform pg_advisory_xact_lock(14014); return new; end $$`;
    await t.h.sql.unsafe(`create trigger test_hold_answer before update on idempotency_keys for each row
      when (new.idempotency_key = '${key}' and new.status is not null) execute function test_hold_answer()`);
    try {
      const lost = api.http
        .post(`/v1/campaigns/${firstCampaign}/spot-checks`, { share: 1 }, t.bureau, { 'idempotency-key': key })
        .catch((err: unknown) => err);
      const [made] = await eventually('the spot-check row', async () => {
        const rows = await t.h.sql<
          { id: string; seed: string }[]
        >`select id, seed from spot_checks where campaign_id = ${firstCampaign}`;
        return rows.length ? rows : null;
      });
      await eventually(
        'the answer held',
        async () =>
          (
            await t.h
              .sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`
          ).length > 0,
      );
      await api.kill();
      expect(await lost).toMatchObject({ message: 'fetch failed' });
      // the dead API's statement is ended with it: its answer is never stored
      await t.h
        .sql`select pg_cancel_backend(pid) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`;
      await eventually(
        'the held statement ended',
        async () =>
          (
            await t.h
              .sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`
          ).length === 0,
      );
      expect(
        await t.h.sql`select 1 from idempotency_keys where idempotency_key = ${key} and status is null`,
      ).toHaveLength(1);
      await t.h
        .sql`update idempotency_keys set claimed_at = now() - interval '10 minutes' where idempotency_key = ${key}`;
      await t.h.sql`drop trigger test_hold_answer on idempotency_keys`;
      const retried = await t.http.post(`/v1/campaigns/${firstCampaign}/spot-checks`, { share: 1 }, t.bureau, {
        'idempotency-key': key,
      });
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull(); // answered by the handler, not a stored outcome
      // one spot-check, the first request's: its seed (drawn at random, as no seed was sent) and its sample
      expect(retried.body).toMatchObject({ id: made.id, seed: made.seed, sampled: [{ agencyId: agency.id }] });
      expect(await t.h.sql`select 1 from spot_checks where campaign_id = ${firstCampaign}`).toHaveLength(1);
    } finally {
      await t.h.sql`drop trigger if exists test_hold_answer on idempotency_keys`;
      await t.h.sql`drop function if exists test_hold_answer()`;
      await holder`select pg_advisory_unlock(14014)`;
      holder.release();
      await api.kill();
    }
  });
});
