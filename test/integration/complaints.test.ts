import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { SECONDS_POLICY, createCampaign, createKey, eventually, openCalendar } from '../support/campaigns';
import { workflowIds } from '../../domain/contract';
import { keepHistories } from '../support/replay';

const TRACKING_FIELDS = ['concludedAt', 'dueAt', 'outcome', 'overdue', 'receivedAt', 'reply', 'status', 'trackingCode'];

describe('the public complaint channel', () => {
  let h: Harness;
  let http: HttpClient;
  let city: string;
  let county: string;
  let otherCounty: string;
  let agencyKey: string;
  let discipline: string;
  let campaignId: string;
  const police = { id: 'spt-police', name: '沙坡头区公安分局', jurisdictionId: 'shapotou' };
  const market = { id: 'market', name: '市市场监督管理局', jurisdictionId: 'zhongwei' };

  beforeAll(async () => {
    h = await startHarness();
    http = httpClient(h.api.url);
    city = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    county = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'shapotou' });
    otherCounty = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongning' });
    agencyKey = await createKey(http, h.adminToken, { role: 'agency', agencyId: police.id });
    discipline = await createKey(http, h.adminToken, { role: 'discipline' });
    campaignId = await createCampaign(http, city, {
      agencies: [market, police],
      calendar: openCalendar(),
      policy: SECONDS_POLICY,
    });
  });
  afterAll(() => h.close());

  const file = (body: Record<string, unknown>, token?: string) =>
    http.post(
      '/v1/complaints',
      { channel: 'web', kind: 'slow_action', description: '办理营业执照拖延两个月', ...body },
      token,
    );
  const count = async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from complaints`)[0].n;

  test('filed without an account, tracked by its code through a substantiated outcome that opens a ledger item and a referral', async () => {
    const filed = await file({ agencyId: police.id, contact: { name: '王先生', phone: '13800000000' } });
    expect(filed.status).toBe(201);
    expect(Object.keys(filed.body).sort()).toEqual(['dueAt', 'trackingCode']); // no internal ids
    const code: string = filed.body.trackingCode;
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-.$/);

    const tracked = await http.get(`/v1/complaints/track/${code}`);
    expect(tracked.status).toBe(200);
    expect(Object.keys(tracked.body).sort()).toEqual(TRACKING_FIELDS);
    expect(tracked.body.status).toBe('received');
    expect(tracked.body.reply).toBeNull();
    // Lower case and without dashes is the same code.
    expect((await http.get(`/v1/complaints/track/${code.replace(/-/g, '').toLowerCase()}`)).body.trackingCode).toBe(
      code,
    );

    // The county bureau of the agency investigates; it sees the contact details.
    const queue = await http.get('/v1/complaints', county);
    const entry = queue.body.items.find((c: { trackingCode: string }) => c.trackingCode === code);
    expect(entry.agencyId).toBe(police.id);
    const detail = await http.get(`/v1/complaints/${entry.id}`, county);
    expect(detail.body.contact).toEqual({ name: '王先生', phone: '13800000000', email: null, address: null });

    const act = (body: unknown) => http.post(`/v1/complaints/${entry.id}/actions`, body, county);
    expect((await act({ action: 'assign', investigator: '李调查' })).body.status).toBe('investigating');
    expect((await act({ action: 'add_finding', note: '调取办件记录，确认超期' })).status).toBe(200);
    const concluded = await act({
      action: 'conclude',
      outcome: 'substantiated',
      summary: '反映属实，存在慢作为',
      suggestion: { target: 'supervisory_commission', text: '建议对相关责任人问责' },
      item: { checklistCode: 'B4', severity: 'serious', classification: 'immediate' },
    });
    expect(concluded.status).toBe(200);
    const itemId = concluded.body.conclusion.itemId;
    expect(itemId).toBeTruthy();
    expect((await act({ action: 'add_finding', note: '再补一条' })).status).toBe(409);

    const after = await eventually('the concluded status', async () => {
      const t = await http.get(`/v1/complaints/track/${code}`);
      return t.body.status === 'concluded' && t.body;
    });
    expect(after.outcome).toBe('substantiated');
    // The public reads the bureau's reply (the conclusion's summary), never its findings or the suggestion.
    expect(after.reply).toBe('反映属实，存在慢作为');
    expect(JSON.stringify(after)).not.toMatch(/调取办件记录|建议对相关责任人问责|李调查/);
    expect(Object.keys(after).sort()).toEqual(TRACKING_FIELDS);

    // The agency sees the ledger item (source complaint) — without the complainant.
    const items = await http.get(`/v1/campaigns/${campaignId}/items?agencyId=${police.id}`, agencyKey);
    const item = items.body.items.find((i: { id: string }) => i.id === itemId);
    expect(item.source).toBe('complaint');
    expect(JSON.stringify((await http.get(`/v1/items/${itemId}`, agencyKey)).body)).not.toMatch(/王先生|13800000000/);

    // The supervisory commission sees the handling suggestion as a referral and acknowledges it.
    const referrals = await http.get('/v1/referrals', discipline);
    const referral = referrals.body.items.find((r: { subject: { id: string } }) => r.subject.id === entry.id);
    expect(referral.target).toBe('supervisory_commission');
    expect((await http.post(`/v1/referrals/${referral.id}/acknowledge`, {}, discipline)).status).toBe(200);

    await eventually(
      'the complaint workflow to finish',
      async () => (await http.get(`/v1/complaints/${entry.id}`, county)).body.status === 'concluded',
    );
    const replayed = await keepHistories({ complaint: workflowIds.complaint(entry.id) });
    expect(replayed.map((r) => r.error)).toEqual([null]);
  });

  test('a mistyped code is told apart from an unknown one; a wrong code answers like an unknown one', async () => {
    const { body } = await file({});
    const code: string = body.trackingCode;
    const swapped = code.slice(0, 1) + (code[1] === '0' ? '1' : '0') + code.slice(2);
    const mistyped = await http.get(`/v1/complaints/track/${swapped}`);
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.error.message).toMatch(/typing error/);
    const unknown = await http.get('/v1/complaints/track/00000-00000-00000-0');
    expect(unknown.status).toBe(404);
    expect((await http.get('/v1/complaints/track/not-a-code')).status).toBe(400);
  });

  test('a complaint left uninvestigated is reminded and escalated on the policy schedule', async () => {
    const { body } = await file({ agencyId: market.id, kind: 'inaction' });
    const [row] = await h.sql<
      { id: string; due_at: Date }[]
    >`select id, due_at from complaints where tracking_code = ${body.trackingCode}`;
    const steps = await eventually(
      'the ladder up to listed supervision',
      async () => {
        const res = await http.get(
          `/v1/campaigns/${campaignId}/events?subjectKind=complaint&subjectId=${row.id}`,
          city,
        );
        return res.body.items.length >= 5 && res.body.items;
      },
      40_000,
    );
    const due = row.due_at.getTime();
    expect(
      steps.reverse().map((e: { step: string; scheduledFor: string }) => [e.step, Date.parse(e.scheduledFor) - due]),
    ).toEqual([
      ['PT4S', -4000],
      ['PT2S', -2000],
      ['overdue', 0],
      ['supervision_notice', 3000],
      ['listed_supervision', 6000],
    ]);
    expect((await http.get(`/v1/complaints?overdue=true`, city)).body.items.map((c: { id: string }) => c.id)).toContain(
      row.id,
    );
    // The public page says so too (已超期).
    expect((await http.get(`/v1/complaints/track/${body.trackingCode}`)).body).toMatchObject({
      status: 'received',
      overdue: true,
    });
  }, 60_000);

  test("privacy: the agency, another county's bureau and the discipline commission cannot read complaints", async () => {
    const { body } = await file({ agencyId: police.id, contact: { email: 'someone@example.com' } });
    const [row] = await h.sql<{ id: string }[]>`select id from complaints where tracking_code = ${body.trackingCode}`;
    expect((await http.get(`/v1/complaints/${row.id}`, city)).status).toBe(200); // the city bureau is above the county
    expect((await http.get(`/v1/complaints/${row.id}`, otherCounty)).status).toBe(404);
    expect((await http.get('/v1/complaints', otherCounty)).body.items.map((c: { id: string }) => c.id)).not.toContain(
      row.id,
    );
    expect((await http.get('/v1/complaints', agencyKey)).status).toBe(403);
    expect((await http.get(`/v1/complaints/${row.id}`, agencyKey)).status).toBe(403);
    expect((await http.get('/v1/complaints', discipline)).status).toBe(403);
  });

  test('staff enter non-web complaints; the public cannot claim another channel', async () => {
    expect((await file({ channel: 'phone' })).status).toBe(403);
    expect((await file({ channel: 'phone' }, city)).status).toBe(201);
  });

  test('oversized, malformed and hostile bodies get 4xx and write nothing', async () => {
    const before = await count();
    const cases: [string, { body?: unknown; raw?: string }][] = [
      ['huge', { body: { channel: 'web', kind: 'inaction', description: 'x'.repeat(50_000) } }],
      ['malformed JSON', { raw: '{"channel": "web", ' }],
      ['script', { body: { channel: 'web', kind: 'inaction', description: '<script>alert(1)</script>' } }],
      ['wrong types', { body: { channel: 7, kind: ['inaction'], description: { a: 1 } } }],
      ['unknown field', { body: { channel: 'web', kind: 'inaction', description: '正常内容', isAdmin: true } }],
      ['array', { body: [1, 2, 3] }],
      ['null', { raw: 'null' }],
    ];
    for (const [name, c] of cases) {
      const res = await http.request('POST', '/v1/complaints', c);
      expect([name, res.status >= 400 && res.status < 500]).toEqual([name, true]);
      expect(res.body.error.code).toBeTruthy();
    }
    expect(await count()).toBe(before);
  });

  test('a burst past the rate limit gets 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await http.get(`/v1/complaints/track/00000-00000-00000-0`)).status);
    for (let i = 0; i < 40; i++) statuses.push((await http.get(`/v1/complaints/track/00000-00000-00000-0`)).status);
    expect(statuses).toContain(429);
    const limited = await http.get('/v1/complaints/track/00000-00000-00000-0');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });
});
