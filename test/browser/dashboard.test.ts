import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { at, createKey, JURISDICTION } from '../support/campaigns';
import { createPerson, uniqueUsername } from '../support/people';
import { projectRoot } from '../../stack/temporalCli';
import { CampaignDefinitionSchema } from '../../domain/campaign';
import { ensureDashboardBuilt, launchChromium } from '../support/browser';

/**
 * The operators' dashboard in a real browser (Debian's headless Chromium driven by playwright-core) against the real
 * API and worker: a bureau launches a compressed campaign and watches a light turn orange on its own; the agency
 * submits a deliverable and rectifies a ledger item; the bureau verifies and closes it; the public files and tracks a
 * complaint. SCREENSHOTS=1 also writes docs/screenshots/*.png.
 */

const ROOT = projectRoot();
const SCREENSHOTS = process.env.SCREENSHOTS === '1';
const SHOTS_DIR = path.join(ROOT, 'docs', 'screenshots');

const CITY_AGENCY = { id: 'market-supervision', name: '市市场监督管理局', jurisdictionId: 'zhongwei' };
const COUNTY_AGENCY = { id: 'shapotou-transport', name: '沙坡头区交通运输局', jurisdictionId: 'shapotou' };

/**
 * Deployment deadlines D1–D3 35 s after launch: green at first, yellow 5 s before, orange once missed, and orange stays
 * for two minutes (the supervision notice comes at +120 s) so a poll cannot miss it. Later deadlines are far enough
 * away not to matter.
 */
function compressedDefinition(baseMs: number) {
  return {
    name: '专项整治（浏览器测试）',
    jurisdiction: JURISDICTION,
    agencies: [CITY_AGENCY, COUNTY_AGENCY],
    calendar: {
      timeZone: 'Asia/Shanghai',
      phases: [
        { key: 'deployment', startsAt: at(baseMs, -5), endsAt: at(baseMs, 300) },
        { key: 'self_inspection', startsAt: at(baseMs, -5), endsAt: at(baseMs, 400) },
        { key: 'consolidation', startsAt: at(baseMs, 400), endsAt: at(baseMs, 450) },
        { key: 'spot_check', startsAt: at(baseMs, 450), endsAt: at(baseMs, 480) },
      ],
      deadlines: {
        D1: at(baseMs, 35),
        D2: at(baseMs, 35),
        D3: at(baseMs, 35),
        D4: at(baseMs, 380),
        D5: at(baseMs, 380),
        D6: at(baseMs, 390),
        D7: at(baseMs, 430),
        D8: at(baseMs, 440),
      },
      closesAt: at(baseMs, 500),
    },
    policy: {
      reminders: ['PT10S', 'PT5S'],
      warnWithin: 'PT5S',
      escalation: [
        { after: 'PT0S', action: 'overdue' },
        { after: 'PT120S', action: 'supervision_notice' },
        { after: 'PT240S', action: 'listed_supervision' },
      ],
      itemDue: { immediate: 'PT10M', disciplinary_lead: 'PT10M' },
      complaintInvestigation: 'PT10M',
    },
  };
}

