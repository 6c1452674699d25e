import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { createCampaign, createKey, eventually, openCalendar } from '../support/campaigns';
import { FIXTURE_JURISDICTION } from '../support/accessFixtures';

const keyIdOf = (token: string) => /^rk_([0-9a-f]+)_/.exec(token)![1];

/** The audit trail: every write recorded once its status is known; append-only; read by admins and, in scope, bureaus. */
describe('the audit trail', () => {
  let h: Harness;
  let http: HttpClient;
  let city: string;
  let campaignId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    http = httpClient(h.api.url);
    city = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    tokens.shapotou = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'shapotou' });
    tokens.zhongning = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongning' });
    tokens.yinchuan = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'yinchuan' });
    tokens.agency = await createKey(http, h.adminToken, { role: 'agency', agencyId: 'audit-sh' });
    campaignId = await createCampaign(http, city, {
      jurisdiction: FIXTURE_JURISDICTION,
      agencies: [
        { id: 'audit-sh', name: '沙坡头区自然资源局', jurisdictionId: 'shapotou' },
        { id: 'audit-zn', name: '中宁县自然资源局', jurisdictionId: 'zhongning' },
      ],
      calendar: openCalendar(),
    });
    await eventually(
      'the agency workflow',
      async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/audit-sh`, city)).body.started,
    );
  });
  afterAll(() => h.close());

  const audit = async (token: string, query = '') => {
    const res = await http.get(`/v1/audit?limit=500${query}`, token);
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };

  test('a write appears with its key, role, route, path, subjects and status; reads are not recorded', async () => {
    const path = `/v1/campaigns/${campaignId}/agencies/audit-sh/checklist/A1`;
    const answered = await http.put(path, { answer: 'compliant', note: '制度已修订' }, tokens.agency);
    expect(answered.status).toBe(200);
    await http.get(`/v1/campaigns/${campaignId}/agencies/audit-sh`, tokens.agency);

    const [entry] = await audit(h.adminToken, `&keyId=${keyIdOf(tokens.agency)}`);
    expect(entry).toMatchObject({
      keyId: keyIdOf(tokens.agency),
      role: 'agency',
      method: 'PUT',
      route: '/v1/campaigns/:id/agencies/:agencyId/checklist/:itemCode',
      path,
      subjectIds: { id: campaignId, agencyId: 'audit-sh', itemCode: 'A1' },
      status: 200,
      outcome: 'ok',
      idempotencyKey: null,
      replayed: false,
    });
    expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
    const [{ n }] = await h.sql<{ n: number }[]>`select count(*)::int as n from audit_log where method = 'GET'`;
    expect(n).toBe(0);

    // the campaign's creation names what it created
    const [created] = await audit(h.adminToken, `&keyId=${keyIdOf(city)}`);
    expect(created).toMatchObject({
      method: 'POST',
      route: '/v1/campaigns',
      status: 201,
      subjectIds: { createdId: campaignId },
    });
  });

  test('refused writes are recorded too: no key, a revoked key (by its id), a role not allowed', async () => {
    const since = new Date().toISOString();
    expect((await http.post('/v1/campaigns', {})).status).toBe(401);
    const revoked = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    expect((await http.post(`/v1/api-keys/${keyIdOf(revoked)}/revoke`, {}, h.adminToken)).status).toBe(200);
    expect((await http.post('/v1/campaigns', {}, revoked)).status).toBe(401);
    expect((await http.post('/v1/api-keys', { role: 'admin', label: 'x' }, tokens.agency)).status).toBe(403);

    const entries = await audit(h.adminToken, `&since=${encodeURIComponent(since)}`);
    const summary = entries.map((e) => [e.method, e.route, e.keyId, e.role, e.status, e.outcome]).reverse();
    expect(summary).toEqual([
      ['POST', '/v1/campaigns', null, null, 401, 'refused'],
      ['POST', '/v1/api-keys', 'bootstrap-admin', 'admin', 201, 'ok'],
      ['POST', '/v1/api-keys/:id/revoke', 'bootstrap-admin', 'admin', 200, 'ok'],
      ['POST', '/v1/campaigns', keyIdOf(revoked), 'bureau', 401, 'refused'],
      ['POST', '/v1/api-keys', keyIdOf(tokens.agency), 'agency', 403, 'refused'],
    ]);
  });

  test('a malformed path is still recorded (NUL, which jsonb cannot hold, shown as U+FFFD)', async () => {
    const res = await http.post('/v1/api-keys/a%00b/revoke', {}, h.adminToken);
    expect(res.status).toBe(400);
    const [entry] = await audit(h.adminToken, '&keyId=bootstrap-admin');
    expect(entry).toMatchObject({
      route: '/v1/api-keys/:id/revoke',
      status: 400,
      outcome: 'refused',
      subjectIds: { id: 'a\ufffdb' },
    });
  });

  test('a bureau reads the entries of its subtree and of its campaigns, not those of other jurisdictions', async () => {
    const agencyEntries = (items: any[]) => items.filter((e) => e.keyId === keyIdOf(tokens.agency) && e.status === 200);
    // the city and the agency's own county see the agency's answer; the other county and another city do not
    expect(agencyEntries(await audit(city))).toHaveLength(1);
    expect(agencyEntries(await audit(tokens.shapotou))).toHaveLength(1);
    expect(agencyEntries(await audit(tokens.zhongning))).toHaveLength(0);
    expect(agencyEntries(await audit(tokens.yinchuan))).toHaveLength(0);
    // the campaign's creation is visible to every bureau taking part in it, not to an outsider
    const creation = (items: any[]) =>
      items.filter((e) => e.route === '/v1/campaigns' && e.subjectIds.createdId === campaignId);
    expect(creation(await audit(tokens.zhongning))).toHaveLength(1);
    expect(creation(await audit(tokens.yinchuan))).toHaveLength(0);
    // unauthenticated and admin entries are for admins
    expect((await audit(city)).filter((e) => e.keyId === null || e.role === 'admin')).toEqual([]);
    // a bureau always sees its own writes, even outside any campaign
    await http.post('/v1/campaigns', {}, tokens.yinchuan);
    const outsider = await audit(tokens.yinchuan);
    expect(outsider.map((e) => e.keyId)).toContain(keyIdOf(tokens.yinchuan));
    const aboutOurs = outsider.filter(
      (e) =>
        e.subjectIds.id === campaignId ||
        e.subjectIds.createdId === campaignId ||
        [keyIdOf(city), keyIdOf(tokens.agency)].includes(e.keyId),
    );
    expect(aboutOurs).toEqual([]);
    // agencies and the discipline commission do not read the trail
    expect((await http.get('/v1/audit', tokens.agency)).status).toBe(403);
  });

  test('paginated newest first, with a cursor', async () => {
    const all = await audit(h.adminToken);
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await http.get(`/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`, h.adminToken);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < all.length + 5);
    expect(seen.slice(0, all.length)).toEqual(all.map((e) => e.id));
    expect((await http.get('/v1/audit?cursor=bm90LWEtbnVtYmVy', h.adminToken)).status).toBe(400);
  });

  test('the trail is append-only: UPDATE, DELETE and TRUNCATE fail in the database itself', async () => {
    const [{ id, status }] = await h.sql<
      { id: string; status: number }[]
    >`select id, status from audit_log order by id limit 1`;
    await expect(h.sql`update audit_log set status = 200 where id = ${id}`).rejects.toThrow(
      'audit_log is append-only: UPDATE is not allowed',
    );
    await expect(h.sql`delete from audit_log where id = ${id}`).rejects.toThrow(
      'audit_log is append-only: DELETE is not allowed',
    );
    await expect(h.sql`delete from audit_log where false`).rejects.toThrow(
      'audit_log is append-only: DELETE is not allowed',
    );
    await expect(h.sql`truncate audit_log`).rejects.toThrow('audit_log is append-only: TRUNCATE is not allowed');
    const [after] = await h.sql<{ status: number }[]>`select status from audit_log where id = ${id}`;
    expect(after.status).toBe(status);
  });
});
