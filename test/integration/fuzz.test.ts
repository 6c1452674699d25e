import fc from 'fast-check';
import { routes } from '../../api/app';
import type { RouteDef } from '../../api/route';
import { fillPath, isErrorShape, useAccessFixtures } from '../support/accessFixtures';

/**
 * Bad input never makes a 5xx (API.md: "never a 500 for bad input"), and every refusal has the one error shape.
 * Every write route of the table, called by a role it allows (so the body is really read), with random JSON, raw
 * text, huge strings, wrong types, unknown and known fields with wrong values, random path params and headers.
 * Bounded: WRITE_RUNS + READ_RUNS requests in all, a few seconds.
 */
const WRITE_RUNS = 200;
const READ_RUNS = 80;
/** Fixed, so a failure reproduces; FUZZ_SEED=<n> explores other inputs (and a failure prints its seed). */
const SEED = Number(process.env.FUZZ_SEED ?? 20200601);

/** Field names the API's bodies use: random values under real names get further into the schemas. */
const FIELD_NAMES = [
  'role',
  'label',
  'jurisdictionId',
  'agencyId',
  'name',
  'id',
  'jurisdiction',
  'children',
  'agencies',
  'calendar',
  'policy',
  'phases',
  'deadlines',
  'closesAt',
  'timeZone',
  'reminders',
  'escalation',
  'dayKind',
  'action',
  'note',
  'reason',
  'dueAt',
  'answer',
  'evidence',
  'title',
  'scope',
  'content',
  'measures',
  'requirements',
  'channel',
  'kind',
  'description',
  'contact',
  'checklistCode',
  'source',
  'severity',
  'classification',
  'responsiblePerson',
  'foundOn',
  'summary',
  'investigator',
  'outcome',
  'approve',
  'proposedDueAt',
  'suggestion',
  'item',
  '__proto__',
  'constructor',
];

const huge = fc.integer({ min: 70_000, max: 200_000 }).map((n) => 'x'.repeat(n));
const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '../../etc/passwd',
    "'; drop table campaigns; --",
    '%00',
    '9'.repeat(40),
    '-1',
    '1e400',
    'P99999999Y',
    'PT0S',
    '2020-02-30T25:61:00+08:00',
    '𠀀'.repeat(300),
  ),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: weirdString },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(Number.MAX_SAFE_INTEGER),
    ),
  },
);

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
const body: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 8 })
      .map((v) => ({ kind: 'json' as const, value: v })),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'json' as const, value: v })) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), value).map((v) => ({ kind: 'json' as const, value: v })) },
  { weight: 1, arbitrary: huge.map((s) => ({ kind: 'json' as const, value: { description: s, label: s, name: s } })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ kind: 'raw' as const, text })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '{"__proto__": {"role": "admin"}}',
        '{"a":',
        '[',
        '"\\ud800"',
        '{"label": "\\u0000"}',
        '1e99999',
        'null',
        '[]',
        '{}',
        `${'['.repeat(5000)}${']'.repeat(5000)}`,
        `{"note": ${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`,
      )
      .map((text) => ({ kind: 'raw' as const, text })),
  },
);

/**
 * Never a body with an http(s) URL: a valid one could register a webhook (POST /v1/webhooks) that the worker would then
 * call. The fuzz sends traffic to this machine's API only.
 */
const safeBody = body.filter((b) => !/https?:/i.test(b.kind === 'raw' ? b.text : (JSON.stringify(b.value) ?? '')));

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/json; charset=utf-16',
      'application/x-www-form-urlencoded',
      'application/merge-patch+json',
    ),
  },
);

