import type { BrowserContext, Page } from 'playwright-core';
import fs from 'node:fs';
import { freePort } from '../../stack/processes';
import { ensureDashboardBuilt, launchChromium } from '../support/browser';
import { DESKTOP, PHONE, shot, signInAs, unexpectedErrors } from '../support/dashboardPage';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { startOidcProvider, TEST_OIDC_CLIENT, type TestOidcProvider } from '../support/oidcProvider';
import { createPerson, signIn, uniqueUsername } from '../support/people';

/**
 * Sign-in through the province's identity provider (统一身份认证, SPEC §13) in Chromium against a real OpenID Connect
 * provider (oidc-provider, test/support/oidcProviderServer.mjs): a person signs in on the provider's form and lands on the
 * dashboard as the account linked to their subject, with that account's name and role; a subject linked to no account
 * is refused with the reason in Chinese and no account is made; signing out ends the product's session; with
 * LOCAL_PASSWORDS=off a right password is refused and the dashboard offers the provider only.
 */
describe('sign-in through the identity provider', () => {
  // subjects as a provincial platform issues them; only the first is linked to an account of the product
  const LINKED = `320500-staff-${process.pid}`;
  const STRANGER = `320500-visitor-${process.pid}`;
  const NEWCOMER = `320500-newcomer-${process.pid}`;
  let provider: TestOidcProvider;
  let h: Harness;
  let passwordsOff: Harness;
  let http: HttpClient;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const errors: string[] = [];
  let linkedUserId: string;

  beforeAll(async () => {
    ensureDashboardBuilt();
    const port = await freePort();
    const oidc = {
      OIDC_ISSUER: `http://127.0.0.1:${port}`,
      OIDC_CLIENT_ID: TEST_OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: TEST_OIDC_CLIENT.secret,
    };
    h = await startHarness({ worker: false, access: oidc });
    passwordsOff = await startHarness({ worker: false, access: { ...oidc, LOCAL_PASSWORDS: 'off' } });
    provider = await startOidcProvider({
      port,
      apiUrl: h.api.url,
      accounts: { [LINKED]: '赵统一', [STRANGER]: '钱陌生', [NEWCOMER]: '孙新到' },
    });
    http = httpClient(h.api.url);
    const created = await http.post(
      '/v1/users',
      {
        username: uniqueUsername('zhao'),
        displayName: '赵统一',
        role: 'bureau',
        jurisdictionId: 'zhongwei',
        oidcSubject: LINKED,
      },
      h.adminToken,
    );
    expect(created.status).toBe(201);
    linkedUserId = created.body.id;
    ({ context, page, userDataDir } = await launchChromium([]));
    // the errors of the product's pages, with where they came from (the provider's development pages are not ours)
    page.on('console', (m) => {
      if (m.type() === 'error' && page.url().startsWith(h.api.url)) errors.push(`${m.text()} ${m.location().url}`);
    });
    page.on('pageerror', (e) => errors.push(String(e)));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await provider?.stop();
    await passwordsOff?.close();
    await h?.close();
  });

  /** The provider's development form: any password; then its consent page. */
  async function signInAtProvider(subject: string): Promise<void> {
    await page.goto(`${h.api.url}/signin`);
    await page.getByTestId('signin-oidc').click();
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    await page.locator('input[name="login"]').fill(subject);
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.href.startsWith(h.api.url));
  }

  const sessionCookie = async () =>
    (await context.cookies(h.api.url)).find((c) => c.name === 'rc_session')?.value ?? null;

  test('the sign-in page offers 统一身份认证登录 beside the password form', async () => {
    expect((await http.get('/v1/auth/methods')).body).toEqual({ password: true, oidc: true });
    await page.setViewportSize(DESKTOP);
    await page.goto(`${h.api.url}/signin`);
    await expect(page.getByTestId('signin-oidc').textContent()).resolves.toBe('统一身份认证登录');
    expect(await page.getByTestId('signin-form').isVisible()).toBe(true);
    await shot(page, 'signin-oidc');
  });

  test("the provider's sign-in lands on the dashboard as the linked account, with its name and role", async () => {
    await signInAtProvider(LINKED);
    const whoami = page.getByTestId('whoami');
    await whoami.waitFor();
    expect(await whoami.getAttribute('data-role')).toBe('bureau');
    expect(await whoami.textContent()).toContain('赵统一');
    // its generated first password does not stand in the way: the provider vouched for the person
    expect(await page.getByTestId('nav-campaigns').count()).toBeGreaterThan(0);
    const cookie = await sessionCookie();
    expect(cookie).not.toBeNull();
    const me = await http.request('GET', '/v1/me', { headers: { cookie: `rc_session=${cookie}` } });
    expect(me.status).toBe(200);
    expect(me.body.person).toMatchObject({ userId: linkedUserId, displayName: '赵统一', mustChangePassword: false });

    // signing out ends the product's session, then the provider's (its sign-out page)
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.href.startsWith(provider.issuer));
    const after = await http.request('GET', '/v1/me', { headers: { cookie: `rc_session=${cookie}` } });
    expect(after.status).toBe(401);
  });

  test('a subject linked to no account is refused in Chinese, and no account is made', async () => {
    await context.clearCookies();
    const before = (await http.get('/v1/users?limit=200', h.adminToken)).body.items.length;
    await signInAtProvider(STRANGER);
    expect(new URL(page.url()).searchParams.get('signInError')).toBe('oidc_unknown_subject');
    const error = page.getByTestId('signin-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('该统一身份认证账号未关联本系统用户');
    expect(await sessionCookie()).toBeNull();
    expect(await page.getByTestId('whoami').count()).toBe(0);
    const users = (await http.get('/v1/users?limit=200', h.adminToken)).body.items;
    expect(users.length).toBe(before);
    expect(users.some((u: { oidcSubject: string | null }) => u.oidcSubject === STRANGER)).toBe(false);
    await page.setViewportSize(PHONE);
    await shot(page, 'signin-oidc-refused');
    await page.setViewportSize(DESKTOP);
  });

  test("the admin links a new account to the person's subject on the accounts page; the person signs in with it", async () => {
    const admin = await createPerson(http, h.adminToken, { role: 'admin', displayName: '李管理' });
    await context.clearCookies();
    await signInAs(page, h.api.url, admin);
    await page.goto(`${h.api.url}/users`);
    const username = uniqueUsername('sun');
    await page.getByTestId('user-username').fill(username);
    await page.getByTestId('user-display-name').fill('孙新到');
    await page.getByTestId('scope-role').selectOption('bureau');
    await page.getByTestId('scope-jurisdiction').fill('zhongwei');
    await page.getByTestId('user-oidc-subject').fill(NEWCOMER);
    await page.getByTestId('user-create').click();
    await page.getByTestId('initial-password').waitFor();
    await expect(page.getByTestId(`user-${username}`).textContent()).resolves.toContain(NEWCOMER);
    await shot(page, 'users-oidc-subject');
    const listed = (await http.get('/v1/users?limit=200', h.adminToken)).body.items;
    expect(listed.find((u: { username: string }) => u.username === username)?.oidcSubject).toBe(NEWCOMER);

    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-form').waitFor();
    await context.clearCookies();
    await signInAtProvider(NEWCOMER);
    const whoami = page.getByTestId('whoami');
    await whoami.waitFor();
    expect(await whoami.textContent()).toContain('孙新到');
  });

  test('a callback without the request this browser started is refused', async () => {
    await context.clearCookies();
    await page.goto(`${h.api.url}/v1/auth/oidc/callback?code=forged&state=forged`);
    expect(new URL(page.url()).searchParams.get('signInError')).toBe('oidc_sign_in_expired');
    expect(await sessionCookie()).toBeNull();
  });

  test('a subject links to one account only; the admin links and unlinks it', async () => {
    const taken = await http.post(
      '/v1/users',
      { username: uniqueUsername('qian'), displayName: '钱重复', role: 'admin', oidcSubject: LINKED },
      h.adminToken,
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('oidc_subject_taken');
    const other = await createPerson(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const relink = await http.put(`/v1/users/${other.id}/oidc-subject`, { oidcSubject: LINKED }, h.adminToken);
    expect(relink.status).toBe(409);
    const linked = await http.put(`/v1/users/${other.id}/oidc-subject`, { oidcSubject: STRANGER }, h.adminToken);
    expect(linked.status).toBe(200);
    expect(linked.body.oidcSubject).toBe(STRANGER);
    const unlinked = await http.put(`/v1/users/${other.id}/oidc-subject`, { oidcSubject: null }, h.adminToken);
    expect(unlinked.body.oidcSubject).toBeNull();
  });

  test('LOCAL_PASSWORDS=off: a right password is refused, and the dashboard offers the provider only', async () => {
    const off = httpClient(passwordsOff.api.url);
    // an account with a password of its own, made while passwords are on
    const person = await createPerson(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    expect((await signIn(http, person.username, person.password)).status).toBe(200);
    const refused = await signIn(off, person.username, person.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('password_sign_in_off');
    expect(refused.session).toBeNull();
    expect((await off.get('/v1/auth/methods')).body).toEqual({ password: false, oidc: true });

    await page.goto(`${passwordsOff.api.url}/signin`);
    await page.getByTestId('signin-provider-only').waitFor();
    expect(await page.getByTestId('signin-form').count()).toBe(0);
    expect(await page.getByTestId('signin-oidc').isVisible()).toBe(true);
    await shot(page, 'signin-oidc-only');
  });

  test('without a provider configured the sign-in routes say so', async () => {
    const plain = await startHarness({ worker: false });
    try {
      const bare = httpClient(plain.api.url);
      expect((await bare.get('/v1/auth/methods')).body).toEqual({ password: true, oidc: false });
      const start = await bare.get('/v1/auth/oidc/start');
      expect(start.status).toBe(409);
      expect(start.body.error.code).toBe('oidc_not_configured');
    } finally {
      await plain.close();
    }
  });

  test('the dashboard raised no errors of its own', () => {
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
