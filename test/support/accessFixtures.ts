import { startHarness, type Harness } from './harness';
import { httpClient, type HttpClient } from './http';
import { routes } from '../../api/app';
import { SECONDS_POLICY, createCampaign, createKey, eventually, openCalendar } from './campaigns';
import { createPerson, type Session } from './people';
import { issueDocument } from '../../services/documents/register';

/**
 * A campaign of Zhongwei city with one agency in each of its two counties, the keys of every kind of caller around
 * it, a ledger item and a referral: what the permission matrix and the fuzz test fill path params from.
 *
 *   zhongwei (city) ─┬─ shapotou  ── agency-sh   ← the agency the paths name
 *                    └─ zhongning ── agency-zn
 */
export interface AccessFixtures {
  campaignId: string;
  /** the agency under test (Shapotou district) and the one of the other county */
  agencyId: string;
  otherAgencyId: string;
  itemId: string;
  referralId: string;
  /** a 督办通知 issued to agency-sh (the register's random id) */
  noticeId: string;
  /** a web complaint naming agency-sh, when the route table has the complaint routes */
  complaintId: string;
  trackingCode: string;
  /** a key that exists only to be revoked by the matrix */
  victimKeyId: string;
  /** an agency-sh account that exists only to be disabled and reset by the matrix */
  victimUserId: string;
  tokens: Record<Principal, string | null>;
  /** The same callers as people signed in (a session cookie and its CSRF token); "revoked" is a disabled account's. */
  sessions: Record<Principal, Session | null>;
}

/** The callers of the matrix, in its column order. */
export const PRINCIPALS = [
  'none',
  'revoked',
  'admin',
  'bureau',
  'otherBureau',
  'siblingBureau',
  'agency',
  'otherAgency',
  'discipline',
] as const;
export type Principal = (typeof PRINCIPALS)[number];

export const PRINCIPAL_TEXT: Record<Principal, string> = {
  none: 'no key',
  revoked: 'a revoked key (of the in-scope city bureau)',
  admin: 'admin',
  bureau: 'the city bureau (zhongwei, in scope)',
  otherBureau: 'the bureau of another city (yinchuan, outside the campaign)',
  siblingBureau: 'the bureau of the other county (zhongning: sees the campaign, not agency-sh)',
  agency: 'the agency itself (agency-sh)',
  otherAgency: 'another agency of the campaign (agency-zn)',
  discipline: 'the discipline commission of the city (zhongwei)',
};

export const FIXTURE_JURISDICTION = {
  id: 'zhongwei',
  name: '中卫市',
  children: [
    { id: 'shapotou', name: '沙坡头区' },
    { id: 'zhongning', name: '中宁县' },
  ],
};

