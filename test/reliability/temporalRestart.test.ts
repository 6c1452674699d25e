import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import os from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';
import { ownTemporalStarter, type OwnTemporal } from '../support/ownTemporal';
import { LADDER, LADDER_STEPS, oneDeadlineCalendar } from '../support/oneDeadline';
import { workflowIds } from '../../domain/contract';

/** The Temporal server of this test's own (its data kept across the stop), so the test can stop and restart it. */
describe('a Temporal server restarted mid-campaign', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-restart-'));
  let server: OwnTemporal;
  let start: () => Promise<OwnTemporal>;
  let h: Harness;
  let http: HttpClient;
  let bureau: string;

  beforeAll(async () => {
    start = await ownTemporalStarter(dataDir);
    server = await start();
    h = await startHarness({ temporalAddress: server.address });
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
  });
  afterAll(async () => {
    await h.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('timers that fell due while it was down fire once it is back; nothing is lost or doubled', async () => {
    // D1 at base + 10 s, its first reminder at base + 4 s: room to start and settle first, on a slow machine too
    const base = Date.now() + 15_000;
    const id = await createCampaign(http, bureau, {
      agencies: agencies(5),
      calendar: oneDeadlineCalendar(base, 10),
      policy: LADDER,
    });
    await eventually(
      'the agencies to run',
      async () => (await http.get(`/v1/campaigns/${id}`, bureau)).body.workflow?.fanOutDone,
    );
    // Mid-campaign as a restart finds it: every agency sleeping on its timers (projected, no workflow task in flight),
    // not a first task still on its way back from the worker.
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      await eventually(
        'every agency asleep on its timers',
        async () => {
          const [{ n }] = await h.sql<
            { n: number }[]
          >`select count(*)::int as n from agencies where campaign_id = ${id} and state_version > 0`;
          if (n < 5) return false;
          const described = await Promise.all(
            agencies(5).map((a) => client.workflow.getHandle(workflowIds.agency(id, a.id)).describe()),
          );
          return described.every((d) => !d.raw.pendingWorkflowTask);
        },
        60_000,
      );
    } finally {
      await connection.close();
    }
    // nothing has fallen due yet: every step below falls while the server is down or after
    expect((await h.sql`select 1 from deadline_events where campaign_id = ${id}`).length).toBe(0);
    await server.stop();
    // Down across the two reminders and the overdue step.
    await eventually('three steps to fall due', async () => Date.now() > base + 11_000, 30_000);
    server = await start();
    const rows = await eventually(
      'every step of every agency',
      async () => {
        const r = await h.sql<
          { agency_id: string; step: string }[]
        >`select agency_id, step from deadline_events where campaign_id = ${id} order by agency_id, id`;
        return r.length >= 5 * LADDER_STEPS.length && r;
      },
      90_000,
    );
    expect(rows).toHaveLength(5 * LADDER_STEPS.length);
    for (const a of agencies(5))
      expect(rows.filter((r) => r.agency_id === a.id).map((r) => r.step)).toEqual(LADDER_STEPS);
  }, 150_000);
});
