import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { createKey } from '../support/campaigns';
import { ensureDashboardBuilt, launchChromium } from '../support/browser';
import { createPerson, uniqueUsername } from '../support/people';
import { OVERFLOW, VISIBLE_TEXT, latinWords } from '../support/screenText';

/**
 * A unit's notification channels on the registry screen (docs/NOTIFICATIONS.md "Group robots", "SMS"), as a county
 * bureau's clerk sets them on a desktop and on a phone: a WeCom robot for the county, a mobile number for an agency,
 * both shown again after a reload with the robot's key masked; a robot URL to 127.0.0.1 refused with the reason in
 * Chinese. The page fits the screen and shows no Latin word outside the allowed ones. On the Users screen, an account's
 * mobile number is listed and changed by its bureau.
 */
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe("a unit's channels in the registry", () => {
  let h: Harness;
  let http: HttpClient;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let clerk: { username: string; password: string };
  let bureau: string;
  const consoleErrors: string[] = [];
  const u = randomBytes(3).toString('hex');
  const county = `uc${u}-county`;
  const agency = `uc${u}-police`;
  const robotKey = `k${u}secret0001`;
  const url = (p: string) => `${h.api.url}${p}`;

  beforeAll(async () => {
    ensureDashboardBuilt();
    delete process.env.OUTBOUND_ALLOWED_HOSTS;
    h = await startHarness();
    http = httpClient(h.api.url);
    expect((await http.put(`/v1/jurisdictions/${county}`, { name: '丁县', parentId: null }, h.adminToken)).status).toBe(
      201,
    );
    expect(
      (await http.put(`/v1/agencies/${agency}`, { name: '丁县公安局', jurisdictionId: county }, h.adminToken)).status,
    ).toBe(201);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: county });
    clerk = await createPerson(http, bureau, {
      role: 'bureau',
      jurisdictionId: county,
      displayName: '丁县司法局经办人',
    });
    ({ context, page, userDataDir } = await launchChromium(consoleErrors));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await h?.close();
  });

  const visibleLatin = async () => latinWords(String(await page.evaluate(VISIBLE_TEXT)));
  /** Opens a unit's channels and waits until its settings are loaded into the form. */
  const openChannels = async (kind: 'jurisdiction' | 'agency', id: string, name: string) => {
    await page.getByTestId(`channels-${kind}-${id}`).click();
    await page.locator(`[data-testid="channels-loaded"][data-unit="${kind}:${id}"]`).waitFor();
    await page.getByTestId('unit-channels').getByText(name).first().waitFor();
  };

  test.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)(
    'on a %s: set a robot and a number, see them masked after a reload; an inside address refused',
    async (name, viewport) => {
      await page.setViewportSize(viewport);
      if (name === 'desktop') {
        await page.goto(url('/signin'));
        await page.getByTestId('signin-username').fill(clerk.username);
        await page.getByTestId('signin-password').fill(clerk.password);
        await page.getByTestId('signin-submit').click();
        await page.getByTestId('nav-registry').waitFor();
      }
      await page.goto(url('/registry'));
      await page.getByTestId('registry-tree').getByText('丁县').waitFor();

      // the county's WeCom robot
      const robot = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${robotKey}-${name}`;
      await openChannels('jurisdiction', county, '丁县');
      await page.getByTestId('channels-wecom').fill(robot);
      await page.getByTestId('channels-save').click();
      await page.getByTestId('channels-saved').waitFor();

      // an agency's mobile number
      const mobile = name === 'desktop' ? '13912345678' : '13812345678';
      await openChannels('agency', agency, '丁县公安局');
      await page.getByTestId('channels-sms').fill(mobile);
      await page.getByTestId('channels-save').click();
      await page.getByTestId('channels-saved').waitFor();

      // after a reload: both shown, the robot's key masked
      await page.reload();
      await openChannels('jurisdiction', county, '丁县');
      const wecomShown = (await page.getByTestId('channels-now-wecom').textContent())!;
      expect(wecomShown).toContain('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***');
      expect(wecomShown).not.toContain(robotKey);
      await openChannels('agency', agency, '丁县公安局');
      await page.getByTestId('channels-now-sms').getByText(mobile).waitFor();
      expect(await page.getByTestId('channels-now-wecom').textContent()).toBe('未设置');

      // a robot on this machine: refused, the reason in Chinese, nothing changed
      await page.getByTestId('channels-wecom').fill('http://127.0.0.1:5432/cgi-bin/webhook/send?key=x');
      await page.getByTestId('channels-save').click();
      const alert = page.getByTestId('unit-channels').getByRole('alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('outbound_address_forbidden');
      expect(await alert.textContent()).toMatch(/内部网络或本机/);
      expect((await http.get(`/v1/agencies/${agency}/channels`, h.adminToken)).body.wecom).toBeNull();

      expect(await page.evaluate(OVERFLOW)).toBeLessThanOrEqual(0);
      expect(await visibleLatin()).toEqual([]);
      await page.screenshot({ path: `/tmp/unit-channels-${name}.png`, fullPage: true });
      // the browser logs the refused save's 422, and the sign-in page's 401 from /v1/me
      expect(consoleErrors.filter((e) => !/status of (401|422)/.test(e))).toEqual([]);
    },
    180_000,
  );

  test("an account's mobile in the user list, changed there; a number that is not a mobile refused in Chinese", async () => {
    await page.setViewportSize(DESKTOP);
    const username = uniqueUsername('contact');
    const made = await http.post(
      '/v1/users',
      { username, displayName: '联络员', role: 'agency', agencyId: agency, mobile: '13700001111' },
      bureau,
    );
    expect(made.status).toBe(201);
    await page.goto(url('/users'));
    const cell = page.getByTestId(`mobile-${username}`);
    await cell.getByText('13700001111').waitFor();

    page.once('dialog', (d) => void d.accept('13700002222'));
    await page.getByTestId(`edit-mobile-${username}`).click();
    await cell.getByText('13700002222').waitFor();
    const listed = (await http.get('/v1/users?limit=500', bureau)).body.items.find(
      (x: { username: string }) => x.username === username,
    );
    expect(listed.mobile).toBe('13700002222');

    page.once('dialog', (d) => void d.accept('0955-7000000'));
    await page.getByTestId(`edit-mobile-${username}`).click();
    await page.getByTestId('users').getByText('手机号码应为 11 位数字，以 1 开头').first().waitFor();
    await page.screenshot({ path: '/tmp/unit-channels-users.png', fullPage: true });
    expect(await visibleLatin()).toEqual([]);
    expect(consoleErrors.filter((e) => !/status of (400|401|422)/.test(e))).toEqual([]);
  }, 120_000);
});