describe('fuzzing: no bad input makes a 5xx, every refusal has the error shape', () => {
  const t = useAccessFixtures();

  /** A caller the route allows, so that authorization passes and the input is what gets judged. */
  const tokenFor = (r: RouteDef): string | undefined => {
    if (r.access === 'public') return undefined;
    const role = r.access[0];
    return (
      (role === 'admin'
        ? t.f.tokens.admin
        : role === 'bureau'
          ? t.f.tokens.bureau
          : role === 'agency'
            ? t.f.tokens.agency
            : t.f.tokens.discipline) ?? undefined
    );
  };
  const fixtureParams = () => ({
    id: t.f.campaignId,
    agencyId: t.f.agencyId,
    code: 'D1',
    itemCode: 'A1',
    itemId: t.f.itemId,
    trackingCode: t.f.trackingCode,
  });
  /** Params the fixtures do not know (a newer route's) get a well-formed id of nothing: a 404, still no 5xx. */
  const fill = (r: RouteDef, extra: Record<string, string> = {}) => {
    const known: Record<string, string> = { ...fixtureParams(), ...extra };
    for (const [, name] of r.path.matchAll(/:([A-Za-z]+)/g)) known[name] ??= 'fuzz-unknown';
    return fillPath(r.path, known);
  };
  const keyOf = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;
  const byKey = new Map(routes.map((r) => [keyOf(r), r]));
  const params = fc.dictionary(
    fc.constantFrom('id', 'agencyId', 'code', 'itemCode', 'itemId', 'trackingCode'),
    weirdString.filter((s) => s.length > 0 && s.length < 300),
  );

  async function check(
    r: RouteDef,
    o: { path: string; body?: Body; contentType?: string; idempotencyKey?: string; query?: string },
  ) {
    const headers: Record<string, string> = {};
    if (o.contentType) headers['content-type'] = o.contentType;
    if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
    const res = await t.http.request(r.method.toUpperCase(), o.path + (o.query ?? ''), {
      token: tokenFor(r),
      headers,
      ...(o.body
        ? o.body.kind === 'raw'
          ? { raw: o.body.text }
          : { raw: JSON.stringify(o.body.value) ?? 'null' }
        : {}),
    });
    const what = `${r.method.toUpperCase()} ${o.path}${o.query ?? ''} → ${res.status} ${res.text.slice(0, 300)}`;
    if (res.status >= 500) throw new Error(`server error: ${what}`);
    if (res.status >= 400 && !isErrorShape(res.body)) throw new Error(`no error shape: ${what}`);
  }

  test(`${WRITE_RUNS} random writes (seed ${SEED})`, async () => {
    const writes = routes.filter((r) => r.method !== 'get').map(keyOf);
    expect(writes.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        safeBody,
        contentType,
        fc.option(params, { freq: 4 }),
        fc.option(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme-ascii' }), { freq: 5 }),
        async (key, b, type, randomParams, idempotencyKey) => {
          const r = byKey.get(key)!;
          const path = fill(r, randomParams ?? {});
          // header values must be visible ASCII to be sent at all
          const header = idempotencyKey && /^[\x21-\x7e]+$/.test(idempotencyKey) ? idempotencyKey : undefined;
          await check(r, { path, body: b, contentType: type, idempotencyKey: header });
        },
      ),
      { numRuns: WRITE_RUNS, seed: SEED, endOnFailure: true },
    );
  });

  test(`${READ_RUNS} random queries on the read routes (seed ${SEED})`, async () => {
    const reads = routes.filter((r) => r.method === 'get').map(keyOf);
    const queryValue = fc.oneof(
      weirdString,
      fc.constantFrom(
        '0',
        '-1',
        '501',
        '1.5',
        'true',
        'abc',
        'MQ',
        'OTk5OTk5OTk5OTk5OTk5OTk5OTk5',
        'eyJ4IjoxfQ',
        'WyJhIiwiYiJd',
      ),
    );
    const query = fc.dictionary(
      fc.constantFrom(
        'limit',
        'cursor',
        'since',
        'keyId',
        'status',
        'overdue',
        'agencyId',
        'phase',
        'type',
        'role',
        'revoked',
        'outcome',
        'light',
        'x',
      ),
      queryValue,
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...reads), query, async (key, q) => {
        const r = byKey.get(key)!;
        const path = fill(r);
        const text = new URLSearchParams(q as Record<string, string>).toString();
        await check(r, { path, query: text ? `?${text}` : '' });
      }),
      { numRuns: READ_RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
