import { createLogger } from '../../config/logger';
import { loadConfig } from '../../config/env';
import { startApiServer, type ApiServer } from '../../api/server';
import type { AccessConfig } from '../../api/people/settings';
import { useHarness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { asPerson, createPerson, sessionCookieOf, signIn, uniqueUsername } from '../support/people';
import { createCampaign, eventually, openCalendar, sleep } from '../support/campaigns';

/**
 * People sign in as people (SPEC §13, API.md "People"): accounts, sessions, CSRF, lockout and throttling, against the
 * real API and PostgreSQL. Several API servers on the one database stand for several API processes.
 */
const t = useHarness();

const extraServers: ApiServer[] = [];
/** Another API server on the same database: the same task queue is the same deployment. */
async function anotherApi(o: { taskQueue?: string; access?: AccessConfig } = {}): Promise<HttpClient> {
  const api = await startApiServer({
    config: {
      TEMPORAL_ADDRESS: t.h.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: o.taskQueue ?? t.h.taskQueue,
      HOST: '127.0.0.1',
      ...o.access,
    },
    port: 0,
    sql: t.h.sql,
    log: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
    bootstrapAdminToken: t.h.adminToken,
  });
  extraServers.push(api);
  return httpClient(api.url);
}
afterAll(async () => {
  for (const s of extraServers) await s.close();
});

async function newAccount(account: { role: string; jurisdictionId?: string; agencyId?: string; displayName?: string }) {
  const username = uniqueUsername(account.role);
  const created = await t.http.post('/v1/users', { displayName: '张三', ...account, username }, t.h.adminToken);
  expect(created.status).toBe(201);
  return { id: created.body.id as string, username, password: created.body.initialPassword as string };
}

const WRONG = 'not-the-password';

describe('signing in', () => {
  test('the first password signs in, but only to change it; the change ends the first session and opens a new one', async () => {
    const a = await newAccount({ role: 'bureau', jurisdictionId: 'zhongwei', displayName: '李四' });
    expect(a.password).toMatch(/^\S{16}$/);
    const [stored] = await t.h.sql<{ password_hash: string }[]>`select password_hash from users where id = ${a.id}`;
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.password_hash).not.toContain(a.password);

    const first = await signIn(t.http, a.username.toUpperCase(), a.password); // usernames are case-insensitive
    expect(first.status).toBe(200);
    const setCookie = first.headers.getSetCookie().find((c) => c.startsWith('rc_session='))!;
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).not.toMatch(/; Secure/); // plain HTTP, no TRUST_PROXY
    expect(setCookie).toMatch(/Max-Age=28800/); // a working day: 8 h
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body.user).toMatchObject({
      role: 'bureau',
      jurisdictionId: 'zhongwei',
      name: `李四 (${a.username})`,
      person: { username: a.username, displayName: '李四', mustChangePassword: true },
    });
    const s = first.session!;

    const me = await asPerson(t.http, s, 'GET', '/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(s.csrfToken);
    const refused = await asPerson(t.http, s, 'GET', '/v1/campaigns');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('password_change_required');

    const weak = await asPerson(t.http, s, 'POST', '/v1/auth/password', { current: a.password, next: 'short' });
    expect(weak.status).toBe(400);
    // long enough, but among the most common passwords (zxcvbn scores it 0 of 4): refused with the reason in Chinese
    const common = await asPerson(t.http, s, 'POST', '/v1/auth/password', { current: a.password, next: '1234567890' });
    expect(common.status).toBe(400);
    expect(common.body.error.code).toBe('weak_password');
    expect(common.body.error.message).toContain('太容易被猜到');
    expect(common.body.error.details).toEqual([{ path: ['next'], message: common.body.error.message }]);
    // the username counts as a guess: long and random-looking, it is still refused as the username with a mark added
    const named = await asPerson(t.http, s, 'POST', '/v1/auth/password', {
      current: a.password,
      next: `${a.username}!`,
    });
    expect(named.status).toBe(400);
    expect(named.body.error.message).toContain('用户名或姓名');
    const wrong = await asPerson(t.http, s, 'POST', '/v1/auth/password', { current: WRONG, next: 'Zhengzhi-2027-ok' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('wrong_password');

    const other = (await signIn(t.http, a.username, a.password)).session!; // a second session, e.g. another browser
    const changed = await asPerson(t.http, s, 'POST', '/v1/auth/password', {
      current: a.password,
      next: 'Zhengzhi-2027-ok',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.user.person.mustChangePassword).toBe(false);
    const renewed = { cookie: sessionCookieOf(changed)!, csrfToken: changed.body.csrfToken };
    expect(renewed.cookie).not.toBe(s.cookie);
    // signed out everywhere: both earlier sessions are over
    expect((await asPerson(t.http, s, 'GET', '/v1/me')).status).toBe(401);
    expect((await asPerson(t.http, other, 'GET', '/v1/me')).status).toBe(401);
    const works = await asPerson(t.http, renewed, 'GET', '/v1/campaigns');
    expect(works.status).toBe(200);
    expect(works.headers.get('cache-control')).toBe('no-store');
    expect((await signIn(t.http, a.username, a.password)).status).toBe(401);
    expect((await signIn(t.http, a.username, 'Zhengzhi-2027-ok')).status).toBe(200);

    const out = await asPerson(t.http, renewed, 'POST', '/v1/auth/logout', {});
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/rc_session=;/);
    expect((await asPerson(t.http, renewed, 'GET', '/v1/me')).status).toBe(401);
  });

  test('a wrong password and an unknown username answer alike: 401, without saying which part', async () => {
    const a = await newAccount({ role: 'agency', agencyId: 'agency-x' });
    const wrongPassword = await signIn(t.http, a.username, WRONG);
    const unknownUser = await signIn(t.http, `${a.username}-nobody`, a.password);
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
  });

  test('a disabled account: its session ends at once, and it cannot sign in', async () => {
    const a = await newAccount({ role: 'discipline', jurisdictionId: 'zhongwei' });
    const s = (await signIn(t.http, a.username, a.password)).session!;
    expect((await asPerson(t.http, s, 'GET', '/v1/me')).status).toBe(200);
    const disabled = await t.http.post(`/v1/users/${a.id}/disable`, {}, t.h.adminToken);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    expect((await t.http.post(`/v1/users/${a.id}/disable`, {}, t.h.adminToken)).status).toBe(409);
    expect((await asPerson(t.http, s, 'GET', '/v1/me')).status).toBe(401);
    const again = await signIn(t.http, a.username, a.password);
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('account_disabled');
    expect((await signIn(t.http, a.username, WRONG)).status).toBe(401);
  });

  test('a reset password ends the sessions and must be changed again', async () => {
    const p = await createPerson(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: 'zhongning' });
    const reset = await t.http.post(`/v1/users/${p.id}/reset-password`, {}, t.h.adminToken);
    expect(reset.status).toBe(200);
    expect((await asPerson(t.http, p.session, 'GET', '/v1/me')).status).toBe(401);
    expect((await signIn(t.http, p.username, p.password)).status).toBe(401);
    const fresh = await signIn(t.http, p.username, reset.body.initialPassword);
    expect(fresh.body.user.person.mustChangePassword).toBe(true);
  });
});

