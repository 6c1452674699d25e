import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http, { type Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { createLogger } from '../../config/logger';
import { createApp } from '../../api/app';
import { accessState } from '../../api/people/settings';
import { apiCaches } from '../../api/caches';
import { requestHash } from '../../api/idempotency';
import { useHarness } from '../support/harness';
import { httpClient } from '../support/http';
import { createKey, openCalendar, JURISDICTION } from '../support/campaigns';

/** A POST sent from a given local address (127.0.0.0/8 is all loopback): another caller, as the API sees it. */
function postFrom(baseUrl: string, localAddress: string, path: string, body: unknown, headers: Record<string, string>) {
  const url = new URL(path, baseUrl);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (c) => (text += c))
          .on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject).end(JSON.stringify(body));
  });
}

/** Idempotency-Key on writes (API.md: "a repeated key returns the first response and changes nothing"). */
describe('Idempotency-Key', () => {
  const t = useHarness();

  const definition = (name: string) => ({
    name,
    jurisdiction: JURISDICTION,
    agencies: [{ id: 'idem-agency', name: '市交通运输局', jurisdictionId: 'zhongwei' }],
    calendar: openCalendar(),
  });
  const campaignsNamed = async (name: string) =>
    (await t.h.sql<{ n: number }[]>`select count(*)::int as n from campaigns where name = ${name}`)[0].n;

  test('the same key and body twice: one campaign, the same answer, marked as replayed', async () => {
    const key = randomUUID();
    const body = definition(`幂等-${key}`);
    const first = await t.http.post('/v1/campaigns', body, t.bureau, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await t.http.post('/v1/campaigns', body, t.bureau, { 'idempotency-key': key });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await campaignsNamed(body.name)).toBe(1);

    // the same body with its keys in another order is the same request
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const third = await t.http.post('/v1/campaigns', reordered, t.bureau, { 'idempotency-key': key });
    expect(third.status).toBe(201);
    expect(third.body).toEqual(first.body);
    expect(await campaignsNamed(body.name)).toBe(1);

    // both the first request and the replays are in the audit trail, the replays marked as such
    const audit = await t.http.get(`/v1/audit?keyId=${/^rk_([0-9a-f]+)_/.exec(t.bureau)![1]}&limit=10`, t.h.adminToken);
    const mine = audit.body.items.filter((e: { idempotencyKey: string }) => e.idempotencyKey === key);
    expect(mine.map((e: { replayed: boolean; status: number }) => [e.replayed, e.status])).toEqual([
      [true, 201],
      [true, 201],
      [false, 201],
    ]);
  });

  test('the same key with another body is refused with 422 and changes nothing', async () => {
    const key = randomUUID();
    const first = await t.http.post('/v1/campaigns', definition(`幂等A-${key}`), t.bureau, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const other = await t.http.post('/v1/campaigns', definition(`幂等B-${key}`), t.bureau, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({
      code: 'idempotency_key_reused',
      message: 'Idempotency-Key reused with a different request',
    });
    expect(await campaignsNamed(`幂等B-${key}`)).toBe(0);
  });

  test('keys are per API key: another caller using the same Idempotency-Key makes its own object', async () => {
    const key = randomUUID();
    const otherBureau = await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const body = definition(`幂等C-${key}`);
    const a = await t.http.post('/v1/campaigns', body, t.bureau, { 'idempotency-key': key });
    const b = await t.http.post('/v1/campaigns', body, otherBureau, { 'idempotency-key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  test('a request still being handled under the key answers 409 idempotency_in_progress', async () => {
    const key = randomUUID();
    const body = definition(`幂等D-${key}`);
    const keyId = /^rk_([0-9a-f]+)_/.exec(t.bureau)![1];
    // what the first request leaves while its handler runs: the claim, with no outcome yet
    await t.h.sql`insert into idempotency_keys (key_id, idempotency_key, method, path, request_hash)
                values (${keyId}, ${key}, 'POST', '/v1/campaigns', ${requestHash('post', '/v1/campaigns', body)})`;
    const res = await t.http.post('/v1/campaigns', body, t.bureau, { 'idempotency-key': key });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('idempotency_in_progress');
    expect(await campaignsNamed(body.name)).toBe(0);
  });

  test('a refusal (4xx) is stored and replayed; a malformed key is a 400', async () => {
    const key = randomUUID();
    const bad = { ...definition(`幂等E-${key}`), agencies: [{ id: 'x', name: 'X', jurisdictionId: 'nowhere' }] };
    const first = await t.http.post('/v1/campaigns', bad, t.bureau, { 'idempotency-key': key });
    expect(first.status).toBe(400); // zod refuses before the key is claimed: nothing stored, the same answer again
    const again = await t.http.post('/v1/campaigns', bad, t.bureau, { 'idempotency-key': key });
    expect(again.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBeNull();

    const foreign = {
      ...definition(`幂等F-${key}`),
      jurisdiction: { id: 'yinchuan', name: '银川市' },
      agencies: [{ id: 'a', name: 'A', jurisdictionId: 'yinchuan' }],
    };
    const refused = await t.http.post('/v1/campaigns', foreign, t.bureau, { 'idempotency-key': `${key}-f` });
    expect(refused.status).toBe(403); // the handler refused: that outcome is the request's answer
    const replayed = await t.http.post('/v1/campaigns', foreign, t.bureau, { 'idempotency-key': `${key}-f` });
    expect(replayed.status).toBe(403);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(refused.body);

    const tooLong = await t.http.post('/v1/campaigns', definition('x'), t.bureau, {
      'idempotency-key': 'k'.repeat(256),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/Idempotency-Key/);
  });

  test("a new key's token is never stored: the replay answers with the id alone", async () => {
    const key = randomUUID();
    const body = { role: 'agency', agencyId: 'idem-agency', label: 'idempotent key' };
    const first = await t.http.post('/v1/api-keys', body, t.h.adminToken, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body.token).toMatch(/^rk_/);
    const second = await t.http.post('/v1/api-keys', body, t.h.adminToken, { 'idempotency-key': key });
    expect(second.status).toBe(201);
    expect(second.body).toEqual({ id: first.body.id });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const [{ n }] = await t.h.sql<
      { n: number }[]
    >`select count(*)::int as n from api_keys where label = 'idempotent key'`;
    expect(n).toBe(1);
    const [stored] = await t.h.sql<
      { response: unknown }[]
    >`select response from idempotency_keys where idempotency_key = ${key}`;
    expect(JSON.stringify(stored.response)).not.toContain(first.body.token);
  });

  test("public writes are keyed per caller: a repeat gets the same tracking code, another citizen's same key and body makes their own complaint", async () => {
    if (!(await t.h.sql`select 1 from information_schema.tables where table_name = 'complaints'`).length) return;
    const key = randomUUID();
    const body = { channel: 'web', kind: 'inaction', agencyId: 'idem-agency', description: '窗口无人办理' };
    const first = await t.http.post('/v1/complaints', body, undefined, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const second = await t.http.post('/v1/complaints', body, undefined, { 'idempotency-key': key });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');

    // Another citizen (another address) who happens to send the same key and the same text is not told the first
    // citizen's tracking code: the request is theirs, and makes their own complaint.
    const other = await postFrom(t.h.api.url, '127.0.0.2', '/v1/complaints', body, { 'idempotency-key': key });
    expect(other.status).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.trackingCode).not.toBe(first.body.trackingCode);
    const rows = await t.h.sql<
      { key_id: string }[]
    >`select key_id from idempotency_keys where idempotency_key = ${key}`;
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.key_id).toMatch(/^public:[0-9a-f]{32}$/); // hashed: no address is stored
  });

  test('a complaint received by phone and entered by bureau staff is keyed and audited as that staff member, not as the public', async () => {
    if (!(await t.h.sql`select 1 from information_schema.tables where table_name = 'complaints'`).length) return;
    const key = randomUUID();
    const body = { channel: 'phone', kind: 'slow_action', agencyId: 'idem-agency', description: '电话反映：审批超期' };
    const entered = await t.http.post('/v1/complaints', body, t.bureau, { 'idempotency-key': key });
    expect(entered.status).toBe(201);
    const [{ key_id: staffKey }] = await t.h.sql<
      { key_id: string }[]
    >`select key_id from idempotency_keys where idempotency_key = ${key}`;
    expect(staffKey).not.toMatch(/^public:/);
    const [audit] = await t.h.sql<{ key_id: string; role: string }[]>`
      select key_id, role from audit_log where route = '/v1/complaints' and idempotency_key = ${key}`;
    expect(audit).toEqual({ key_id: staffKey, role: 'bureau' });
    // the same key from the public namespace is another request altogether
    const publicCopy = await t.http.post('/v1/complaints', { ...body, channel: 'web' }, undefined, {
      'idempotency-key': key,
    });
    expect([publicCopy.status, publicCopy.headers.get('idempotent-replayed')]).toEqual([201, null]);
  });

  test('a 5xx is not stored: the claim is released and the same key may be tried again', async () => {
    // The API with a Temporal client that is unavailable: the campaign's workflow cannot start, so the write fails
    // with a 503 (and the campaign's rows are taken back).
    const unavailable = {
      workflow: { start: async () => Promise.reject(new Error('14 UNAVAILABLE: connect ECONNREFUSED')) },
    } as unknown as Client;
    const app = createApp({
      sql: t.h.sql,
      client: unavailable,
      config: { TEMPORAL_TASK_QUEUE: t.h.taskQueue, TEMPORAL_NAMESPACE: 'default' },
      log: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
      bootstrapAdminToken: t.h.adminToken,
      caches: apiCaches(null, { responseTtlMs: 0 }),
      access: accessState({}),
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const broken = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
    try {
      const key = randomUUID();
      const body = definition(`幂等G-${key}`);
      const failed = await httpClient(broken.url).post('/v1/campaigns', body, t.bureau, { 'idempotency-key': key });
      expect(failed.status).toBe(503);
      expect(failed.body.error).toBeDefined();
      expect(await t.h.sql`select 1 from idempotency_keys where idempotency_key = ${key}`).toHaveLength(0);
      expect(await campaignsNamed(body.name)).toBe(0);
      const retried = await t.http.post('/v1/campaigns', body, t.bureau, { 'idempotency-key': key });
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
    } finally {
      await broken.close();
    }
  });
});
