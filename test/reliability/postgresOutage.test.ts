import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { LADDER, LADDER_STEPS, oneDeadlineCalendar } from '../support/oneDeadline';

/**
 * The product reaches the run's PostgreSQL through a proxy the test cuts for longer than an activity's first retries:
 * to the API and the worker that is the database gone (connections refused and dropped), and then back.
 */
describe('a Postgres outage', () => {
  let db: TcpProxy;
  let h: Harness;
  let http: HttpClient;
  let bureau: string;

  beforeAll(async () => {
    const real = new URL(process.env.DATABASE_URL!);
    db = await startTcpProxy({ host: real.hostname, port: Number(real.port) });
    real.port = String(db.port);
    h = await startHarness({ databaseUrl: real.toString() });
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
  });
  afterAll(async () => {
    await db.restore().catch(() => undefined);
    await h?.close();
    await db.close();
  });

  test('healthz names Postgres, writes answer 503 and leave nothing behind, and every step is recorded once when it returns', async () => {
    const base = Date.now() + 5000;
    const id = await createCampaign(http, bureau, {
      agencies: agencies(5),
      calendar: oneDeadlineCalendar(base, 10),
      policy: LADDER,
    });
    await eventually(
      'the agencies to run',
      async () => (await http.get(`/v1/campaigns/${id}`, bureau)).body.workflow?.fanOutDone,
    );
    await db.cut();

    const health = await http.get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ postgres: 'unavailable', temporal: 'ok' });
    // Down across the reminders, the overdue step and beyond the activities' first retries.
    await eventually('the steps to fall due', async () => Date.now() > base + 14_000, 30_000);
    // A write while every activity's retry has been failing against the same database: the answer is "unavailable",
    // and promptly (the pool once queued it behind reconnect waits of up to 20 s each, for 20 s to 2 min), never a 500.
    // Authentication needs the database too.
    const name = `outage-${Date.now()}`;
    const asked = Date.now();
    const write = await http.post(
      '/v1/campaigns',
      { name, jurisdiction: { id: 'zhongwei', name: '中卫市' }, agencies: agencies(1) },
      bureau,
    );
    expect({ status: write.status, code: write.body.error?.code }).toEqual({ status: 503, code: 'unavailable' });
    expect(Date.now() - asked).toBeLessThan(10_000);
    await db.restore();
    await eventually('healthz to recover', async () => (await http.get('/healthz')).status === 200, 30_000);
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
    const [{ n }] = await h.sql<{ n: number }[]>`select count(*)::int as n from campaigns where name = ${name}`;
    expect(n).toBe(0);
  }, 240_000); // the sum of its waits' bounds: a wait that runs out names itself
});
