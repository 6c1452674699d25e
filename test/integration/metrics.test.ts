import { randomBytes } from 'node:crypto';
import { startAnotherApi, startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';
import { LADDER, oneDeadlineCalendar } from '../support/oneDeadline';
import { startWorkerProcess, type WorkerProcess } from '../support/workerProcess';
import { sampleValue } from '../support/prometheus';
import { freePort } from '../../stack/processes';
import { createOwnDatabase } from '../support/testDatabase';
import type { ApiServer } from '../../api/server';

/**
 * The series docs/OPERATIONS.md documents, read the way Prometheus reads them: GET /metrics of the real worker process
 * and of the API. The counts they must show are the rows the run left in the database.
 */
/** How Prometheus is configured to scrape (docs/OPERATIONS.md): `authorization: {credentials: <METRICS_TOKEN>}`. */
const METRICS_TOKEN = randomBytes(24).toString('base64url');

describe('/metrics', () => {
  let h: Harness;
  let http: HttpClient;
  let bureau: string;
  let worker: WorkerProcess;
  let workerMetrics: string;
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;

  beforeAll(async () => {
    // A database of its own: a worker's outbox relay dispatches every notification its database has queued, and
    // another test file's campaign that left one queued would be delivered, and counted, by this file's worker.
    database = await createOwnDatabase('metrics');
    h = await startHarness({ worker: false, databaseUrl: database.url, metrics: { METRICS_TOKEN } });
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const port = await freePort();
    worker = startWorkerProcess({
      taskQueue: h.taskQueue,
      temporalAddress: h.temporalAddress,
      databaseUrl: h.databaseUrl,
      env: { WORKER_METRICS_PORT: String(port), HOST: '127.0.0.1', METRICS_TOKEN },
    });
    workerMetrics = `http://127.0.0.1:${port}/metrics`;
  });
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await h?.close();
    await database?.drop();
  });

  const scrape = async (url: string) => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  test("the worker counts each reminder, escalation and delivery the database records, beside the SDK's own series", async () => {
    const n = 3;
    // The counters are the process's: other test files' workers in this jest process counted before this one.
    const before = await eventually(
      'the worker to serve /metrics',
      () => scrape(workerMetrics).catch(() => null),
      30_000,
    );
    const grown = (text: string, name: string, labels: Record<string, string>) =>
      (sampleValue(text, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);
    const id = await createCampaign(http, bureau, {
      agencies: agencies(n),
      calendar: oneDeadlineCalendar(Date.now() + 4000, 10),
      policy: LADDER,
    });
    // LADDER: two reminders, then overdue and a supervision notice, for D1 of each agency
    const steps = await eventually(
      'every step of every agency',
      async () => {
        const rows = await h.sql<
          { type: string; step: string }[]
        >`select type, step from deadline_events where campaign_id = ${id}`;
        return rows.length === n * 4 && rows;
      },
      150_000,
    );
    // Every notification of the campaign settled (no outbox row and no delivery still pending), and the worker's count
    // caught up with the deliveries the database records: on a loaded machine, and on the real server, a delivery's
    // row may be committed a moment before or after another notification is planned, so the two are compared until
    // they agree (a count that runs ahead of the database never does).
    let text = '';
    let delivered = 0;
    await eventually(
      'the delivery count to match the database',
      async () => {
        const [r] = await h.sql<{ pending: number; delivered: number; unsettled: number }[]>`
        select count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'delivered')::int as delivered,
          (select count(*)::int from deadline_events e where e.campaign_id = ${id} and not e.missed
             and not exists (select 1 from outbox o where o.event_id = e.id and o.status <> 'pending'))
          + (select count(*)::int from outbox o where o.campaign_id = ${id} and o.status = 'pending') as unsettled
        from notification_deliveries where campaign_id = ${id} and channel = 'inbox'`;
        if (!(r.delivered > 0 && r.pending === 0 && r.unsettled === 0)) return false;
        const scraped = await scrape(workerMetrics).catch(() => null);
        if (!scraped) return false;
        text = scraped;
        delivered = r.delivered;
        return (
          grown(text, 'campaign_notification_deliveries_total', { channel: 'inbox', outcome: 'delivered' }) ===
          delivered
        );
      },
      150_000,
    ).catch(() => undefined);

    expect(text).not.toBe('');
    expect(grown(text, 'campaign_reminders_total', { outcome: 'recorded' })).toBe(
      steps.filter((s) => s.type === 'reminder').length,
    );
    expect(steps.filter((s) => s.type === 'reminder')).toHaveLength(2 * n);
    expect(grown(text, 'campaign_escalations_total', { step: 'overdue', outcome: 'recorded' })).toBe(n);
    expect(grown(text, 'campaign_escalations_total', { step: 'supervision_notice', outcome: 'recorded' })).toBe(n);
    expect(grown(text, 'campaign_step_lateness_seconds_count', { type: 'reminder' })).toBe(2 * n);
    expect(grown(text, 'campaign_notification_deliveries_total', { channel: 'inbox', outcome: 'delivered' })).toBe(
      delivered,
    );
    // the Temporal SDK's runtime series, served on the same port
    expect(
      sampleValue(text, 'temporal_num_pollers', { poller_type: 'workflow_task', task_queue: h.taskQueue }),
    ).toBeGreaterThan(0);
    expect(text).toMatch(/^temporal_activity_execution_latency_count\{.*activity_type="startAgencyWorkflows"/m);
    expect(sampleValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  }, 360_000);

  test('the API counts and times requests by route pattern and status', async () => {
    const before =
      sampleValue(await scrape(`${h.api.url}/metrics`), 'http_requests_total', {
        method: 'GET',
        route: '/v1/campaigns/:id',
        status: '404',
      }) ?? 0;
    for (let i = 0; i < 3; i++) expect((await http.get(`/v1/campaigns/c-missing-${i}`, bureau)).status).toBe(404);
    const text = await scrape(`${h.api.url}/metrics`);
    expect(sampleValue(text, 'http_requests_total', { method: 'GET', route: '/v1/campaigns/:id', status: '404' })).toBe(
      before + 3,
    );
    expect(
      sampleValue(text, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/campaigns/:id',
        status: '404',
      }),
    ).toBe(before + 3);
    expect(sampleValue(text, 'http_requests_total', { method: 'POST', route: '/v1/campaigns', status: '201' })).toBe(1);
    // ids never become labels
    expect(text).not.toContain('c-missing-');
  });

  test('only a scrape with the token is answered; without either setting /metrics is served nowhere; METRICS_PORT serves it apart', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${METRICS_TOKEN}`]) {
      const res = await fetch(`${h.api.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('http_requests_total');
    }
    // the worker's listener asks for the same token
    expect((await fetch(workerMetrics)).status).toBe(401);

    const extra: ApiServer[] = [];
    const another = async (metrics: { METRICS_TOKEN?: string; METRICS_PORT?: number }) => {
      const api = await startAnotherApi(h, { config: metrics });
      extra.push(api);
      return api;
    };
    try {
      // by default: not on the API's port, and no other listener
      const plain = await another({});
      expect(plain.metricsUrl).toBeNull();
      expect((await fetch(`${plain.url}/metrics`)).status).toBe(404);
      // METRICS_PORT: a listener of its own (loopback), and nothing on the API's port even with the token
      const apart = await another({ METRICS_PORT: await freePort() });
      expect(
        (await fetch(`${apart.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status,
      ).toBe(404);
      expect(apart.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(apart.metricsUrl).not.toContain(new URL(apart.url).port);
      const scraped = await fetch(apart.metricsUrl!);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('http_requests_total');
    } finally {
      for (const api of extra) await api.close();
    }
  });
});
