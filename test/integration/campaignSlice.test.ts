import { useHarness } from '../support/harness';
import { SECONDS_POLICY, agencies, compressedCalendar, createCampaign, eventually } from '../support/campaigns';

describe('the first slice: HTTP → Temporal → Postgres', () => {
  const t = useHarness();

  test('healthz reports both backing services and the worker', async () => {
    // The harness's worker begins polling just after it starts.
    await eventually('the worker to poll', async () => (await t.http.get('/healthz')).body.worker === 'ok');
    const res = await t.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', temporal: 'ok', postgres: 'ok', worker: 'ok' });
  });

  test('the OpenAPI document lists the contract routes', async () => {
    const res = await t.http.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/v1/campaigns', '/v1/campaigns/{id}', '/v1/campaigns/{id}/events']),
    );
  });

  test('a campaign created over HTTP starts one workflow per agency and shows them in Postgres', async () => {
    const id = await createCampaign(t.http, t.bureau, {
      agencies: agencies(250),
      calendar: compressedCalendar(Date.now() + 3600_000),
      policy: SECONDS_POLICY,
    });
    const summary = await eventually('every agency workflow to be started', async () => {
      const res = await t.http.get(`/v1/campaigns/${id}`, t.bureau);
      return res.body.workflow?.fanOutDone && res.body;
    });
    expect(summary.workflow.agenciesStarted).toBe(250);
    expect(summary.agencies.total).toBe(250);
    expect(summary.phase).toBe('not_started');
    const projected = await eventually('every agency projection', async () => {
      const [{ n }] = await t.h.sql<
        { n: number }[]
      >`select count(*)::int as n from agencies where campaign_id = ${id} and state_version > 0`;
      return n === 250 && n;
    });
    expect(projected).toBe(250);
    const described = await eventually('the agency workflow to answer', async () => {
      const res = await t.http.get(`/v1/campaigns/${id}/agencies/${agencies(250)[6].id}`, t.bureau);
      return res.body.started && res.body;
    });
    expect(described.deliverables).toHaveLength(8);
    expect(described.deliverables.every((d: { light: string }) => d.light === 'green')).toBe(true);
  });

  test('an invalid definition is refused with the reason, and nothing is written', async () => {
    const before = await t.h.sql`select count(*)::int as n from campaigns`;
    const res = await t.http.post(
      '/v1/campaigns',
      {
        name: 'bad',
        jurisdiction: { id: 'zhongwei', name: '中卫市' },
        agencies: [
          { id: 'a', name: 'A', jurisdictionId: 'zhongwei' },
          { id: 'a', name: 'A again', jurisdictionId: 'nowhere' },
        ],
      },
      t.bureau,
    );
    expect(res.status).toBe(400);
    const messages = res.body.error.details.map((d: { message: string }) => d.message);
    expect(messages).toEqual(expect.arrayContaining(['agency id "a" appears twice', 'unknown jurisdiction "nowhere"']));
    const after = await t.h.sql`select count(*)::int as n from campaigns`;
    expect(after[0].n).toBe(before[0].n);
  });
});
