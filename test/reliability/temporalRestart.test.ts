import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';
import { ownTemporalStarter, type OwnTemporal } from '../support/ownTemporal';
import { LADDER, LADDER_STEPS, oneDeadlineCalendar } from '../support/oneDeadline';

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
    const base = Date.now() + 4000;
    const id = await createCampaign(http, bureau, { agencies: agencies(5), calendar: oneDeadlineCalendar(base, 10), policy: LADDER });
    await eventually('the agencies to run', async () => (await http.get(`/v1/campaigns/${id}`, bureau)).body.workflow?.fanOutDone);
    await server.stop();
    // Down across the two reminders and the overdue step.
    await eventually('three steps to fall due', async () => Date.now() > base + 11_000, 30_000);
    server = await start();
    const rows = await eventually('every step of every agency', async () => {
      const r = await h.sql<{ agency_id: string; step: string }[]>`select agency_id, step from deadline_events where campaign_id = ${id} order by agency_id, id`;
      return r.length >= 5 * LADDER_STEPS.length && r;
    }, 90_000);
    expect(rows).toHaveLength(5 * LADDER_STEPS.length);
    for (const a of agencies(5)) expect(rows.filter((r) => r.agency_id === a.id).map((r) => r.step)).toEqual(LADDER_STEPS);
  }, 150_000);
});