describe('sessions and CSRF', () => {
  test("a cookie write without the CSRF token, or with another session's, is refused with 403; a bearer key needs none", async () => {
    const p = await createPerson(t.http, t.h.adminToken, { role: 'admin' });
    const q = await createPerson(t.http, t.h.adminToken, { role: 'admin' });
    const body = { role: 'agency', agencyId: 'agency-csrf', label: 'csrf' };
    const none = await asPerson(t.http, p.session, 'POST', '/v1/api-keys', body, { csrf: false });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('csrf_token_invalid');
    const foreign = await asPerson(
      t.http,
      { cookie: p.session.cookie, csrfToken: q.session.csrfToken },
      'POST',
      '/v1/api-keys',
      body,
    );
    expect(foreign.status).toBe(403);
    const keys = await t.h.sql`select 1 from api_keys where agency_id = 'agency-csrf'`;
    expect(keys.length).toBe(0);

    const withToken = await asPerson(t.http, p.session, 'POST', '/v1/api-keys', body);
    expect(withToken.status).toBe(201);
    const key = withToken.body.token as string;
    // the key made by a person works as a bearer key, with no cookie and no CSRF token
    const viaKey = await t.http.post('/v1/api-keys', { ...body, label: 'by key' }, key);
    expect(viaKey.status).toBe(403); // an agency key may not make keys: authenticated, then refused by role
    expect(viaKey.body.error.code).toBe('forbidden');
    const me = await t.http.get('/v1/me', key);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      role: 'agency',
      agencyId: 'agency-csrf',
      name: 'csrf',
      person: null,
      csrfToken: null,
    });
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect((await t.http.get('/healthz')).headers.get('cache-control')).toBeNull();
  });

  test('a session idle longer than the idle timeout is over; one in use lives on', async () => {
    const idle = 4;
    const api = await anotherApi({ access: { SESSION_IDLE_SECONDS: idle } });
    const a = await newAccount({ role: 'admin' });
    const s = (await signIn(api, a.username, a.password)).session!;
    const started = Date.now();
    // used every second, for longer than the idle timeout: each request keeps it alive
    while (Date.now() - started < (idle + 2) * 1000) {
      expect((await asPerson(api, s, 'GET', '/v1/me')).status).toBe(200);
      await sleep(1000);
    }
    await sleep((idle + 2) * 1000);
    const expired = await asPerson(api, s, 'GET', '/v1/me');
    expect(expired.status).toBe(401);
  });

  test('behind a TLS proxy (TRUST_PROXY) the cookie is Secure; a forwarded https header from an untrusted client is not believed', async () => {
    const a = await newAccount({ role: 'admin' });
    const proxied = await anotherApi({ access: { TRUST_PROXY: 'loopback' } });
    const viaProxy = await proxied.post('/v1/auth/login', { username: a.username, password: a.password }, undefined, {
      'x-forwarded-proto': 'https',
    });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.headers.getSetCookie().find((c) => c.startsWith('rc_session='))).toMatch(/; Secure/);
    const direct = await t.http.post('/v1/auth/login', { username: a.username, password: a.password }, undefined, {
      'x-forwarded-proto': 'https',
    });
    expect(direct.headers.getSetCookie().find((c) => c.startsWith('rc_session='))).not.toMatch(/; Secure/);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
    expect(() => loadConfig({ TRUST_PROXY: 'every proxy' })).toThrow(/TRUST_PROXY/);
  });

  test('the default idle timeout is a working day, 8 hours', () => {
    expect(loadConfig({}).SESSION_IDLE_SECONDS).toBe(8 * 60 * 60);
  });
});

