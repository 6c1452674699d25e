import { z } from 'zod';
import { routes, assertAccessDeclared } from '../../api/app';
import { openApiDocument } from '../../api/openapi';
import { DEFAULT_BODY_LIMIT, type RouteDef } from '../../api/route';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { createKey, JURISDICTION } from '../support/campaigns';
import { isErrorShape } from '../support/accessFixtures';

const keyOf = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;

/** The API contract the route table must keep (API.md "Conventions"), checked over the whole table. */
describe('the API contract', () => {
  test('every route declares who may call it', () => {
    for (const r of routes) expect(() => assertAccessDeclared(r)).not.toThrow();
    expect(() => assertAccessDeclared({ ...routes[0], access: [] })).toThrow(/declares no access/);
  });

  /** Answers API.md fixes as one whole, not pages: the tree of the caller's scope, and a picker's few best matches. */
  const WHOLE = new Set(['GET /v1/jurisdictions', 'GET /v1/public/agencies']);

  test('every list is paginated: {items, nextCursor} out, limit and cursor in', () => {
    const problems: string[] = [];
    const lists: string[] = [];
    for (const r of routes.filter((x) => x.method === 'get' && !WHOLE.has(keyOf(x)))) {
      const schema = r.response.schema;
      if (schema instanceof z.ZodArray) problems.push(`${keyOf(r)} answers a bare array`);
      if (!(schema instanceof z.ZodObject) || !('items' in schema.shape)) continue;
      lists.push(keyOf(r));
      if (!('nextCursor' in schema.shape)) problems.push(`${keyOf(r)} has items but no nextCursor`);
      const query = r.query instanceof z.ZodObject ? r.query.shape : {};
      for (const name of ['limit', 'cursor']) if (!(name in query)) problems.push(`${keyOf(r)} takes no ${name}`);
    }
    expect(problems).toEqual([]);
    expect(lists).toEqual(
      expect.arrayContaining([
        'GET /v1/api-keys',
        'GET /v1/audit',
        'GET /v1/campaigns/:id/agencies',
        'GET /v1/campaigns/:id/events',
        'GET /v1/campaigns/:id/items',
        'GET /v1/referrals',
      ]),
    );
  });

  test('the document says which writes take an Idempotency-Key and may answer 413, 409 and 422', () => {
    const doc = openApiDocument(routes) as unknown as {
      paths: Record<
        string,
        Record<string, { parameters?: { in: string; name: string }[]; responses: Record<string, unknown> }>
      >;
    };
    for (const r of routes.filter((x) => x.method !== 'get')) {
      const op = doc.paths[r.path.replace(/:([A-Za-z]+)/g, '{$1}')][r.method];
      expect(op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')).toBe(true);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['409', '413', '422']));
    }
  });

  test('only the campaign definition takes a body over the default limit', () => {
    const large = routes.filter(
      (r) => (r.bodyLimit ?? DEFAULT_BODY_LIMIT) !== DEFAULT_BODY_LIMIT && /mb$/i.test(r.bodyLimit ?? ''),
    );
    expect(large.map(keyOf)).toEqual(['POST /v1/campaigns']);
  });

  describe('over HTTP', () => {
    let h: Harness;
    let http: HttpClient;
    let bureau: string;

    beforeAll(async () => {
      h = await startHarness({ worker: false });
      http = httpClient(h.api.url);
      bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    });
    afterAll(() => h.close());

    test("a body over the route's limit is a 413 with the error shape; the campaign definition may be large", async () => {
      const big = await http.post('/v1/api-keys', { role: 'admin', label: 'x'.repeat(70 * 1024) }, h.adminToken);
      expect(big.status).toBe(413);
      expect(isErrorShape(big.body)).toBe(true);
      expect(big.body.error.code).toBe('payload_too_large');

      // 3 MB of agencies: read in full and judged on its content (one agency in an unknown jurisdiction), not its size
      const agencies = Array.from({ length: 20_000 }, (_, i) => ({
        id: `big-${i}`,
        name: `执法机关${i}`.padEnd(60, '局'),
        jurisdictionId: 'zhongwei',
      }));
      agencies.push({ id: 'stray', name: 'X', jurisdictionId: 'nowhere' });
      const large = await http.post('/v1/campaigns', { name: '大省', jurisdiction: JURISDICTION, agencies }, bureau);
      expect(large.status).toBe(400);
      expect(JSON.stringify(large.body.error.details)).toContain('unknown jurisdiction');

      const huge = await http.request('POST', '/v1/campaigns', {
        token: bureau,
        raw: JSON.stringify({ name: 'x'.repeat(21 * 1024 * 1024) }),
      });
      expect(huge.status).toBe(413);
    });

    test('an unauthenticated caller is refused before its body is read', async () => {
      const res = await http.post('/v1/campaigns', { name: 'x'.repeat(25 * 1024 * 1024) });
      expect(res.status).toBe(401);
    });

    test('NUL characters and absurd nesting are refused as 400, not passed to Postgres', async () => {
      const nul = await http.post('/v1/api-keys', { role: 'admin', label: 'a\u0000b' }, h.adminToken);
      expect(nul.status).toBe(400);
      expect(nul.body.error.details[0]).toMatchObject({ path: ['label'], message: 'NUL characters are not allowed' });
      const deep = await http.request('POST', '/v1/api-keys', {
        token: h.adminToken,
        raw: `${'['.repeat(1000)}${']'.repeat(1000)}`,
      });
      expect(deep.status).toBe(400);
      const query = await http.get('/v1/audit?keyId=%00', h.adminToken);
      expect(query.status).toBe(400);
    });

    test('security headers on every answer', async () => {
      const res = await http.get('/healthz');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });
});
