import { runKeysCommand } from '../../scripts/keys';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { createKey, eventually } from '../support/campaigns';

const keyIdOf = (token: string) => /^rk_([0-9a-f]+)_/.exec(token)![1];

describe('API keys: list, revoke, scopes, and the keys CLI', () => {
  let h: Harness;
  let http: HttpClient;

  beforeAll(async () => {
    h = await startHarness({ worker: false });
    http = httpClient(h.api.url);
  });
  afterAll(() => h.close());

  test('GET /v1/api-keys lists keys newest first, without hashes, page by page', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++)
      made.push(keyIdOf(await createKey(http, h.adminToken, { role: 'agency', agencyId: `list-${i}` })));
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await http.get(
        `/v1/api-keys?limit=2&role=agency${cursor ? `&cursor=${cursor}` : ''}`,
        h.adminToken,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const ids = seen.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => made.includes(id))).toEqual([...made].reverse());
    for (const k of seen) {
      expect(Object.keys(k).sort()).toEqual([
        'agencyId',
        'createdAt',
        'id',
        'jurisdictionId',
        'label',
        'revokedAt',
        'role',
      ]);
    }
    expect(JSON.stringify(seen)).not.toMatch(/hash|rk_/);
    expect((await http.get('/v1/api-keys?cursor=WyJ4Il0', h.adminToken)).status).toBe(400);
  });

  test('a revoked key answers 401 "this key has been revoked"; revoking twice is a 409, an unknown key a 404', async () => {
    const token = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    expect((await http.get('/v1/audit', token)).status).toBe(200);
    const revoked = await http.post(`/v1/api-keys/${keyIdOf(token)}/revoke`, {}, h.adminToken);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: keyIdOf(token), role: 'bureau', jurisdictionId: 'zhongwei' });
    expect(Date.parse(revoked.body.revokedAt)).toBeGreaterThan(0);
    const refused = await http.get('/v1/audit', token);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toEqual({
      code: 'unauthorized',
      kind: 'unauthorized',
      message: 'this key has been revoked',
      details: [],
    });
    const twice = await http.post(`/v1/api-keys/${keyIdOf(token)}/revoke`, {}, h.adminToken);
    expect(twice.status).toBe(409);
    expect((await http.post('/v1/api-keys/nosuchkey/revoke', {}, h.adminToken)).status).toBe(404);
    const listed = await http.get('/v1/api-keys?revoked=true&role=bureau&limit=500', h.adminToken);
    expect(listed.body.items.map((k: { id: string }) => k.id)).toContain(keyIdOf(token));
  });

  test('scopes: discipline keys may carry a jurisdiction; no key carries a scope of another kind', async () => {
    const ok = await http.post(
      '/v1/api-keys',
      { role: 'discipline', jurisdictionId: 'zhongwei', label: '市纪委监委' },
      h.adminToken,
    );
    expect(ok.status).toBe(201);
    const [row] = await h.sql`select jurisdiction_id from api_keys where id = ${ok.body.id}`;
    expect(row.jurisdiction_id).toBe('zhongwei');
    expect((await http.post('/v1/api-keys', { role: 'discipline', label: '省纪委监委' }, h.adminToken)).status).toBe(
      201,
    );
    for (const bad of [
      { role: 'agency', agencyId: 'a', jurisdictionId: 'zhongwei', label: 'x' },
      { role: 'discipline', agencyId: 'a', label: 'x' },
      { role: 'admin', jurisdictionId: 'zhongwei', label: 'x' },
      { role: 'bureau', label: 'x' },
    ]) {
      const res = await http.post('/v1/api-keys', bad, h.adminToken);
      expect(res.status).toBe(400);
    }
  });

  describe('scripts/keys.ts (npm run keys)', () => {
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runKeysCommand(argv, h.sql, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    test('create prints the token once; the token works; list shows the key; revoke ends it', async () => {
      const created = await run(
        'create',
        '--role',
        'bureau',
        '--jurisdiction',
        'zhongwei',
        '--label',
        '中卫市司法局（CLI）',
      );
      expect(created.code).toBe(0);
      const token = /token \(shown once, keep it safe\): (rk_\S+)/.exec(created.out)![1];
      const id = keyIdOf(token);
      expect(created.out).toContain(`created bureau key ${id} for jurisdiction zhongwei`);
      expect((await http.get('/v1/audit', token)).status).toBe(200);

      const listed = await run('list');
      expect(listed.code).toBe(0);
      const line = listed.out.split('\n').find((l) => l.startsWith(id))!;
      expect(line.split('\t').slice(0, 4)).toEqual([id, 'bureau', 'zhongwei', 'active']);
      expect(listed.out).not.toContain(token);

      const revoked = await run('revoke', id);
      expect(revoked.code).toBe(0);
      expect(revoked.out).toContain(`revoked bureau key ${id}`);
      // the CLI writes Postgres; the API forgets the key once the change notice reaches it (docs/ACCESS.md)
      await eventually(
        'the revocation to reach the API',
        async () => (await http.get('/v1/audit', token)).status === 401,
        5000,
      );
      expect((await run('list')).out).not.toContain(id);
      expect((await run('list', '--all')).out).toMatch(new RegExp(`${id}\\tbureau\\tzhongwei\\trevoked `));

      const again = await run('revoke', id);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/already revoked/);
    });

    test('refusals and usage errors', async () => {
      const noScope = await run('create', '--role', 'bureau', '--label', 'x');
      expect(noScope.code).toBe(1);
      expect(noScope.err).toContain('a bureau key needs its jurisdiction');
      expect((await run('create', '--role', 'king', '--label', 'x')).code).toBe(1);
      expect((await run('create', '--role', 'admin', '--label', 'x', '--bogus', 'y')).code).toBe(2);
      expect((await run('revoke')).code).toBe(2);
      expect((await run('revoke', 'nosuchkey')).err).toContain('api key not found');
      expect((await run('frobnicate')).code).toBe(2);
      expect((await run()).code).toBe(2);
      expect((await run('help')).out).toContain('usage: npm run keys');
      const discipline = await run(
        'create',
        '--role',
        'discipline',
        '--jurisdiction',
        'zhongwei',
        '--label',
        '市纪委监委',
      );
      expect(discipline.code).toBe(0);
    });
  });
});