export async function buildAccessFixtures(
  h: Harness,
  http: HttpClient,
  o: { complaints: boolean },
): Promise<AccessFixtures> {
  const hasComplaints = o.complaints;
  const admin = h.adminToken;
  const bureau = await createKey(http, admin, { role: 'bureau', jurisdictionId: 'zhongwei' });
  const tokens: Record<Principal, string | null> = {
    none: null,
    revoked: await createKey(http, admin, { role: 'bureau', jurisdictionId: 'zhongwei' }),
    admin,
    bureau,
    otherBureau: await createKey(http, admin, { role: 'bureau', jurisdictionId: 'yinchuan' }),
    siblingBureau: await createKey(http, admin, { role: 'bureau', jurisdictionId: 'zhongning' }),
    agency: await createKey(http, admin, { role: 'agency', agencyId: 'agency-sh' }),
    otherAgency: await createKey(http, admin, { role: 'agency', agencyId: 'agency-zn' }),
    discipline: await createKey(http, admin, { role: 'discipline', jurisdictionId: 'zhongwei' }),
  };
  const revokedId = /^rk_([0-9a-f]+)_/.exec(tokens.revoked!)![1];
  const revoked = await http.post(`/v1/api-keys/${revokedId}/revoke`, {}, admin);
  if (revoked.status !== 200) throw new Error(`revoking failed: ${revoked.status} ${revoked.text}`);
  const victim = await http.post(
    '/v1/api-keys',
    { role: 'agency', agencyId: 'agency-sh', label: 'to be revoked by the matrix' },
    admin,
  );

  const campaignId = await createCampaign(http, bureau, {
    jurisdiction: FIXTURE_JURISDICTION,
    agencies: [
      { id: 'agency-sh', name: '沙坡头区市场监督管理局', jurisdictionId: 'shapotou' },
      { id: 'agency-zn', name: '中宁县市场监督管理局', jurisdictionId: 'zhongning' },
    ],
    calendar: openCalendar(),
    policy: { ...SECONDS_POLICY, itemDue: { immediate: 'PT1H', disciplinary_lead: 'PT1H' } },
  });
  await eventually(
    'the agency workflow',
    async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/agency-sh`, bureau)).body.started,
  );

  const itemsPath = `/v1/campaigns/${campaignId}/agencies/agency-sh/items`;
  const item = await http.post(
    itemsPath,
    {
      checklistCode: 'B4',
      source: 'self_found',
      description: '办事推诿',
      severity: 'general',
      classification: 'immediate',
    },
    tokens.agency!,
  );
  if (item.status !== 201) throw new Error(`item creation failed: ${item.status} ${item.text}`);
  const lead = await http.post(
    itemsPath,
    {
      checklistCode: 'D3',
      source: 'petition_report',
      description: '涉嫌人情案线索',
      severity: 'serious',
      classification: 'disciplinary_lead',
    },
    tokens.agency!,
  );
  if (lead.status !== 201) throw new Error(`lead creation failed: ${lead.status} ${lead.text}`);
  const referred = await http.post(
    `/v1/items/${lead.body.id}/actions`,
    { action: 'refer', summary: '移送纪委监委' },
    bureau,
  );
  if (referred.status !== 200) throw new Error(`referral failed: ${referred.status} ${referred.text}`);
  const referral = await eventually('the referral', async () => {
    const res = await http.get('/v1/referrals', tokens.discipline!);
    return res.body.items?.find((r: { subject: { id: string } }) => r.subject.id === lead.body.id);
  });

  const notice = await issueDocument(h.sql, {
    kind: 'supervision_notice',
    campaignId,
    agency: { id: 'agency-sh', name: '沙坡头区市场监督管理局' },
    addressee: { kind: 'agency', id: 'agency-sh', name: '沙坡头区市场监督管理局' },
    matters: [{ subject: { kind: 'deliverable', id: 'D1' }, step: 'supervision_notice', name: '报送工作措施' }],
    dedupeKey: `matrix:${campaignId}`,
    at: new Date(),
  });

  const scopes: Record<Exclude<Principal, 'none'>, { role: string; jurisdictionId?: string; agencyId?: string }> = {
    revoked: { role: 'bureau', jurisdictionId: 'zhongwei' },
    admin: { role: 'admin' },
    bureau: { role: 'bureau', jurisdictionId: 'zhongwei' },
    otherBureau: { role: 'bureau', jurisdictionId: 'yinchuan' },
    siblingBureau: { role: 'bureau', jurisdictionId: 'zhongning' },
    agency: { role: 'agency', agencyId: 'agency-sh' },
    otherAgency: { role: 'agency', agencyId: 'agency-zn' },
    discipline: { role: 'discipline', jurisdictionId: 'zhongwei' },
  };
  const people = Object.fromEntries(
    await Promise.all(
      Object.entries(scopes).map(async ([p, scope]) => [
        p,
        await createPerson(http, admin, { ...scope, displayName: PRINCIPAL_TEXT[p as Principal] }),
      ]),
    ),
  ) as Record<Exclude<Principal, 'none'>, Awaited<ReturnType<typeof createPerson>>>;
  const disabled = await http.post(`/v1/users/${people.revoked.id}/disable`, {}, admin);
  if (disabled.status !== 200) throw new Error(`disabling failed: ${disabled.status} ${disabled.text}`);
  const victimUser = await http.post(
    '/v1/users',
    { username: `victim.${campaignId}`, displayName: '由矩阵停用', role: 'agency', agencyId: 'agency-sh' },
    admin,
  );
  if (victimUser.status !== 201) throw new Error(`victim account failed: ${victimUser.status} ${victimUser.text}`);
  const sessions = {
    none: null,
    ...Object.fromEntries(Object.entries(people).map(([p, person]) => [p, person.session])),
  } as Record<Principal, Session | null>;

  let complaintId = '';
  let trackingCode = '';
  if (hasComplaints) {
    const filed = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      agencyId: 'agency-sh',
      description: '办证拖了两个月',
    });
    if (filed.status !== 201) throw new Error(`complaint failed: ${filed.status} ${filed.text}`);
    trackingCode = filed.body.trackingCode;
    const queue = await http.get('/v1/complaints?limit=500', bureau);
    complaintId = queue.body.items.find((c: { trackingCode: string }) => c.trackingCode === trackingCode).id;
  }
  return {
    campaignId,
    complaintId,
    trackingCode,
    agencyId: 'agency-sh',
    otherAgencyId: 'agency-zn',
    itemId: item.body.id,
    referralId: referral.id,
    noticeId: notice.id,
    victimKeyId: victim.body.id,
    victimUserId: victimUser.body.id,
    tokens,
    sessions,
  };
}

/** The one error shape of the API (docs: API.md "Errors"). */
export function isErrorShape(body: unknown): boolean {
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  return (
    !!e &&
    typeof e.code === 'string' &&
    typeof e.message === 'string' &&
    Array.isArray(e.details) &&
    Object.keys(body as object).length === 1
  );
}

/** A path pattern with its params filled in, each one URL-encoded. */
export const fillPath = (pattern: string, params: Record<string, string>) =>
  pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(params[name]);
  });

/** Starts a harness with the access fixtures before the file's (or block's) tests and closes it after them. */
export function useAccessFixtures(): { h: Harness; http: HttpClient; f: AccessFixtures } {
  const ctx = {} as { h: Harness; http: HttpClient; f: AccessFixtures };
  beforeAll(async () => {
    ctx.h = await startHarness();
    ctx.http = httpClient(ctx.h.api.url);
    ctx.f = await buildAccessFixtures(ctx.h, ctx.http, {
      complaints: routes.some((r) => r.path === '/v1/complaints' && r.method === 'post'),
    });
  });
  afterAll(() => ctx.h?.close());
  return ctx;
}
