import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { createCampaign, createKey, eventually, compressedCalendar } from '../support/campaigns';
import { ensureDashboardBuilt, launchChromium } from '../support/browser';
import { createPerson } from '../support/people';
import { signInAs as signIn } from '../support/dashboardPage';
import { jpegPhoto, pdfScan } from '../support/files';

/**
 * Documents in the dashboard, in a real browser against the real API and worker: the agency uploads D7's signed and
 * sealed scan (with progress) and a photo for D5, the bureau opens the scan and returns D5 with a reason, the agency
 * sees the return and resubmits.
 */
describe('documents in the dashboard', () => {
  let h: Harness;
  let http: HttpClient;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const errors: string[] = [];
  let bureauKey: string;
  let bureau: { username: string; password: string };
  let agency: { username: string; password: string };
  let campaignId: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-'));
  const scanPath = path.join(dir, '工作总结（签字盖章）.pdf');
  const photoPath = path.join(dir, '公开栏照片.jpg');
  const agencyPage = () => `${h.api.url}/campaigns/${encodeURIComponent(campaignId)}/agencies/market-supervision`;

  async function signInAs(p: { username: string; password: string }) {
    await signIn(page, h.api.url, p);
    await page.goto(agencyPage());
    await page.getByTestId('agency-page').waitFor();
  }

  beforeAll(async () => {
    ensureDashboardBuilt();
    fs.writeFileSync(scanPath, await pdfScan('Summary, signed and sealed'));
    fs.writeFileSync(photoPath, jpegPhoto());
    h = await startHarness();
    http = httpClient(h.api.url);
    bureauKey = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const hour = 3600;
    // self-inspection and consolidation both open now, so D5 and D7 can be submitted; no deadline near
    campaignId = await createCampaign(http, bureauKey, {
      agencies: [{ id: 'market-supervision', name: '市市场监督管理局', jurisdictionId: 'zhongwei' }],
      calendar: compressedCalendar(Date.now(), {
        phases: [
          [-30, hour],
          [-20, 2 * hour],
          [-10, 3 * hour],
          [3 * hour, 4 * hour],
        ],
        deadlines: {
          D1: hour,
          D2: hour,
          D3: hour,
          D4: 2 * hour,
          D5: 2 * hour,
          D6: 2 * hour,
          D7: 3 * hour,
          D8: 3 * hour,
        },
        closesAt: 5 * hour,
      }),
    });
    await eventually(
      'the agency workflow',
      async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/market-supervision`, bureauKey)).body.started,
    );
    bureau = await createPerson(http, h.adminToken, {
      role: 'bureau',
      jurisdictionId: 'zhongwei',
      displayName: '王司法',
    });
    agency = await createPerson(http, h.adminToken, {
      role: 'agency',
      agencyId: 'market-supervision',
      displayName: '李执法',
    });
    browser = await launchChromium(errors);
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.context.close();
    if (browser) fs.rmSync(browser.userDataDir, { recursive: true, force: true });
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the agency uploads D7's sealed scan and a D5 photo; the bureau opens the scan and returns D5; the agency resubmits", async () => {
    await signInAs(agency);
    await page.getByTestId('submit-D7').click();
    await page.getByTestId('d-D7-summary').fill('专项整治工作总结：全面完成自查整改');
    await page.getByTestId('d-D7-signedBy').fill('李四');
    await page.getByTestId('d-D7-statistics.problemsFound').fill('0');
    await page.getByTestId('d-D7-statistics.closed').fill('0');
    await page.getByTestId('d-D7-statistics.inProgress').fill('0');
    await page.getByTestId('d-D7-sealedScan').setInputFiles(scanPath);
    await page.getByTestId('d-D7-sealedScan-done').waitFor();
    expect(await page.getByTestId('d-D7-sealedScan-done').textContent()).toContain('工作总结（签字盖章）.pdf');
    await page.getByTestId('deliverable-submit-D7').click();
    await page.waitForSelector('[data-testid="deliverable-D7"][data-met="true"]');

    await page.getByTestId('submit-D5').click();
    await page.getByTestId('d-D5-description').fill('在单位公开栏公开自查整改情况');
    await page.getByTestId('d-D5-evidence-0-title').fill('公开栏照片');
    await page.getByTestId('d-D5-evidence-0-fileId').setInputFiles(photoPath);
    await page.getByTestId('d-D5-evidence-0-fileId-done').waitFor();
    await page.getByTestId('deliverable-submit-D5').click();
    await page.waitForSelector('[data-testid="deliverable-D5"][data-met="true"]');

    // The bureau opens D7 and its scan: the PDF opens in a tab of its own, byte for byte the upload.
    await page.getByTestId('sign-out').click();
    await signInAs(bureau);
    await page.getByTestId('review-open-D7').click();
    const scan = page.locator('[data-testid="review-D7"] [data-name="工作总结（签字盖章）.pdf"]');
    await scan.waitFor();
    const [tab] = await Promise.all([browser.context.waitForEvent('page'), scan.getByRole('button').click()]);
    expect(tab.url()).toMatch(/^blob:/);
    // what the bureau opened is the agency's upload, byte for byte
    const fileId = (await scan.getAttribute('data-testid'))!.replace(/^file-/, '');
    const served = await fetch(`${h.api.url}/v1/files/${fileId}`, {
      headers: { authorization: `Bearer ${bureauKey}` },
    });
    expect(Buffer.from(await served.arrayBuffer()).equals(fs.readFileSync(scanPath))).toBe(true);
    await tab.close();

    // D5: the photo is previewed in place; the bureau returns it with a reason.
    await page.getByTestId('review-open-D5').click();
    await page.locator('[data-testid="review-D5"] img.file-preview').waitFor();
    await page.getByTestId('return-reason').fill('公开范围不够，请在门户网站公开并附截图');
    await page.getByTestId('return-submit').click();
    await page.waitForSelector('[data-testid="deliverable-D5"][data-met="false"]');
    await page.getByTestId('returned-D5').waitFor();

    // The agency sees the return and its reason, and resubmits.
    await page.getByTestId('sign-out').click();
    await signInAs(agency);
    expect(await page.getByTestId('returned-D5').getAttribute('title')).toBe('公开范围不够，请在门户网站公开并附截图');
    await page.getByTestId('submit-D5').click();
    await page.getByTestId('d-D5-description').fill('已在门户网站公开');
    await page.getByTestId('d-D5-evidence-0-title').fill('门户网站公开页面');
    await page.getByTestId('d-D5-evidence-0-url').fill('https://example.gov.cn/gk');
    await page.getByTestId('deliverable-submit-D5').click();
    await page.waitForSelector('[data-testid="deliverable-D5"][data-met="true"]');
    await page.getByTestId('review-open-D5').click();
    await page.locator('[data-testid="deliverable-history"] li').nth(2).waitFor();
    const actions = await page
      .locator('[data-testid="deliverable-history"] li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action')));
    expect(actions).toEqual(['submitted', 'returned', 'submitted']);
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 180_000);

  test("the agency gives a photo of an item's rectification; the bureau sees it in place on the item", async () => {
    const opened = await http.post(
      `/v1/campaigns/${campaignId}/agencies/market-supervision/items`,
      {
        checklistCode: 'B3',
        source: 'self_found',
        description: '办事大厅未公示执法流程图',
        severity: 'general',
        classification: 'immediate',
      },
      await createKey(http, h.adminToken, { role: 'agency', agencyId: 'market-supervision' }),
    );
    expect(opened.status).toBe(201);
    const itemPage = `${h.api.url}/campaigns/${encodeURIComponent(campaignId)}/items/${encodeURIComponent(opened.body.id)}`;
    await page.getByTestId('sign-out').click();
    await signInAs(agency);
    await page.goto(itemPage);
    await page.getByTestId('action-start').click();
    await page.getByTestId('action-confirm').click();
    await page.waitForSelector('[data-testid="item-status"][data-status="rectifying"]');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-text').fill('流程图已在办事大厅上墙公示');
    await page.getByTestId('evidence-0-title').fill('上墙照片');
    await page.getByTestId('evidence-0-file').setInputFiles(photoPath);
    await page.getByTestId('evidence-0-file-done').waitFor();
    await page.getByTestId('action-confirm').click();
    await page.waitForSelector('[data-testid="item-status"][data-status="pending_verification"]');

    await page.getByTestId('sign-out').click();
    await signInAs(bureau);
    await page.goto(itemPage);
    const photo = page.locator('[data-testid="item-evidence"] [data-name="公开栏照片.jpg"]');
    await photo.waitFor();
    await photo.locator('img.file-preview').waitFor();
    const fileId = (await photo.getAttribute('data-testid'))!.replace(/^file-/, '');
    const served = await fetch(`${h.api.url}/v1/files/${fileId}`, {
      headers: { authorization: `Bearer ${bureauKey}` },
    });
    expect(Buffer.from(await served.arrayBuffer()).equals(jpegPhoto())).toBe(true);
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 180_000);
});