describe('the operators’ dashboard in a browser', () => {
  let h: Harness;
  let http: HttpClient;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let bureauKey: string;
  /** The same callers as people, who sign in to the dashboard with a username and password. */
  type Person = { username: string; password: string };
  let bureau: Person;
  let agency: Person;
  let campaignId: string;
  let itemId: string;
  const consoleErrors: string[] = [];

  const url = (p: string) => `${h.api.url}${p}`;
  const shot = async (name: string) => {
    if (!SCREENSHOTS) return;
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
  };

  async function fillSignIn(p: Person) {
    await page.goto(url('/signin'));
    await page.getByTestId('signin-username').fill(p.username);
    await page.getByTestId('signin-password').fill(p.password);
    await page.getByTestId('signin-submit').click();
  }
  async function signIn(p: Person) {
    await fillSignIn(p);
    await page.getByTestId('whoami').waitFor();
  }
  function watch(p: Page) {
    p.setDefaultTimeout(20_000);
    p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    p.on('pageerror', (e) => consoleErrors.push(String(e)));
    return p;
  }
  async function signOut() {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-form').waitFor();
  }

  beforeAll(async () => {
    ensureDashboardBuilt();
    h = await startHarness();
    http = httpClient(h.api.url);
    bureauKey = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    bureau = await createPerson(http, h.adminToken, {
      role: 'bureau',
      jurisdictionId: 'zhongwei',
      displayName: '王司法',
    });
    agency = await createPerson(http, h.adminToken, {
      role: 'agency',
      agencyId: CITY_AGENCY.id,
      displayName: '李执法',
    });
    ({ context, page, userDataDir } = await launchChromium(consoleErrors));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await h?.close();
  });

  test('the API serves the dashboard at / with deep links, and keeps JSON 404s for the API', async () => {
    const index = await fetch(url('/campaigns/x/agencies'), { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script: helmet's CSP allows none
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api404 = await fetch(url('/v1/nothing-here'), { headers: { accept: 'text/html' } });
    expect(api404.status).toBe(404);
    expect(((await api404.json()) as any).error.code).toBe('not_found');
    const me = await http.get('/v1/me', bureauKey);
    expect(me.body).toMatchObject({ role: 'bureau', jurisdictionId: 'zhongwei', agencyId: null });
  });

  test('a person signs in with username and password, changes the first password, is still signed in after closing and reopening the page, and signs out', async () => {
    const username = uniqueUsername('browser');
    const created = await http.post(
      '/v1/users',
      { username, displayName: '赵局长', role: 'bureau', jurisdictionId: 'zhongwei' },
      h.adminToken,
    );
    expect(created.status).toBe(201);
    await fillSignIn({ username, password: 'wrong password' });
    await page.getByTestId('signin-error').waitFor();
    expect(await page.getByTestId('signin-error').textContent()).toContain('用户名或密码不正确');

    await fillSignIn({ username, password: created.body.initialPassword });
    await page.getByTestId('must-change').waitFor(); // forced: nothing else until the generated password is changed
    await page.getByTestId('password-current').fill(created.body.initialPassword);
    await page.getByTestId('password-next').fill('Zhao-2027-own-pass');
    await page.getByTestId('password-repeat').fill('Zhao-2027-own-pass');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('campaign-list').waitFor();
    expect(await page.getByTestId('whoami').textContent()).toContain('赵局长');
    const cookie = (await context.cookies(h.api.url)).find((c) => c.name === 'rc_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('document.cookie')).not.toContain('rc_session'); // scripts cannot read it

    await page.close();
    page = watch(await context.newPage());
    await page.goto(url('/'));
    await page.getByTestId('campaign-list').waitFor();
    expect(await page.getByTestId('whoami').textContent()).toContain('赵局长');

    await signOut();
    await page.goto(url('/'));
    await page.getByTestId('signin-form').waitFor();
    expect(await page.getByTestId('whoami').count()).toBe(0);
  });

  test('a bureau signs in and launches a compressed campaign from the form', async () => {
    await page.goto(url('/'));
    await page.getByTestId('signin-form').waitFor();
    await shot('signin');
    await signIn(bureau);
    await page.getByTestId('campaign-list').waitFor();
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('new-campaign-form').waitFor();
    await shot('new-campaign');
    // The compressed-calendar helper (advanced options) gives the form a calendar and ladder the API's own schema accepts.
    await page.getByTestId('campaign-advanced').locator('summary').click();
    await page.getByTestId('compressed-fill').click();
    const { calendar, policy } = JSON.parse(await page.getByTestId('campaign-json').inputValue());
    const helped = CampaignDefinitionSchema.safeParse({ ...compressedDefinition(Date.now()), calendar, policy });
    expect(helped.success ? [] : helped.error.issues).toEqual([]);
    // A definition pasted as JSON fills the form, which creates it.
    await page.getByTestId('campaign-json').fill(JSON.stringify(compressedDefinition(Date.now()), null, 2));
    await page.getByTestId('campaign-json-load').click();
    await page.waitForFunction(
      "document.querySelector('[data-testid=\"campaign-name-input\"]')?.value === '专项整治（浏览器测试）'",
    );
    await page.getByTestId('campaign-create').click();
    await page.getByTestId('overview').waitFor();
    campaignId = /\/campaigns\/([^/]+)$/.exec(new URL(page.url()).pathname)![1];
    expect(campaignId).toMatch(/^c-/);
    await expect(page.getByTestId('campaign-name').textContent()).resolves.toBe('专项整治（浏览器测试）');
    await page.getByTestId('phase-timeline').waitFor();
  });

  test("the agency's light turns from green to orange on its own, without a reload", async () => {
    await page.getByTestId('tab-agencies').click();
    const row = page.getByTestId(`agency-row-${CITY_AGENCY.id}`);
    await row.waitFor();
    expect(await row.getAttribute('data-light')).toBe('green');
    // A marker on the window: a reload would wipe it.
    await page.evaluate('window.__noReload = true');
    await page.waitForSelector(`[data-testid="agency-row-${CITY_AGENCY.id}"][data-light="orange"]`, {
      timeout: 60_000,
    });
    expect(await page.evaluate('window.__noReload')).toBe(true);
    await page.getByTestId(`agency-row-${COUNTY_AGENCY.id}`).waitFor();
    await shot('agencies');

    // The overview counts the orange agencies and its feed shows the overdue escalation, again without a reload.
    await page.getByTestId('tab-overview').click();
    await page.waitForSelector('[data-testid="light-counts-orange"][data-value="2"]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid="event-row"][data-step="overdue"]', { timeout: 15_000 });
  }, 120_000);

  test('the agency signs in, submits a deliverable and opens a ledger item, then starts and submits it', async () => {
    await signOut();
    await signIn(agency);
    await page.getByTestId(`campaign-row-${campaignId}`).getByRole('link').click();
    await page.getByTestId('agency-page').waitFor();
    // The planned ladder: the overdue step already taken is marked, what lies ahead is pending.
    await page.waitForSelector('[data-testid="planned-step"][data-step="overdue"][data-taken="true"]', {
      timeout: 15_000,
    });
    await page.waitForSelector('[data-testid="planned-step"][data-taken="false"]', { timeout: 15_000 });
    // An agency sees its own agency only: no overview, no agencies tab.
    expect(await page.getByTestId('tab-agencies').count()).toBe(0);

    await page.getByTestId('submit-D2').click();
    await page.getByTestId('d-D2-name').fill('王五');
    await page.getByTestId('d-D2-phone').fill('x'); // too short: refused in the browser, as the API would
    await page.getByTestId('deliverable-submit-D2').click();
    await page.getByTestId('form-error').waitFor();
    await page.getByTestId('d-D2-phone').fill('0955-7012345');
    await page.getByTestId('deliverable-submit-D2').click();
    await page.waitForSelector('[data-testid="deliverable-D2"][data-met="true"]');

    await page.getByTestId('checklist-A1').waitFor();
    await shot('agency');

    await page.getByTestId('add-item').click();
    await page.getByTestId('item-description').fill('行政许可事项办理超过法定时限，群众多次催办');
    await page.getByTestId('item-checklist').selectOption('B4');
    await page.getByTestId('item-source').selectOption('petition_report');
    await page.getByTestId('item-submit').click();
    await page.getByTestId('item-page').waitFor();
    itemId = /\/items\/([^/]+)$/.exec(new URL(page.url()).pathname)![1];
    await page.waitForSelector('[data-testid="item-status"][data-status="open"]');

    await page.getByTestId('action-start').click();
    await page.getByTestId('action-confirm').click();
    await page.waitForSelector('[data-testid="item-status"][data-status="rectifying"]');

    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-text').fill('已建立限时办结台账，逐件督办到位');
    await page.getByTestId('evidence-0-title').fill('限时办结台账');
    await page.getByTestId('evidence-0-url').fill('https://example.gov.cn/zg/b4');
    await page.getByTestId('action-confirm').click();
    await page.waitForSelector('[data-testid="item-status"][data-status="pending_verification"]');
    // The agency may not verify its own item.
    expect(await page.getByTestId('action-verify').count()).toBe(0);
  }, 120_000);

  test('the bureau signs in again and closes the item (销号) after verifying it', async () => {
    await signOut();
    await signIn(bureau);
    // A deep link straight to the item.
    await page.goto(url(`/campaigns/${campaignId}/items/${itemId}`));
    await page.waitForSelector('[data-testid="item-status"][data-status="pending_verification"]');
    await page.getByTestId('action-verify').click();
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('form-error').waitFor(); // a note is required
    await shot('item-verify');
    await page.getByTestId('action-text').fill('核实整改到位，予以销号');
    await page.getByTestId('action-confirm').click();
    await page.waitForSelector('[data-testid="item-status"][data-status="closed"]');
    await page.waitForFunction(`document.querySelectorAll('[data-testid="history-row"]').length >= 4`);
    const actions = await page.evaluate(
      `[...document.querySelectorAll('[data-testid="history-row"]')].map((r) => r.getAttribute('data-action'))`,
    );
    expect(actions).toEqual(['create', 'start', 'submit', 'verify']);
    await shot('item');

    const item = await http.get(`/v1/items/${itemId}`, bureauKey);
    expect(item.body.status).toBe('closed');
    expect(item.body.closure.kind).toBe('rectified');

    // The overview's ledger counts the closed item, and English is a click away.
    await page.getByTestId('tab-overview').click();
    await page.waitForSelector('[data-testid="items-chart"]');
    await page.waitForFunction(
      `/100\\.0%/.test(document.querySelector('[data-testid="county-total"]')?.textContent ?? '')`,
    );
    await shot('overview');
    await page.getByTestId('lang-toggle').click();
    await page.getByText('Phase timeline').waitFor();
    await shot('overview-en');
    await page.getByTestId('lang-toggle').click();
    await page.getByText('阶段时间轴').waitFor();
  }, 120_000);

  test('the public files a complaint without signing in and tracks it by its code', async () => {
    await signOut();
    await page.goto(url('/complain'));
    await page.getByTestId('complaint-form').waitFor();
    await page.getByTestId('kind-slow_action').check();
    await page.getByTestId('complaint-agency-search').fill(CITY_AGENCY.name);
    await page.getByTestId(`agency-option-${CITY_AGENCY.id}`).click();
    await page.getByTestId('complaint-description').fill('办理营业执照变更，超过承诺时限二十个工作日仍未办结。');
    await page.getByTestId('complaint-phone').fill('13800000000');
    await shot('complaint');
    await page.getByTestId('complaint-submit').click();
    const code = (await page.getByTestId('tracking-code').textContent())!.trim();
    expect(code.length).toBeGreaterThan(4);

    await page.getByTestId('track-link').click();
    await page.waitForSelector('[data-testid="track-status"]');
    expect(await page.getByTestId('track-result').getAttribute('data-status')).toBe('received');
    // The public page shows status and dates only: no contact details, no description.
    expect(await page.getByTestId('track-result').textContent()).not.toContain('13800000000');
    await shot('tracking');

    // The bureau finds it in its investigation queue.
    await signIn(bureau);
    await page.getByTestId('nav-complaints').click();
    await page.getByTestId('complaints-table').waitFor();
    expect(await page.getByTestId('complaints-table').textContent()).toContain(code);
    await shot('complaints');
  }, 60_000);

  test('the views follow the role: the discipline commission sees its referrals, the administrator the keys', async () => {
    const discipline = await createPerson(http, h.adminToken, { role: 'discipline', jurisdictionId: 'zhongwei' });
    await signOut();
    await signIn(discipline);
    await page.getByTestId('referrals').waitFor();
    expect(await page.getByTestId('nav-complaints').count()).toBe(0);
    await signOut();
    await signIn(await createPerson(http, h.adminToken, { role: 'admin' }));
    await page.getByTestId('keys').waitFor();
    await page.getByTestId('key-list').waitFor();
    await page.getByTestId('nav-users').click();
    await page.getByTestId(`user-${bureau.username}`).waitFor();
    expect(await page.getByTestId(`user-${bureau.username}`).textContent()).toContain('王司法');
  });

  test('the browser logged no errors', () => {
    // 4xx answers the forms showed on purpose are logged by Chromium as failed resources; nothing else may be.
    expect(consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