describe('slowing attackers and throttling, shared by every API process on the database', () => {
  // Two client addresses through a trusted proxy (TRUST_PROXY): the attacker's and the owner's.
  const ATTACKER = '203.0.113.66';
  const OWNER = '198.51.100.7';
  const signInFrom = (api: HttpClient, address: string, username: string, password: string) =>
    api.post('/v1/auth/login', { username, password }, undefined, { 'x-forwarded-for': address });
  const waitOf = (res: { headers: Headers; body: { error: { details: { retryAfterSeconds: number }[] } } }) => {
    const wait = Number(res.headers.get('retry-after'));
    expect(res.body.error.details).toEqual([{ retryAfterSeconds: wait }]);
    return wait;
  };

  test("a username under attack slows its attacker's address, more with every failure, and never locks its owner out", async () => {
    const a = await newAccount({ role: 'admin' });
    const api = await anotherApi({ access: { TRUST_PROXY: 'loopback' } });
    // a person mistyping is not slowed: three failures answer at once
    for (let i = 0; i < 3; i++) expect((await signInFrom(api, ATTACKER, a.username, WRONG)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      const slowed = await signInFrom(api, ATTACKER, a.username, WRONG);
      expect(slowed.status).toBe(429);
      expect(slowed.body.error.code).toBe('too_many_attempts');
      expect(slowed.body.error.message).toMatch(/请 \d+ 秒后再试/);
      waits.push(waitOf(slowed));
      // the attacker's address waits even with the right password: no password is tried before the wait is over
      expect((await signInFrom(api, ATTACKER, a.username, a.password)).status).toBe(429);
      // the owner, at another address, gets in at once with the right password
      const started = Date.now();
      const owner = await signInFrom(api, OWNER, a.username, a.password);
      expect(owner.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5000);
      await sleep(waits[round] * 1000 + 300);
      expect((await signInFrom(api, ATTACKER, a.username, WRONG)).status).toBe(401);
    }
    // the delay grows with the username's failures: 1 s, 2 s, 4 s (doubling, up to a minute)
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(waits[2]).toBeGreaterThan(waits[1]);
    expect(waits[2]).toBeLessThanOrEqual(4);
    // the owner's successful sign-ins did not reset the attacker's wait
    expect((await signInFrom(api, ATTACKER, a.username, WRONG)).status).toBe(429);
    // without TRUST_PROXY the forwarded address is not believed: every request is the proxy's (loopback) own
    const direct = await anotherApi();
    const b = await newAccount({ role: 'admin' });
    for (let i = 0; i < 3; i++) expect((await signInFrom(direct, ATTACKER, b.username, WRONG)).status).toBe(401);
    expect((await signInFrom(direct, OWNER, b.username, b.password)).status).toBe(429);
  }, 120_000);

  test('failures from one address across many usernames stop that address, and only it; the stop lifts with the window', async () => {
    const windowSeconds = 4;
    const api = await anotherApi({
      access: {
        TRUST_PROXY: 'loopback',
        SIGN_IN_FAILURES_PER_ADDRESS: 5,
        SIGN_IN_LOCKOUT_WINDOW_SECONDS: windowSeconds,
      },
    });
    const sprayer = '203.0.113.99';
    const firstFailure = Date.now();
    for (let i = 0; i < 5; i++)
      expect((await signInFrom(api, sprayer, uniqueUsername('nobody'), WRONG)).status).toBe(401);
    const b = await newAccount({ role: 'admin' });
    const stopped = await signInFrom(api, sprayer, b.username, b.password);
    expect(stopped.status).toBe(429);
    expect(stopped.body.error.message).toContain('此地址登录失败次数过多');
    expect(waitOf(stopped)).toBeLessThanOrEqual(windowSeconds);
    expect((await signInFrom(api, OWNER, b.username, b.password)).status).toBe(200);
    await eventually(
      'the stop to lift',
      async () => (await signInFrom(api, sprayer, b.username, b.password)).status === 200,
      30_000,
    );
    expect(Date.now() - firstFailure).toBeGreaterThanOrEqual(windowSeconds * 1000 - 100);
    expect(loadConfig({}).SIGN_IN_FAILURES_PER_ADDRESS).toBe(30);
    expect(loadConfig({}).SIGN_IN_LOCKOUT_WINDOW_SECONDS).toBe(15 * 60);
  }, 120_000);

  test('unknown bearer tokens are throttled per address across API processes; the limit is counted in PostgreSQL', async () => {
    // a deployment of its own (task queue): the blocked address does not disturb the other tests' keys
    const taskQueue = `${t.h.taskQueue}-throttle`;
    const access = { BEARER_FAILURES_PER_MINUTE: 6 };
    const [a, b] = [await anotherApi({ taskQueue, access }), await anotherApi({ taskQueue, access })];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await (i % 2 ? b : a).get('/v1/me', `rk_000000000000_wrong${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    for (const api of [a, b]) {
      const limited = await api.get('/v1/me', 'rk_000000000000_wrong-again');
      expect(limited.status).toBe(429);
      expect(limited.body.error.details[0].retryAfterSeconds).toBeGreaterThan(0);
      expect(limited.body.error.details[0].retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // the harness's own deployment is not affected
    expect((await t.http.get('/v1/me', t.bureau)).status).toBe(200);
  });

  test('public rate limits and Idempotency-Keys hold across two API processes', async () => {
    const taskQueue = `${t.h.taskQueue}-ratelimit`;
    const [a, b] = [await anotherApi({ taskQueue }), await anotherApi({ taskQueue })];
    // POST /v1/complaints allows 20 a minute per address; invalid bodies count too, and change nothing
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await (i % 2 ? b : a).post('/v1/complaints', {})).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(400));
    expect(statuses[20]).toBe(429);
    expect((await b.post('/v1/complaints', {})).status).toBe(429);

    const username = uniqueUsername('idem');
    const body = { username, displayName: '王五', role: 'admin' };
    const headers = { 'idempotency-key': `people-${username}` };
    const first = await a.post('/v1/users', body, t.h.adminToken, headers);
    const second = await b.post('/v1/users', body, t.h.adminToken, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.initialPassword).toBeUndefined(); // a secret is never stored for a replay
    expect((await t.h.sql`select 1 from users where username = ${username}`).length).toBe(1);
  });
});

describe('accounts by scope, and the audit trail names the person', () => {
  let campaignId = '';
  beforeAll(async () => {
    campaignId = await createCampaign(t.http, t.bureau, {
      agencies: [
        { id: 'people-sh', name: '沙坡头区市场监督管理局', jurisdictionId: 'shapotou' },
        { id: 'people-zn', name: '中宁县市场监督管理局', jurisdictionId: 'zhongning' },
      ],
      calendar: openCalendar(),
    });
  });

  test('a county bureau creates accounts and keys for its own subtree only, and sees and manages only those', async () => {
    const county = await createPerson(t.http, t.h.adminToken, {
      role: 'bureau',
      jurisdictionId: 'shapotou',
      displayName: '沙坡头区司法局',
    });
    const make = (account: object) =>
      asPerson(t.http, county.session, 'POST', '/v1/users', {
        username: uniqueUsername('by-county'),
        displayName: '赵六',
        ...account,
      });
    const own = await make({ role: 'agency', agencyId: 'people-sh' });
    expect(own.status).toBe(201);
    expect((await make({ role: 'bureau', jurisdictionId: 'shapotou' })).status).toBe(201);
    expect((await make({ role: 'agency', agencyId: 'people-zn' })).status).toBe(403); // the other county's agency
    expect((await make({ role: 'bureau', jurisdictionId: 'zhongwei' })).status).toBe(403); // the city above it
    expect((await make({ role: 'admin' })).status).toBe(403);
    expect((await make({ role: 'agency' })).status).toBe(400); // an agency account needs its agency

    const sibling = await createPerson(t.http, t.h.adminToken, { role: 'agency', agencyId: 'people-zn' });
    const listed = await asPerson(t.http, county.session, 'GET', '/v1/users?limit=500');
    const ids = listed.body.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(own.body.id);
    expect(ids).not.toContain(sibling.id);
    expect(listed.body.items.every((u: { role: string }) => u.role !== 'admin')).toBe(true);
    expect((await asPerson(t.http, county.session, 'POST', `/v1/users/${sibling.id}/disable`, {})).status).toBe(404);
    expect((await asPerson(t.http, county.session, 'POST', `/v1/users/${own.body.id}/reset-password`, {})).status).toBe(
      200,
    );
    // the city bureau above both sees both
    const city = await createPerson(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const cityList = (await asPerson(t.http, city.session, 'GET', '/v1/users?limit=500')).body.items.map(
      (u: { id: string }) => u.id,
    );
    expect(cityList).toEqual(expect.arrayContaining([own.body.id, sibling.id, county.id]));

    // the same rule for API keys
    const ownKey = await asPerson(t.http, county.session, 'POST', '/v1/api-keys', {
      role: 'agency',
      agencyId: 'people-sh',
      label: '沙坡头区脚本',
    });
    expect(ownKey.status).toBe(201);
    expect(
      (
        await asPerson(t.http, county.session, 'POST', '/v1/api-keys', {
          role: 'agency',
          agencyId: 'people-zn',
          label: '越权',
        })
      ).status,
    ).toBe(403);
    const siblingKey = await t.http.post(
      '/v1/api-keys',
      { role: 'agency', agencyId: 'people-zn', label: '中宁县脚本' },
      t.h.adminToken,
    );
    const keys = (await asPerson(t.http, county.session, 'GET', '/v1/api-keys?limit=500')).body.items.map(
      (k: { id: string }) => k.id,
    );
    expect(keys).toContain(ownKey.body.id);
    expect(keys).not.toContain(siblingKey.body.id);
    expect(
      (await asPerson(t.http, county.session, 'POST', `/v1/api-keys/${siblingKey.body.id}/revoke`, {})).status,
    ).toBe(404);
    expect((await asPerson(t.http, county.session, 'POST', `/v1/api-keys/${ownKey.body.id}/revoke`, {})).status).toBe(
      200,
    );
  });

  test('the audit trail and the item history name the person who acted', async () => {
    const agency = await createPerson(t.http, t.h.adminToken, {
      role: 'agency',
      agencyId: 'people-sh',
      displayName: '孙七',
    });
    await eventually(
      'the agency workflow',
      async () => (await t.http.get(`/v1/campaigns/${campaignId}/agencies/people-sh`, t.bureau)).body.started,
    );
    const item = await asPerson(
      t.http,
      agency.session,
      'POST',
      `/v1/campaigns/${campaignId}/agencies/people-sh/items`,
      {
        checklistCode: 'B4',
        source: 'self_found',
        description: '办事推诿',
        severity: 'general',
        classification: 'immediate',
      },
    );
    expect(item.status).toBe(201);
    const audit = await t.http.get(`/v1/audit?keyId=${agency.id}&limit=10`, t.h.adminToken);
    const entry = audit.body.items.find(
      (e: { route: string }) => e.route === '/v1/campaigns/:id/agencies/:agencyId/items',
    );
    expect(entry).toMatchObject({
      keyId: agency.id,
      role: 'agency',
      actorName: `孙七 (${agency.username})`,
      status: 201,
    });
    // the city bureau sees the person's entry: the person's agency lies in its subtree
    const city = await createPerson(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const seen = await asPerson(t.http, city.session, 'GET', `/v1/audit?keyId=${agency.id}&limit=10`);
    expect(seen.body.items.map((e: { id: string }) => e.id)).toContain(entry.id);
    const started = await asPerson(t.http, agency.session, 'POST', `/v1/items/${item.body.id}/actions`, {
      action: 'start',
      note: '开始整改',
    });
    expect(started.status).toBe(200);
    const history = await eventually('the start in the history', async () => {
      const got = await t.http.get(`/v1/items/${item.body.id}`, t.bureau);
      return got.body.history?.find((h: { action: string }) => h.action === 'start');
    });
    expect(history.by).toMatchObject({ keyId: agency.id, role: 'agency', name: `孙七 (${agency.username})` });
  });
});
