import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';
import { startWorkerProcess, type WorkerProcess } from '../support/workerProcess';
import { LADDER, LADDER_STEPS, oneDeadlineCalendar } from '../support/oneDeadline';

describe('two worker processes on one task queue', () => {
  let h: Harness;
  let http: HttpClient;
  let bureau: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    h = await startHarness({ worker: false });
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    for (let i = 0; i < 2; i++)
      workers.push(
        startWorkerProcess({ taskQueue: h.taskQueue, temporalAddress: h.temporalAddress, databaseUrl: h.databaseUrl }),
      );
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    await h.close();
  });

  test('produce the same results as one: every step once, in order, neither process failing', async () => {
    const n = 60;
    const id = await createCampaign(http, bureau, {
      agencies: agencies(n),
      calendar: oneDeadlineCalendar(Date.now() + 6000, 10),
      policy: LADDER,
    });
    const rows = await eventually(
      'every step of every agency',
      async () => {
        const r = await h.sql<
          { agency_id: string; step: string }[]
        >`select agency_id, step from deadline_events where campaign_id = ${id} order by agency_id, id`;
        return r.length >= n * LADDER_STEPS.length && r;
        // generous: on the real Temporal server of a loaded machine (test:cluster) 120 s was twice not enough
      },
      240_000,
    );
    expect(rows).toHaveLength(n * LADDER_STEPS.length);
    for (const a of agencies(n))
      expect(rows.filter((r) => r.agency_id === a.id).map((r) => r.step)).toEqual(LADDER_STEPS);
    // Both processes were alive throughout (neither crashed on the other's work).
    for (const w of workers) expect(w.child.exitCode).toBeNull();
  }, 300_000);
});
