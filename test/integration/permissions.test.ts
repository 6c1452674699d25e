import { routes } from '../../api/app';
import type { RouteDef } from '../../api/route';
import {
  PRINCIPALS,
  PRINCIPAL_TEXT,
  fillPath,
  isErrorShape,
  useAccessFixtures,
  type AccessFixtures,
  type Principal,
} from '../support/accessFixtures';
import { uniqueUsername } from '../support/people';

/**
 * The permission matrix: every route of the route table (api/app.ts `routes`) called by every kind of caller, against
 * real fixtures (test/support/accessFixtures.ts). A route without an entry in EXPECTED fails the first test, so no
 * route can be added without saying who may call it.
 *
 * HOW TO ADD A ROUTE: add a line `'METHOD /path/:pattern': { expect: '…' }` to EXPECTED, with one token per column:
 *
 *   401  refused for want of a (valid) key             403  refused: role not allowed, or the action not its to take
 *   404  allowed role, but the object is outside its scope (the API does not reveal it)
 *   ok   got through: 2xx, or 400/409/422 about the request or the object's state (never 401/403/404, never 5xx)
 *
 * Path params are filled from the fixtures by name (id = the campaign, agencyId = agency-sh, code = D1,
 * itemCode = A1, itemId = an open item of agency-sh); give `params` when a name means something else. The body is
 * `{}` unless `body` gives one: a 400 is enough to prove that authorization passed, but a valid body lets the
 * handler's scope check (404) run too. The rows run top to bottom, each left to right, against the same fixtures.
 */
type Token = '401' | '403' | '404' | 'ok';
interface Entry {
  /** one token per principal, in the order of COLUMNS */
  expect: string;
  params?: (f: AccessFixtures) => Record<string, string>;
  body?: (f: AccessFixtures) => unknown;
  /** a query string the call carries, when the route's access depends on it */
  query?: string;
}

const COLUMNS = PRINCIPALS; // none revoked admin bureau otherBureau siblingBureau agency otherAgency discipline

