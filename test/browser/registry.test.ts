import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { createKey, eventually } from '../support/campaigns';
import { ensureDashboardBuilt, launchChromium } from '../support/browser';
import { rosterXlsx } from '../support/roster';
import { createPerson } from '../support/people';

/**
 * The registry in a real browser, as a county bureau uses it: import the agency roster from an .xlsx (a bad row shown
 * in Chinese first, then the corrected file), launch a campaign whose agencies are picked from the registry, and a
 * member of the public files a complaint picking the agency by part of its name.
 */
describe('the registry in the dashboard', () => {
  let h: Harness;
  let http: HttpClient;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let bureau: string;
  let clerk: { username: string; password: string };
  const consoleErrors: string[] = [];
  const u = randomBytes(3).toString('hex');
  const root = `br${u}-county`;
  const town = `br${u}-town`;
  // a code of its own: codes are unique across the registry, and test/integration/registry.test.ts uses Huawei's
  const agencies = [
    [`br${u}-police`, `丙县公安局${u}`, root, '9144030071526726XG', '王警官', '科长', '0955-1000001', ''],
    [`br${u}-market`, `丙县市场监督管理局${u}`, town, '', '李科长', '', '0955-1000002', 'market@example.gov.cn'],
  ];
  const url = (p: string) => `${h.api.url}${p}`;
  let dir: string;

  beforeAll(async () => {
    ensureDashboardBuilt();
    h = await startHarness();
    http = httpClient(h.api.url);
    expect((await http.put(`/v1/jurisdictions/${root}`, { name: '丙县', parentId: null }, h.adminToken)).status).toBe(
      201,
    );
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: root });
    expect((await http.put(`/v1/jurisdictions/${town}`, { name: '丙镇', parentId: root }, bureau)).status).toBe(201);
    clerk = await createPerson(http, bureau, { role: 'bureau', jurisdictionId: root, displayName: '丙县司法局经办人' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-'));
    ({ context, page, userDataDir } = await launchChromium(consoleErrors));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await h?.close();
  });

  test('import a roster, launch a campaign from it, and file a public complaint picking the agency', async () => {
    await page.goto(url('/signin'));
    await page.getByTestId('signin-username').fill(clerk.username);
    await page.getByTestId('signin-password').fill(clerk.password);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('nav-registry').click();
    await page.getByTestId('registry-tree').getByText('丙镇').waitFor();

    // a bad credit code: the dry run shows the row and column in Chinese and nothing is imported
    const bad = path.join(dir, '名录（有误）.xlsx');
    fs.writeFileSync(
      bad,
      await rosterXlsx([agencies[0].map((v, i) => (i === 3 ? '9144030071526726XH' : v)), agencies[1]]),
    );
    await page.getByTestId('roster-file').setInputFiles(bad);
    await page.getByTestId('roster-apply').click();
    await page.getByTestId('roster-errors').waitFor();
    expect(await page.getByTestId('roster-errors').textContent()).toContain('统一社会信用代码校验位不符');
    expect(await page.getByTestId('roster-report').getAttribute('data-applied')).toBe('false');
    expect((await http.get('/v1/agencies', bureau)).body.items).toEqual([]);

    const good = path.join(dir, '名录.xlsx');
    fs.writeFileSync(good, await rosterXlsx(agencies));
    await page.getByTestId('roster-file').setInputFiles(good);
    await page.getByTestId('roster-dry-run').click();
    await page.locator('[data-testid="roster-report"][data-errors="0"]').waitFor();
    await page.getByTestId('roster-apply').click();
    await page.locator('[data-testid="roster-report"][data-applied="true"]').waitFor();
    await page.getByTestId('registry-search').fill('市场监督');
    await page.locator(`[data-testid="registry-agencies"] tr[data-id="br${u}-market"]`).waitFor();

    // the campaign form: agencies ticked from the registry fill the definition
    await page.goto(url('/campaigns/new'));
    await page.getByTestId(`pick-br${u}-police`).waitFor();
    await page.getByTestId('pick-all').check();
    await page.getByTestId('campaign-advanced').locator('summary').click();
    await page.getByTestId('compressed-fill').click();
    const def = JSON.parse(await page.getByTestId('campaign-json').inputValue());
    expect(def.jurisdiction).toEqual({ id: root, name: '丙县', children: [{ id: town, name: '丙镇' }] });
    expect(def.agencies.map((a: { id: string }) => a.id).sort()).toEqual([`br${u}-market`, `br${u}-police`]);
    await page.getByTestId('campaign-create').click();
    await page.waitForURL(/\/campaigns\/c-[0-9a-f]+$/);
    const campaignId = page.url().split('/').pop()!;

    // the public: search part of the name, pick the agency, file
    await page.getByTestId('sign-out').click();
    await page.goto(url('/complain'));
    await page.getByTestId('complaint-agency-search').fill(`公安局${u}`);
    await page.getByTestId(`agency-option-br${u}-police`).click();
    // the citizen sees where the agency stands and its name, never its id
    const picked = (await page.getByTestId('complaint-agency-picked').textContent())!;
    expect(picked).toContain(`丙县 › 丙县公安局${u}`);
    expect(picked).not.toContain(`br${u}`);
    await page.getByTestId('complaint-description').fill('户籍窗口推诿，三次往返仍未办理。');
    await page.getByTestId('complaint-submit').click();
    const code = (await page.getByTestId('tracking-code').textContent())!.trim();
    const row = await eventually('the complaint is recorded', async () => {
      const [r] =
        await h.sql`select campaign_id, agency_id, jurisdiction_id from complaints where tracking_code = ${code}`;
      return r;
    });
    expect(row).toEqual({ campaign_id: campaignId, agency_id: `br${u}-police`, jurisdiction_id: root });
    // the browser logs every 4xx it loads: the dry run's 422 and the signed-out page's 401 from /v1/me are expected
    expect(consoleErrors.filter((e) => !/status of (401|422)/.test(e))).toEqual([]);
  }, 180_000);
});
