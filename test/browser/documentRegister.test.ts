import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness';
import type { HttpClient } from '../support/http';
import { at, createCampaign, createKey, eventually } from '../support/campaigns';
import { createPerson } from '../support/people';
import {
  DESKTOP,
  PHONE,
  fitOnPhone,
  openBrowser,
  signInAs,
  startDashboardHarness,
  unexpectedErrors,
} from '../support/dashboardPage';

/**
 * 发文登记 in a real browser against the real API and worker: two agencies miss D1–D3; the bureau sees one notice per
 * agency on its register, the one not signed for in red once its window has passed; the agency signs for its own
 * there; the bureau lifts D1's listed supervision from the agency's page.
 */
describe('the register of issued documents in the dashboard', () => {
  let h: Harness;
  let http: HttpClient;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const errors: string[] = [];
  let bureau: { username: string; password: string };
  let agency: { username: string; password: string };
  let campaignId: string;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'register-shots-'));
  // A city of its own: the bureau's register lists every document of its subtree, and other files' campaigns run beside
  const run = Math.random().toString(36).slice(2, 8);
  const CITY = { id: `reg-${run}`, name: '中卫市' };
  const MARKET = `market-supervision-${run}`;

  beforeAll(async () => {
    const started = await startDashboardHarness();
    ({ h, http } = started);
    const base = Date.now() + 3000;
    const far = (s: number) => at(base, 3600 + s);
    expect(
      (await http.put(`/v1/jurisdictions/${CITY.id}`, { name: CITY.name, parentId: null }, h.adminToken)).status,
    ).toBe(201);
    const bureauKey = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: CITY.id });
    campaignId = await createCampaign(http, bureauKey, {
      jurisdiction: CITY,
      agencies: [
        { id: MARKET, name: '市市场监督管理局', jurisdictionId: CITY.id },
        { id: `natural-resources-${run}`, name: '市自然资源局', jurisdictionId: CITY.id },
      ],
      calendar: {
        timeZone: 'Asia/Shanghai',
        phases: [
          { key: 'deployment', startsAt: at(base, -5), endsAt: at(base, 1800) },
          { key: 'self_inspection', startsAt: far(0), endsAt: far(10) },
          { key: 'consolidation', startsAt: far(10), endsAt: far(20) },
          { key: 'spot_check', startsAt: far(20), endsAt: far(30) },
        ],
        deadlines: {
          D1: at(base, 5),
          D2: at(base, 5),
          D3: at(base, 5),
          D4: far(5),
          D5: far(5),
          D6: far(5),
          D7: far(15),
          D8: far(15),
        },
        closesAt: far(40),
      },
      policy: {
        reminders: [],
        warnWithin: 'PT1S',
        receipt: 'PT5S',
        escalation: [
          { after: 'PT0S', action: 'overdue' },
          { after: 'PT1S', action: 'supervision_notice' },
          { after: 'PT2S', action: 'listed_supervision' },
        ],
      },
    });
    await eventually(
      'both agencies chased for their unsigned notices',
      async () => {
        const items = (await http.get(`/v1/documents?campaignId=${campaignId}&receipt=overdue`, bureauKey)).body
          .items as { kind: string }[];
        return items.filter((d) => d.kind === 'supervision_notice').length === 2;
      },
      90_000,
    );
    bureau = await createPerson(http, h.adminToken, {
      role: 'bureau',
      jurisdictionId: CITY.id,
      displayName: '王司法',
    });
    agency = await createPerson(http, h.adminToken, {
      role: 'agency',
      agencyId: MARKET,
      displayName: '李执法',
    });
    browser = await openBrowser(errors);
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  test('the bureau sees every notice with its receipt, unsigned ones in red; the agency signs for its own', async () => {
    await page.setViewportSize(DESKTOP);
    await signInAs(page, h.api.url, bureau);
    await page.getByTestId('nav-documents').click();
    await page.getByTestId('documents').waitFor();
    await page.getByTestId('register-kind').selectOption('supervision_notice');
    const rows = page.locator('[data-testid="register-row"]');
    await eventually('two notices on the register', async () => (await rows.count()) === 2);
    expect(await page.locator('[data-testid="register-row"][data-receipt="overdue"] td.light-red').count()).toBe(2);
    const text = await page.getByTestId('documents').innerText();
    expect(text).toContain('关于督促报送工作措施等三项事项的督办通知');
    expect(text).toContain('市自然资源局');
    expect(text).toMatch(/卫法督〔\d{4}〕\d+号/);
    await page.screenshot({ path: path.join(shots, 'register-desktop.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    expect(await fitOnPhone(page, 'documents')).toEqual({ withinViewport: true, holdsContent: true });
    await page.screenshot({ path: path.join(shots, 'register-phone.png'), fullPage: true });

    await page.getByTestId('sign-out').click();
    await page.setViewportSize(DESKTOP);
    await signInAs(page, h.api.url, agency);
    await page.getByTestId('nav-documents').click();
    await page.getByTestId('documents').waitFor();
    await eventually('its own notices only', async () => (await rows.count()) > 0);
    expect(await page.getByTestId('documents').innerText()).not.toContain('市自然资源局');
    const notice = page.locator('[data-testid="register-row"]', { hasText: '督办通知' }).first();
    await notice.locator('button.primary').click();
    await page.waitForSelector('[data-testid="register-row"][data-receipt="signed"]');
    expect(await page.locator('[data-testid="register-row"][data-receipt="signed"]').innerText()).toContain('李执法');
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);

  test('the bureau lifts the listed supervision of D1 from the agency page: a 摘牌通知 joins the register', async () => {
    await page.getByTestId('sign-out').click();
    await signInAs(page, h.api.url, bureau);
    await page.goto(`${h.api.url}/campaigns/${campaignId}/agencies/${MARKET}`);
    await page.getByTestId('lift-D1').click();
    await page.locator('[data-testid="lift-form-D1"] textarea').fill('已报送工作措施，整改到位');
    await page.locator('[data-testid="lift-form-D1"] button[type="submit"]').click();
    await page.waitForSelector('[data-testid="deliverable-D1"][data-light="orange"]');
    expect(await page.getByTestId('lift-D1').count()).toBe(0);
    await page.getByTestId('nav-documents').click();
    await page.getByTestId('register-kind').selectOption('lifting');
    await page.waitForSelector('[data-testid="register-row"]');
    expect(await page.getByTestId('documents').innerText()).toContain('关于解除挂牌督办报送工作措施的摘牌通知');
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);
});
