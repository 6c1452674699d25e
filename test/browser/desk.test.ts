import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness';
import type { HttpClient } from '../support/http';
import { agencies, compressedCalendar, createCampaign, createKey, eventually } from '../support/campaigns';
import { createPerson } from '../support/people';
import {
  DESKTOP,
  PHONE,
  openBrowser,
  signInAs,
  startDashboardHarness,
  unexpectedErrors,
} from '../support/dashboardPage';
import { pdfScan, upload } from '../support/files';
import { latinWords, OVERFLOW, VISIBLE_TEXT } from '../support/screenText';

/**
 * Each role's day from the desk (SPEC §15), in Chromium at a desk's screen and a phone's: the agency submits D1 with
 * its work plan as a PDF from what is due; the bureau accepts one agency's D1, returns the other's; the agency sees why,
 * resubmits from its last submission; the bureau sees the resubmission and verifies items in bulk. Every page on the
 * way fails on a Latin word or an id on screen (what agencies entered included), on a page wider than the screen, and
 * on a value entered and not shown where its object is shown.
 */
describe('the desk in the dashboard', () => {
  let h: Harness;
  let http: HttpClient;
  let bureauKey: string;
  let page: Page;
  let close: () => Promise<void>;
  const errors: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-'));
  const planPath = path.join(dir, '工作方案（红头文件）.pdf');
  const shots = process.env.DESK_SHOTS;
  let campaignId: string;
  // A city of its own: the bureau's desk counts everything in its subtree, and other files' campaigns run beside this one
  const run = Math.random().toString(36).slice(2, 8);
  const CITY = { id: `desk-${run}`, name: '中卫市', children: [{ id: `desk-${run}-sp`, name: '沙坡头区' }] };
  const [first, second] = agencies(2, CITY.children[0].id);
  let bureau: { username: string; password: string };
  let clerk: { username: string; password: string };

  /** The page as a user sees it: Chinese only, no wider than the screen. */
  async function looksRight(what: string) {
    await page.waitForTimeout(300);
    const text = (await page.evaluate(VISIBLE_TEXT)) as string;
    expect({ what, latin: latinWords(text) }).toEqual({ what, latin: [] });
    expect({ what, overflow: await page.evaluate(OVERFLOW) }).toEqual({ what, overflow: 0 });
    if (shots) await page.screenshot({ path: path.join(shots, `${what}.png`), fullPage: true });
    return text;
  }

  const desk = async () => {
    await page.goto(`${h.api.url}/`);
    await page.getByTestId('desk-items').waitFor();
  };
  const openFromDesk = async (kind: string, n = 0) => {
    await page.getByTestId(`desk-kind-${kind}`).click();
    await page.locator(`[data-testid="desk-item"][data-kind="${kind}"] [data-testid="desk-open"]`).nth(n).click();
  };

  beforeAll(async () => {
    fs.writeFileSync(planPath, await pdfScan('Work plan'));
    ({ h, http } = await startDashboardHarness());
    for (const [id, name, parentId] of [
      [CITY.id, CITY.name, null],
      [CITY.children[0].id, CITY.children[0].name, CITY.id],
    ] as const)
      expect((await http.put(`/v1/jurisdictions/${id}`, { name, parentId }, h.adminToken)).status).toBe(201);
    bureauKey = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: CITY.id });
    const hour = 3600;
    campaignId = await createCampaign(http, bureauKey, {
      name: '2027年行政执法专项整治',
      jurisdiction: CITY,
      agencies: [first, second],
      calendar: compressedCalendar(Date.now(), {
        phases: [
          [-30, hour],
          [-20, 2 * hour],
          [2 * hour, 3 * hour],
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
    await eventually('the agencies started', async () => {
      const list = await http.get(`/v1/campaigns/${campaignId}/agencies?limit=10`, bureauKey);
      return (
        list.body.items?.length === 2 && list.body.items.every((a: { phase: string }) => a.phase !== 'not_started')
      );
    });
    // The first agency: D1 submitted through the API with a 4000×3000 photo of the signed plan; two items reported
    // rectified (整改完成), waiting for 销号.
    const firstKey = await createKey(http, h.adminToken, { role: 'agency', agencyId: first.id });
    bureau = await createPerson(http, h.adminToken, {
      role: 'bureau',
      jurisdictionId: CITY.id,
      displayName: '王司法',
    });
    clerk = await createPerson(http, h.adminToken, { role: 'agency', agencyId: second.id, displayName: '李执法' });
    ({ page, close } = await openBrowser(errors));
    await page.setViewportSize(DESKTOP);
    await page.goto(`${h.api.url}/complain`);
    const bigPhoto = Buffer.from(
      (await page.evaluate(`(() => {
        const c = document.createElement('canvas'); c.width = 4000; c.height = 3000;
        const g = c.getContext('2d'); g.fillStyle = '#8a6'; g.fillRect(0, 0, 4000, 3000); g.fillStyle = '#c33'; g.fillRect(400, 300, 3200, 2400);
        return c.toDataURL('image/jpeg', 0.6).split(',')[1];
      })()`)) as string,
      'base64',
    );
    const photo = await upload(h.api.url, { bytes: bigPhoto, name: '签发页照片.jpg', token: firstKey });
    expect(photo.status).toBe(201);
    const d1 = await http.post(
      `/v1/campaigns/${campaignId}/agencies/${first.id}/deliverables/D1`,
      {
        scope: '本局全部执法岗位',
        content: '对照十七项清单逐项自查',
        measures: '建立问题台账，限期整改',
        requirements: '主要负责人亲自抓',
        evidence: [{ title: '工作方案签发页', fileId: photo.body.id, note: '局长签发' }],
      },
      firstKey,
    );
    expect(d1.status).toBe(201);
    for (const description of ['执法案卷归档不及时', '执法证件未按期年审']) {
      const item = await http.post(
        `/v1/campaigns/${campaignId}/agencies/${first.id}/items`,
        {
          checklistCode: 'B5',
          source: 'self_found',
          description,
          severity: 'general',
          classification: 'immediate',
          measures: '专人负责，一周内整改',
          foundOn: new Date().toISOString().slice(0, 10),
        },
        firstKey,
      );
      expect(item.status).toBe(201);
      const submitted = await http.post(
        `/v1/items/${item.body.id}/actions`,
        { action: 'submit', note: '已整改完毕', evidence: [{ title: '整改报告', url: 'https://example.gov.cn/zg' }] },
        firstKey,
      );
      expect(submitted.status).toBe(200);
    }
  }, 240_000);

  afterAll(async () => {
    await close?.();
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("each role's day from the desk, at 1440×900", async () => {
    // The agency: D1 is due soon; it submits it with its work plan as a PDF.
    await signInAs(page, h.api.url, clerk);
    await desk();
    await looksRight('agency-desk');
    await openFromDesk('due_soon');
    await page.getByTestId('deliverable-form-D1').waitFor();
    await page.getByTestId('d-D1-scope').fill('本局行政执法各科室');
    await page.getByTestId('d-D1-content').fill('对照清单自查执法责任制落实情况');
    await page.getByTestId('d-D1-measures').fill('每周调度，月底汇总');
    await page.getByTestId('d-D1-requirements').fill('按期报送，不得漏报');
    await page.getByTestId('d-D1-evidence-0-title').fill('工作方案（红头文件）');
    await page.getByTestId('d-D1-evidence-0-fileId').setInputFiles(planPath);
    await page.getByTestId('d-D1-evidence-0-fileId-done').waitFor();
    await looksRight('agency-d1-form');
    await page.getByTestId('deliverable-submit-D1').click();
    await page.waitForSelector('[data-testid="deliverable-D1"][data-met="true"]');
    await page.getByTestId('sign-out').click();

    // The bureau: two D1s to review; it accepts the first agency's, with every field shown under its words.
    await signInAs(page, h.api.url, bureau);
    await desk();
    expect(await page.getByTestId('desk-kind-deliverable_to_review').getAttribute('data-count')).toBe('2');
    expect(await page.getByTestId('desk-kind-item_to_verify').getAttribute('data-count')).toBe('2');
    await looksRight('bureau-desk');
    await page.getByTestId('desk-kind-deliverable_to_review').click();
    await page.locator('[data-testid="desk-item"]', { hasText: first.name }).getByTestId('desk-open').click();
    await page.getByTestId('review-D1').waitFor();
    await page.getByTestId('file-list').waitFor();
    await page.locator('img.file-preview').waitFor();
    const review = await looksRight('bureau-review-accept');
    for (const shown of [
      '本局全部执法岗位',
      '对照十七项清单逐项自查',
      '建立问题台账，限期整改',
      '主要负责人亲自抓',
      '工作方案签发页',
      '局长签发',
      '签发页照片.jpg',
      '整治范围',
      '工作要求',
    ])
      expect(review).toContain(shown);
    // the 4000×3000 photo is a thumbnail
    const thumb = await page.locator('img.file-preview').boundingBox();
    expect(thumb!.width).toBeLessThanOrEqual(240);
    await page.getByTestId('accept-submit').click();
    // the agency's page shows the acceptance on the deliverable's row
    await page.getByTestId('accepted-D1').waitFor();

    // … and returns the second agency's, whose PDF it reads by its name.
    await desk();
    await openFromDesk('deliverable_to_review');
    await page.getByTestId('review-D1').waitFor();
    const second1 = await looksRight('bureau-review-return');
    for (const shown of [
      '本局行政执法各科室',
      '每周调度，月底汇总',
      '工作方案（红头文件）',
      '工作方案（红头文件）.pdf',
    ])
      expect(second1).toContain(shown);
    await page.getByTestId('return-reason').fill('工作方案未加盖公章，请补盖后重新报送');
    await page.getByTestId('return-submit').click();
    await page.getByTestId('returned-D1').waitFor();
    await page.getByTestId('sign-out').click();

    // The agency: the return waits on its desk with the reason; the form starts from the last submission.
    await signInAs(page, h.api.url, clerk);
    await desk();
    const agencyDesk = await looksRight('agency-desk-returned');
    expect(agencyDesk).toContain('工作方案未加盖公章');
    await openFromDesk('returned');
    await page.getByTestId('returned-reason').waitFor();
    expect(await page.getByTestId('d-D1-scope').inputValue()).toBe('本局行政执法各科室');
    expect(await page.getByTestId('d-D1-evidence-0-title').inputValue()).toBe('工作方案（红头文件）');
    expect(await page.getByTestId('d-D1-evidence-0-fileId-done').textContent()).toContain('工作方案（红头文件）.pdf');
    await looksRight('agency-resubmission');
    await page.getByTestId('d-D1-content').fill('对照清单自查执法责任制落实情况（已盖章）');
    await page.getByTestId('deliverable-submit-D1').click();
    await page.waitForSelector('[data-testid="deliverable-D1"][data-met="true"]');
    await page.getByTestId('sign-out').click();

    // The bureau sees the resubmission with its history, then verifies both items at once.
    await signInAs(page, h.api.url, bureau);
    await desk();
    expect(await page.getByTestId('desk-kind-deliverable_to_review').getAttribute('data-count')).toBe('1');
    await openFromDesk('deliverable_to_review');
    await page.getByTestId('review-D1').waitFor();
    await page.locator('[data-testid="deliverable-history"] li').nth(2).waitFor();
    const resubmitted = await looksRight('bureau-resubmission');
    expect(resubmitted).toContain('（已盖章）');
    expect(
      await page
        .locator('[data-testid="deliverable-history"] li')
        .evaluateAll((l) => l.map((e) => e.getAttribute('data-action'))),
    ).toEqual(['submitted', 'returned', 'submitted']);
    await desk();
    await page.getByTestId('desk-kind-item_to_verify').click();
    await page.getByTestId('desk-select-all').check();
    await page.getByTestId('desk-bulk-text').fill('经现场核查，整改到位');
    await page.getByTestId('desk-bulk-submit').click();
    await page.getByTestId('desk-outcome').waitFor();
    expect(await page.getByTestId('desk-outcome').textContent()).toContain('已办理 2 项');
    await eventually('the items verified', async () => {
      const q = await http.get(`/v1/queue?campaignId=${campaignId}&kind=item_to_verify`, bureauKey);
      return q.body.counts.item_to_verify === 0;
    });
    // An item shows what its form took: 整改措施 and 发现日期.
    const items = await http.get(`/v1/campaigns/${campaignId}/items?limit=10`, bureauKey);
    await page.goto(`${h.api.url}/campaigns/${campaignId}/items/${items.body.items[0].id}`);
    await page.getByTestId('item-measures').waitFor();
    const item = await looksRight('bureau-item');
    expect(item).toContain('专人负责，一周内整改');
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 300_000);

  test('the same screens fit a phone (390×844)', async () => {
    await page.setViewportSize(PHONE);
    await desk();
    await looksRight('phone-bureau-desk');
    await page.goto(`${h.api.url}/campaigns/${campaignId}/agencies/${first.id}?open=r-D1`);
    await page.locator('img.file-preview').waitFor();
    await looksRight('phone-bureau-review');
    await page.goto(`${h.api.url}/inbox`);
    await page.getByTestId('inbox').waitFor();
    await looksRight('phone-inbox');
    await page.getByTestId('sign-out').click();
    await signInAs(page, h.api.url, clerk);
    await desk();
    await looksRight('phone-agency-desk');
    await page.goto(`${h.api.url}/campaigns/${campaignId}/agencies/${second.id}?open=r-D1`);
    await page.getByTestId('review-D1').waitFor();
    await looksRight('phone-agency-review');
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);
});