// prettier-ignore
const EXPECTED: Record<string, Entry> = {
  //                                                                  none revoked admin bureau otherB sibling agency otherA discipline
  'GET /healthz':                                              { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok' },
  // a bureau manages the keys of its subtree: the body and the victim are keys of agency-sh
  'POST /v1/api-keys':                                         { expect: '401  401     ok    ok     403    403     403    403    403', body: () => ({ role: 'agency', agencyId: 'agency-sh', label: '矩阵' }) },
  'GET /v1/api-keys':                                          { expect: '401  401     ok    ok     ok     ok      403    403    403' },
  'POST /v1/api-keys/:id/revoke':                              { expect: '401  401     ok    ok     404    404     403    403    403', params: (f) => ({ id: f.victimKeyId }) },
  'GET /v1/audit':                                             { expect: '401  401     ok    ok     ok     ok      403    403    403' },
  'GET /v1/me':                                                { expect: '401  401     ok    ok     ok     ok      ok     ok     ok' },
  'GET /v1/calendar':                                          { expect: '401  401     ok    ok     ok     ok      ok     ok     ok' },
  'GET /v1/campaigns':                                         { expect: '401  401     403   ok     ok     ok      ok     ok     403' },
  'POST /v1/campaigns':                                        { expect: '401  401     403   ok     ok     ok      403    403    403' },
  'GET /v1/campaigns/:id':                                     { expect: '401  401     403   ok     404    ok      403    403    403' },
  'GET /v1/campaigns/:id/agencies':                            { expect: '401  401     403   ok     404    ok      403    403    403' },
  'GET /v1/campaigns/:id/agencies/:agencyId':                  { expect: '401  401     403   ok     404    404     ok     404    403' },
  'POST /v1/campaigns/:id/agencies/:agencyId/deliverables/:code': {
    expect:                                                              '401  401     403   403    403    403     ok     403    403',
    body: () => ({ scope: '全局', content: '自查自纠', measures: '建立台账', requirements: '按期销号' }),
  },
  'PUT /v1/campaigns/:id/agencies/:agencyId/checklist/:itemCode': {
    expect:                                                              '401  401     403   403    403    403     ok     403    403',
    body: () => ({ answer: 'compliant', note: '已落实' }),
  },
  'POST /v1/campaigns/:id/agencies/:agencyId/deadlines/:code': {
    expect:                                                              '401  401     403   ok     404    404     403    403    403',
    body: () => ({ dueAt: new Date(Date.now() + 7200_000).toISOString(), reason: '因疫情顺延' }),
  },
  'GET /v1/campaigns/:id/events':                              { expect: '401  401     403   ok     404    ok      403    403    403' },
  'GET /v1/campaigns/:id/events.csv':                          { expect: '401  401     403   ok     404    ok      403    403    403' },
  'GET /v1/campaigns/:id/notices':                             { expect: '401  401     403   ok     404    ok      403    403    403' },
  'POST /v1/campaigns/:id/agencies/:agencyId/items': {
    expect:                                                              '401  401     403   ok     404    404     ok     404    403',
    body: () => ({ checklistCode: 'B3', source: 'self_found', description: '未公示流程图', severity: 'general', classification: 'immediate' }),
  },
  'GET /v1/campaigns/:id/items':                               { expect: '401  401     403   ok     404    ok      ok     ok     403' },
  'GET /v1/campaigns/:id/agencies/:agencyId/ledger-figures':  { expect: '401  401     403   ok     404    404     ok     404    403' },
  'GET /v1/items/:itemId':                                     { expect: '401  401     403   ok     404    404     ok     404    403' },
  // start is the agency's action: the bureau that can see the item is refused it (403), the others do not see it (404)
  'POST /v1/items/:itemId/actions': {
    expect:                                                              '401  401     403   403    404    404     ok     404    403',
    body: () => ({ action: 'start', note: '开始整改' }),
  },
  'GET /v1/referrals':                                         { expect: '401  401     403   403    403    403     403    403    ok' },
  'POST /v1/referrals/:id/acknowledge':                        { expect: '401  401     403   403    403    403     403    403    ok', params: (f) => ({ id: f.referralId }) },
  // public, and staff may file with their credentials (staffMayCall): a revoked key or a disabled account's session is refused
  // a valid body: credentials are checked only once the body is (a revoked one must then meet its 401, not a 400)
  'POST /v1/complaints':                                       {
    expect: 'ok   401     ok    ok     ok     ok      ok     ok     ok',
    body: () => ({ channel: 'web', kind: 'slow_action', agencyId: 'agency-sh', description: '矩阵：办证拖了两个月' }),
  },
  'GET /v1/complaints/track/:trackingCode':                    { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok', params: (f) => ({ trackingCode: f.trackingCode }) },
  'GET /v1/complaints':                                        { expect: '401  401     403   ok     ok     ok      403    403    403' },
  'GET /v1/complaints/:id':                                    { expect: '401  401     403   ok     404    404     403    403    403', params: (f) => ({ id: f.complaintId }) },
  'POST /v1/complaints/:id/actions': {
    expect:                                                              '401  401     403   ok     404    404     403    403    403',
    params: (f) => ({ id: f.complaintId }),
    body: () => ({ action: 'assign', investigator: '张三' }),
  },
  // the fixture campaign's spot-check phase is hours away: a bureau that sees it is refused with 409 (ok here)
  'POST /v1/campaigns/:id/spot-checks':                        { expect: '401  401     403   ok     404    ok      403    403    403', body: () => ({ seed: 'matrix', share: 0.5 }) },
  // agency-sh, which the campaign holds already: the city joins nothing (202, alreadyIn); the other county may not name it
  'POST /v1/campaigns/:id/agencies':                           { expect: '401  401     403   ok     404    403     403    403    403', body: (f) => ({ agencies: [{ id: f.agencyId }] }) },
  'GET /v1/campaigns/:id/spot-checks':                         { expect: '401  401     403   ok     404    ok      403    403    403' },
  'GET /v1/campaigns/:id/spot-check-findings':                { expect: '401  401     403   ok     404    ok      403    403    403' },
  // the fixtures hold no spot-check (none can be made before the phase): every bureau gets 404 for an unknown one
  'GET /v1/campaigns/:id/spot-checks/:checkId':                { expect: '401  401     403   404    404    404     403    403    403', params: (f) => ({ id: f.campaignId, checkId: 'sc-none' }) },
  'GET /v1/campaigns/:id/spot-checks/:checkId/record.xlsx':    { expect: '401  401     403   404    404    404     403    403    403', params: (f) => ({ id: f.campaignId, checkId: 'sc-none' }) },
  'POST /v1/campaigns/:id/spot-checks/:checkId/agencies/:agencyId': {
    expect:                                                              '401  401     403   404    404    404     403    403    403',
    params: (f) => ({ id: f.campaignId, checkId: 'sc-none', agencyId: f.agencyId }),
    body: () => ({ omissions: false, accurate: true, findings: [] }),
  },
  'GET /v1/campaigns/:id/reports/statistics':                  { expect: '401  401     403   ok     404    ok      403    403    403' },
  'GET /v1/campaigns/:id/reports/statistics.csv':              { expect: '401  401     403   ok     404    ok      403    403    403' },
  'GET /v1/campaigns/:id/reports/contacts.csv':                { expect: '401  401     403   ok     404    ok      403    403    403' },
  // notifications (docs/NOTIFICATIONS.md): the fixtures hold no delivery or inbox message, so unknown ids answer 404
  'GET /v1/notifications':                                     { expect: '401  401     ok    ok     ok     ok      403    403    403' },
  'GET /v1/notifications/deliveries/:id':                      { expect: '401  401     404   404    404    404     403    403    403', params: () => ({ id: '999999999' }) },
  'POST /v1/notifications/deliveries/:id/retry':               { expect: '401  401     404   404    404    404     403    403    403', params: () => ({ id: '999999999' }) },
  'GET /v1/inbox':                                             { expect: '401  401     403   ok     ok     ok      ok     ok     403' },
  'POST /v1/inbox/:id/read':                                   { expect: '401  401     403   404    404    404     404    404    403', params: () => ({ id: '999999999' }) },
  'POST /v1/inbox/read':                                       { expect: '401  401     403   ok     ok     ok      ok     ok     403', body: () => ({ campaignId: 'no-such-campaign' }) },
  'GET /v1/queue':                                             { expect: '401  401     ok    ok     ok     ok      ok     ok     ok' },
  // each target of a bulk action is checked on its own: the answer lists what was refused (an invalid body here)
  'POST /v1/queue/actions':                                    { expect: '401  401     403   ok     ok     ok      403    403    403' },
  // an invalid body (400) proves authorization passed without creating a subscription or a contact in the shared database
  'POST /v1/webhooks':                                         { expect: '401  401     ok    403    403    403     403    403    403', body: () => ({ url: 'not a url' }) },
  'GET /v1/webhooks':                                          { expect: '401  401     ok    403    403    403     403    403    403' },
  'DELETE /v1/webhooks/:id':                                   { expect: '401  401     404   403    403    403     403    403    403', params: () => ({ id: 'wh_none' }) },
  'PUT /v1/bureau-contacts/:jurisdictionId':                   { expect: '401  401     ok    403    403    403     403    403    403', params: () => ({ jurisdictionId: 'zhongwei' }), body: () => ({ email: 'not an email' }) },
  // documents (SPEC §12): a JSON body is not an upload, so a caller who gets through is answered 415 (ok here)
  // public for a complaint's photo (any other purpose without credentials is 401: test/integration/files.test.ts)
  'POST /v1/files':                                            { expect: 'ok   401     ok    ok     ok     ok      ok     ok     ok', query: 'purpose=complaint' },
  'POST /v1/public/files':                                     { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok' },
  'GET /v1/files/:id':                                         { expect: '401  401     404   404    404    404     404    404    404', params: () => ({ id: 'f-000000000000000000000000' }) },
  'GET /v1/campaigns/:id/agencies/:agencyId/deliverables/:code': { expect: '401  401     403   ok     404    404     ok     404    403' },
  // D1 is not submitted: the bureau above the agency is answered 409 (ok here)
  'POST /v1/campaigns/:id/agencies/:agencyId/deliverables/:code/return': {
    expect:                                                              '401  401     403   ok     404    404     403    403    403',
    body: () => ({ reason: '材料不全' }),
  },
  'POST /v1/campaigns/:id/agencies/:agencyId/deliverables/:code/accept': {
    expect:                                                              '401  401     403   ok     404    404     403    403    403',
  },
  // D1 is not listed in the fixtures: a bureau that sees the agency is answered 409 not_listed (ok here)
  'POST /v1/campaigns/:id/agencies/:agencyId/deliverables/:code/lift': {
    expect:                                                              '401  401     403   ok     404    404     403    403    403',
    body: () => ({ reason: '已整改到位' }),
  },
  'GET /v1/campaigns/:id/agencies/:agencyId/documents':        { expect: '401  401     403   ok     404    404     ok     404    403' },
  // the register (SPEC §14): a notice issued to agency-sh is read by the bureaus above it and by agency-sh, nobody else
  'GET /v1/documents':                                         { expect: '401  401     403   ok     ok     ok      ok     ok     ok' },
  'GET /v1/documents/register.xlsx':                           { expect: '401  401     403   ok     ok     ok      403    403    403' },
  'GET /v1/documents/:id.pdf':                                 { expect: '401  401     403   ok     404    404     ok     404    404', params: (f) => ({ id: f.noticeId }) },
  'POST /v1/documents/:id/receipt':                            { expect: '401  401     403   403    403    403     ok     404    404', params: (f) => ({ id: f.noticeId }) },
  'GET /v1/campaigns/:id/reports/statistics.xlsx':             { expect: '401  401     403   ok     404    ok      403    403    403' },
  'GET /v1/campaigns/:id/reports/contacts.xlsx':               { expect: '401  401     403   ok     404    ok      403    403    403' },
  // assessment (SPEC §17): the campaign's own bureau runs it; a county bureau reads its county's rows; an agency its own row and objects
  'GET /v1/campaigns/:id/assessment':                          { expect: '401  401     403   ok     404    ok      ok     ok     403' },
  'POST /v1/campaigns/:id/assessment/adjustments': {
    expect:                                                              '401  401     403   ok     404    404     403    403    403',
    body: () => ({ agencyId: 'agency-sh', kind: 'correction', points: 0.5, reason: '矩阵更正' }),
  },
  'POST /v1/campaigns/:id/assessment/draft':                   { expect: '401  401     403   ok     404    403     403    403    403' },
  // the window (five working days) is open: finalizing answers 409
  'POST /v1/campaigns/:id/assessment/finalize':                { expect: '401  401     403   ok     404    403     403    403    403' },
  'POST /v1/campaigns/:id/assessment/objections':              { expect: '401  401     403   403    403    403     ok     ok     403', body: () => ({ text: '矩阵异议' }) },
  // the body is incomplete: a 400 proves authorization passed
  'POST /v1/campaigns/:id/assessment/objections/:objectionId/decision': {
    expect:                                                              '401  401     403   ok     ok     ok      403    403    403',
    params: () => ({ objectionId: 'obj-matrix' }),
  },
  'GET /v1/campaigns/:id/assessment.xlsx':                     { expect: '401  401     403   ok     404    ok      403    403    403' },
  'POST /v1/campaigns/:id/disclosure':                         { expect: '401  401     403   ok     404    403     403    403    403', body: () => ({ published: true }) },
  // public once the row above published it
  'GET /v1/public/campaigns/:id/disclosure':                   { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok' },
  'GET /v1/bureau-contacts':                                   { expect: '401  401     ok    403    403    403     403    403    403' },
  // the registry (SPEC §10): a bureau keeps what lies below it; a bureau of another city or county is refused (403 outside_scope)
  'GET /v1/jurisdictions':                                     { expect: '401  401     ok    ok     ok     ok      403    403    403' },
  'PUT /v1/jurisdictions/:id': {
    expect:                                                              '401  401     ok    ok     403    403     403    403    403',
    params: () => ({ id: 'shapotou' }),
    body: () => ({ name: '沙坡头区', parentId: 'zhongwei' }),
  },
  'GET /v1/agencies':                                          { expect: '401  401     ok    ok     ok     ok      403    403    403' },
  'PUT /v1/agencies/:id': {
    expect:                                                              '401  401     ok    ok     403    403     403    403    403',
    params: (f) => ({ id: f.agencyId }),
    body: () => ({ name: '沙坡头区市场监督管理局', jurisdictionId: 'shapotou' }),
  },
  // channels (SPEC §16): the admin anywhere, a bureau within its subtree; a body with no channel changes nothing
  'GET /v1/jurisdictions/:id/channels':                        { expect: '401  401     ok    ok     403    403     403    403    403', params: () => ({ id: 'shapotou' }) },
  'GET /v1/agencies/:id/channels':                             { expect: '401  401     ok    ok     403    403     403    403    403', params: (f) => ({ id: f.agencyId }) },
  'PUT /v1/jurisdictions/:id/channels': {
    expect:                                                              '401  401     ok    ok     403    403     403    403    403',
    params: () => ({ id: 'shapotou' }),
    body: () => ({ sms: { mobiles: ['13800000000'] } }),
  },
  'PUT /v1/agencies/:id/channels': {
    expect:                                                              '401  401     ok    ok     403    403     403    403    403',
    params: (f) => ({ id: f.agencyId }),
    body: () => ({ sms: { mobiles: ['13800000000'] } }),
  },
  'GET /v1/agencies/import-template.xlsx':                     { expect: '401  401     ok    ok     ok     ok      403    403    403' },
  // not multipart: a 400 proves authorization passed without importing anything
  'POST /v1/agencies/import':                                  { expect: '401  401     ok    ok     ok     ok      403    403    403' },
  'GET /v1/public/agencies':                                   { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok' },
  // people (SPEC §13): a bureau manages the accounts of its subtree; the victim is an account of agency-sh
  'POST /v1/users': {
    expect:                                                              '401  401     ok    ok     403    403     403    403    403',
    body: () => ({ username: `matrix.${uniqueUsername('u')}`, displayName: '矩阵', role: 'agency', agencyId: 'agency-sh' }),
  },
  'GET /v1/users':                                             { expect: '401  401     ok    ok     ok     ok      403    403    403' },
  'POST /v1/users/:id/disable':                                { expect: '401  401     ok    ok     404    404     403    403    403', params: (f) => ({ id: f.victimUserId }) },
  'POST /v1/users/:id/enable':                                 { expect: '401  401     ok    ok     404    404     403    403    403', params: (f) => ({ id: f.victimUserId }) },
  'POST /v1/users/:id/reset-password':                         { expect: '401  401     ok    ok     404    404     403    403    403', params: (f) => ({ id: f.victimUserId }) },
  'PUT /v1/users/:id/mobile':                                  { expect: '401  401     ok    ok     404    404     403    403    403', params: (f) => ({ id: f.victimUserId }), body: () => ({ mobile: '13800000000' }) },
  // linking an account to the identity provider's subject is the admin's
  'PUT /v1/users/:id/oidc-subject':                            { expect: '401  401     ok    403    403    403     403    403    403', params: (f) => ({ id: f.victimUserId }), body: () => ({ oidcSubject: `matrix-${process.pid}` }) },
  'POST /v1/auth/login':                                       { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok' },
  // without a provider configured, start and callback answer 409 oidc_not_configured to anyone
  'GET /v1/auth/methods':                                      { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok' },
  'GET /v1/auth/oidc/start':                                   { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok' },
  'GET /v1/auth/oidc/callback':                                { expect: 'ok   ok      ok    ok     ok     ok      ok     ok     ok' },
  'POST /v1/auth/password':                                    { expect: '401  401     ok    ok     ok     ok      ok     ok     ok' },
  // with a key: 422 (no session to end); with a cookie it signs out, so it runs last
  'POST /v1/auth/logout':                                      { expect: '401  401     ok    ok     ok     ok      ok     ok     ok' },
};

const keyOf = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;

function tokensOf(entry: Entry): Token[] {
  const tokens = entry.expect.trim().split(/\s+/);
  if (tokens.length !== COLUMNS.length || tokens.some((t) => !['401', '403', '404', 'ok'].includes(t))) {
    throw new Error(
      `"${entry.expect}" must be ${COLUMNS.length} tokens of 401, 403, 404 or ok (columns: ${COLUMNS.join(' ')})`,
    );
  }
  return tokens as Token[];
}

const ROLE_OF: Record<Principal, string | null> = {
  none: null,
  revoked: null,
  admin: 'admin',
  bureau: 'bureau',
  otherBureau: 'bureau',
  siblingBureau: 'bureau',
  agency: 'agency',
  otherAgency: 'agency',
  discipline: 'discipline',
};

function matches(token: Token, status: number): boolean {
  if (status >= 500) return false;
  if (token === 'ok') return ![401, 403, 404].includes(status);
  return status === Number(token);
}

describe('the permission matrix: every route × every kind of caller', () => {
  test('every route in the route table has an entry in EXPECTED, and every entry a route', () => {
    const inTable = new Set(routes.map(keyOf));
    const missing = [...inTable].filter((k) => !(k in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((k) => !inTable.has(k));
    if (missing.length) {
      throw new Error(
        `routes without a permission-matrix entry: ${missing.join(', ')}.\n` +
          `Add a line to EXPECTED in test/integration/permissions.test.ts (one token per caller: ${COLUMNS.join(' ')}).`,
      );
    }
    expect(stale).toEqual([]);
  });

  test("EXPECTED agrees with each route's declared access", () => {
    const problems: string[] = [];
    for (const r of routes) {
      const entry = EXPECTED[keyOf(r)];
      if (!entry) continue;
      const tokens = tokensOf(entry);
      COLUMNS.forEach((p, i) => {
        const t = tokens[i];
        const role = ROLE_OF[p];
        if (r.access === 'public') {
          // credentials sent to a route staff may call are checked: refused ones are a 401, not a public call
          const want = r.staffMayCall && p === 'revoked' ? '401' : 'ok';
          if (t !== want)
            problems.push(
              `${keyOf(r)} is public${r.staffMayCall ? ' (staff may call it)' : ''}, yet ${p} expects ${t}, not ${want}`,
            );
        } else if (!role) {
          if (t !== '401') problems.push(`${keyOf(r)}: ${p} must be 401, not ${t}`);
        } else if (!r.access.includes(role as never)) {
          if (t !== '403') problems.push(`${keyOf(r)}: access does not list ${role}, so ${p} must be 403, not ${t}`);
        } else if (t === '401') {
          problems.push(`${keyOf(r)}: ${p} holds a valid ${role} key, so 401 is never right`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  describe('over HTTP', () => {
    const t = useAccessFixtures();

    const defaults = (fx: AccessFixtures): Record<string, string> => ({
      id: fx.campaignId,
      agencyId: fx.agencyId,
      code: 'D1',
      itemCode: 'A1',
      itemId: fx.itemId,
    });
    // signing out ends the session every later row of the cookie run needs
    const signsOut = (r: RouteDef) => keyOf(r) === 'POST /v1/auth/logout';
    const ordered = [...routes].sort((a, b) => Number(signsOut(a)) - Number(signsOut(b)));

    /** A request as each kind of caller makes it: a bearer key, or a session cookie with the CSRF token on writes. */
    const modes = {
      'with API keys': (p: Principal) => {
        const token = t.f.tokens[p];
        return token ? { token } : {};
      },
      'with session cookies': (p: Principal): { headers?: Record<string, string> } => {
        const s = t.f.sessions[p];
        return s ? { headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } } : {};
      },
    };

    for (const [mode, credentials] of Object.entries(modes)) {
      describe(mode, () => {
        for (const r of ordered) {
          const entry = EXPECTED[keyOf(r)];
          if (!entry) continue; // reported by the first test
          test(keyOf(r), async () => {
            const tokens = tokensOf(entry);
            const path = `${fillPath(r.path, { ...defaults(t.f), ...entry.params?.(t.f) })}${entry.query ? `?${entry.query}` : ''}`;
            const failures: string[] = [];
            for (const [i, p] of COLUMNS.entries()) {
              const body = r.method === 'get' ? undefined : entry.body ? entry.body(t.f) : {};
              const res = await t.http.request(r.method.toUpperCase(), path, { ...credentials(p), body });
              if (!matches(tokens[i], res.status)) {
                failures.push(
                  `${PRINCIPAL_TEXT[p]}: expected ${tokens[i]}, got ${res.status} ${res.text.slice(0, 200)}`,
                );
              }
              if (res.status >= 400 && !isErrorShape(res.body))
                failures.push(`${PRINCIPAL_TEXT[p]}: ${res.status} without the error shape: ${res.text.slice(0, 200)}`);
              if (
                mode === 'with API keys' &&
                p === 'revoked' &&
                tokens[i] === '401' &&
                res.body?.error?.message !== 'this key has been revoked'
              ) {
                failures.push(
                  `revoked key: expected the message 'this key has been revoked', got ${res.text.slice(0, 200)}`,
                );
              }
              if (r.access !== 'public' && res.headers.get('cache-control') !== 'no-store')
                failures.push(`${PRINCIPAL_TEXT[p]}: no Cache-Control: no-store`);
            }
            expect(failures).toEqual([]);
          });
        }
      });
    }
  });
});
