import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';
import { LADDER, LADDER_STEPS, oneDeadlineCalendar } from '../support/oneDeadline';
import { startWorkerProcess, type WorkerProcess } from '../support/workerProcess';

describe('a worker killed (SIGKILL) during a reminder storm', () => {
  let h: Harness;
  let http: HttpClient;
  let bureau: string;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    h = await startHarness({ worker: false });
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
  });
  afterAll(async () => {
    await worker?.kill();
    await h.close();
  });

  test('every reminder and escalation is recorded exactly once, none missing, in order per subject', async () => {
    const n = 80;
    const procOpts = { taskQueue: h.taskQueue, temporalAddress: h.temporalAddress, databaseUrl: h.databaseUrl };
    worker = startWorkerProcess(procOpts);
    const base = Date.now() + 8000;
    const calendar = oneDeadlineCalendar(base, 10);
    const id = await createCampaign(http, bureau, { agencies: agencies(n), calendar, policy: LADDER });
    const count = async () =>
      (await h.sql<{ n: number }[]>`select count(*)::int as n from deadline_events where campaign_id = ${id}`)[0].n;

    // Kill it in the middle of the storm: some of the first reminders recorded, far from all.
    await eventually('the storm to begin', async () => (await count()) > 0, 60_000);
    await worker.kill('SIGKILL');
    const atKill = await count();
    expect(atKill).toBeLessThan(n * LADDER_STEPS.length);
    await new Promise((r) => setTimeout(r, 4000)); // down across the next step
    worker = startWorkerProcess(procOpts);

    await eventually('every step of every agency', async () => (await count()) === n * LADDER_STEPS.length, 150_000);
    const rows = await h.sql<{ agency_id: string; step: string; scheduled_for: Date; id: string }[]>`
      select agency_id, step, scheduled_for, id from deadline_events where campaign_id = ${id} order by agency_id, id`;
    const byAgency = new Map<string, string[]>();
    for (const r of rows) byAgency.set(r.agency_id, [...(byAgency.get(r.agency_id) ?? []), r.step]);
    expect(byAgency.size).toBe(n);
    for (const steps of byAgency.values()) expect(steps).toEqual(LADDER_STEPS); // once each, in ladder order
    // The workflows' own record agrees with the database: no step taken twice in their state either.
    // A reminder taken only after its deadline had passed (the worker was down across it) is recorded as missed and
    // sent to no one (docs/STEP_KINDS.md); every other step queues its notification once. Escalations are never missed.
    const [taken] = await h.sql<{ sent: number; missedEscalations: number }[]>`
      select count(*) filter (where not missed)::int as sent, count(*) filter (where missed and type <> 'reminder')::int as "missedEscalations"
      from deadline_events where campaign_id = ${id}`;
    expect(taken.missedEscalations).toBe(0);
    const [outbox] = await h.sql<{ n: number }[]>`select count(*)::int as n from outbox where campaign_id = ${id}`;
    expect(outbox.n).toBe(taken.sent);
    // The outbox relay died with the worker too: its successor dispatches every queued notification, each once.
    await eventually(
      'every notification dispatched and finished',
      async () => {
        const [left] = await h.sql<{ n: number }[]>`
        select count(*)::int as n from outbox where campaign_id = ${id} and (dispatched_at is null or status = 'pending')`;
        return left.n === 0;
      },
      120_000,
    );
    const [inbox] = await h.sql<{ messages: number; deliveries: number; delivered: number }[]>`
      select (select count(*)::int from inbox_messages where campaign_id = ${id}) as messages,
             count(*)::int as deliveries, count(*) filter (where status = 'delivered')::int as delivered
      from notification_deliveries where campaign_id = ${id} and channel = 'inbox'`;
    expect(inbox.deliveries).toBeGreaterThanOrEqual(taken.sent);
    expect(inbox).toEqual({ messages: inbox.deliveries, deliveries: inbox.deliveries, delivered: inbox.deliveries });
    const view = await http.get(`/v1/campaigns/${id}/agencies/${agencies(n)[49].id}?live=true`, bureau);
    expect(view.body.readFrom).toBe('live');
    const d1 = view.body.deliverables.find((d: { code: string }) => d.code === 'D1');
    expect(d1.taken.map((t: { step: string }) => t.step)).toEqual(LADDER_STEPS);
  }, 260_000);
});
