import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness';
import type { HttpClient } from '../support/http';
import { agenciesStarted, compressedCalendar, createCampaign, eventually, SECONDS_POLICY } from '../support/campaigns';
import { createPerson } from '../support/people';
import {
  DESKTOP,
  PHONE,
  fitOnPhone,
  openBrowser,
  shot,
  signInAs,
  startDashboardHarness,
  unexpectedErrors,
} from '../support/dashboardPage';
import { DEFAULT_RUBRIC } from '../../domain/assessment/rubric';

const HOUR = 3600;
const calendar = (nowMs: number) =>
  compressedCalendar(nowMs, {
    phases: [
      [-60, HOUR],
      [-60, 2 * HOUR],
      [2 * HOUR, 3 * HOUR],
      [3 * HOUR, 4 * HOUR],
    ],
    deadlines: { D1: HOUR, D2: HOUR, D3: HOUR, D4: 2 * HOUR, D5: 2 * HOUR, D6: 2 * HOUR, D7: 3 * HOUR, D8: 3 * HOUR },
    closesAt: 5 * HOUR,
  });
/** Overdue at the due date, a supervision notice 3 s after; nothing else within the test. */
const POLICY = {
  ...SECONDS_POLICY,
  escalation: [
    { after: 'PT0S', action: 'overdue' },
    { after: 'PT3S', action: 'supervision_notice' },
  ],
  itemDue: { immediate: 'PT1H', disciplinary_lead: 'PT1H' },
  complaintInvestigation: 'PT1H',
};

const CITY = {
  id: 'asmb-city',
  name: '市交通运输局',
  jurisdictionId: 'zhongwei',
  contact: { name: '陈立新', phone: '13955550001' },
};
const SLOW = {
  id: 'asmb-sp-slow',
  name: '沙坡头区自然资源局',
  jurisdictionId: 'shapotou',
  contact: { name: '马晓红', phone: '13955550002' },
};
const CLEAN = {
  id: 'asmb-sp-clean',
  name: '沙坡头区卫生健康局',
  jurisdictionId: 'shapotou',
  contact: { name: '杨帆', phone: '13955550003' },
};
const latin = (text: string) => (text.match(/[A-Za-z]+/g) ?? []).filter((w) => w !== 'English');
const pageFits = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;

/**
 * The assessment in a real browser against the real API and worker: the bureau's ranking per level (市直; 沙坡头区)
 * with a live score from an overdue item and its supervision notice, the draft opened from the screen; the agency's
 * own row on a phone and its objection; the public page at 390 px with no person's data and no Latin word.
 */
describe('assessment and public disclosure in the dashboard', () => {
  let h: Harness;
  let http: HttpClient;
  let bureauKey: string;
  let campaignId: string;
  let bureauBrowser: Awaited<ReturnType<typeof openBrowser>>;
  let agencyBrowser: Awaited<ReturnType<typeof openBrowser>>;
  const errors: string[] = [];
  let bureau: { username: string; password: string };
  let agency: { username: string; password: string };

  beforeAll(async () => {
    ({ h, http, bureauKey } = await startDashboardHarness());
    campaignId = await createCampaign(http, bureauKey, {
      name: '专项整治（考核测试）',
      agencies: [CITY, SLOW, CLEAN],
      calendar: calendar(Date.now()),
      policy: POLICY,
      assessment: { ...DEFAULT_RUBRIC, objectionWindow: 'PT10M' },
    });
    await agenciesStarted(http, bureauKey, campaignId, [CITY.id, SLOW.id, CLEAN.id]);
    // the slow agency's item is due in 3 s: overdue (−1), then a supervision notice (−3)
    const item = await http.post(
      `/v1/campaigns/${campaignId}/agencies/${SLOW.id}/items`,
      {
        checklistCode: 'B4',
        source: 'self_found',
        description: '行政处罚案件超期未结',
        severity: 'general',
        classification: 'scheduled',
        responsiblePerson: '刘科长',
        dueAt: new Date(Date.now() + 3_000).toISOString(),
      },
      bureauKey,
    );
    expect(item.status).toBe(201);
    await eventually(
      'the supervision notice',
      async () =>
        (
          await h.sql`select 1 from deadline_events where campaign_id = ${campaignId} and agency_id = ${SLOW.id}
                      and step = 'supervision_notice'`
        ).length > 0,
      60_000,
    );
    bureau = await createPerson(http, h.adminToken, {
      role: 'bureau',
      jurisdictionId: 'zhongwei',
      displayName: '王司法',
    });
    agency = await createPerson(http, h.adminToken, { role: 'agency', agencyId: SLOW.id, displayName: '马晓红' });
    bureauBrowser = await openBrowser(errors);
    agencyBrowser = await openBrowser(errors);
  }, 240_000);

  afterAll(async () => {
    await bureauBrowser?.close();
    await agencyBrowser?.close();
    await h?.close();
  });

  test('at 1440×900 the bureau ranks each level and opens the draft', async () => {
    const page = bureauBrowser.page;
    await page.setViewportSize(DESKTOP);
    await signInAs(page, h.api.url, bureau);
    await page.goto(`${h.api.url}/campaigns/${encodeURIComponent(campaignId)}`);
    await page.getByTestId('tab-assessment').click();
    await page.getByTestId('ranking-zhongwei').waitFor();
    // 市直 first, then 沙坡头区, each ranked by score
    const levels = await page
      .locator('section[data-testid^="ranking-"]')
      .evaluateAll((els) => els.map((e) => e.querySelector('h2')?.textContent));
    expect(levels).toEqual(['市直部门', '沙坡头区']);
    const row = (id: string) => page.getByTestId(`ranking-row-${id}`);
    // the clean agency: nothing against it, 100, first in 沙坡头区
    expect(await row(CLEAN.id).getByTestId('ranking-score').textContent()).toBe('100');
    expect(await row(CLEAN.id).getByTestId('ranking-rank').textContent()).toBe('1');
    // the slow one: 100 − 1 (item overdue) − 3 (督办通知) − 9 (0 of 1 item rectified: 90 points short) = 87 → 良好, second
    expect(await row(SLOW.id).getByTestId('ranking-score').textContent()).toBe('87');
    expect(await row(SLOW.id).getByTestId('ranking-grade').textContent()).toBe('良好');
    expect(await row(SLOW.id).getByTestId('ranking-rank').textContent()).toBe('2');
    const details = await row(SLOW.id).textContent();
    expect(details).toContain('问题整改逾期 −1');
    expect(details).toContain('督办通知 −3');
    expect(details).toContain('整改率低于标准 −9');
    await shot(page, 'desktop/assessment');
    await page.screenshot({ path: '/tmp/assessment-ranking-desktop.png', fullPage: true });

    await page.getByTestId('assessment-draft').click();
    await eventually(
      'the draft',
      async () => (await page.getByTestId('assessment-state-label').getAttribute('data-state')) === 'draft',
    );
    expect(latin(await page.getByTestId('assessment-state').innerText())).toEqual([]);
  }, 120_000);

  test('the campaign form shows the default rubric of SPEC §17, field by field, to change before the start', async () => {
    const page = bureauBrowser.page;
    await page.setViewportSize(DESKTOP);
    await page.goto(`${h.api.url}/campaigns/new`);
    await page.getByTestId('assessment-fields').waitFor();
    const value = (id: string) => page.getByTestId(id).inputValue();
    // SPEC §17, typed here from the text: late −2, missing −5, notice −3, listed −6, referral −10, item overdue −1,
    // complaint −2, spot-check finding −5, unsigned notice −1; +2/+1/+0.5 capped at +5; 90/80/70; below 90 % costs 1
    const expected: Record<string, string> = {
      'rubric-deduction-deliverable_late': '2',
      'rubric-deduction-deliverable_missing': '5',
      'rubric-deduction-supervision_notice': '3',
      'rubric-deduction-listed_supervision': '6',
      'rubric-deduction-discipline_referral': '10',
      'rubric-deduction-item_overdue': '1',
      'rubric-deduction-complaint_substantiated': '2',
      'rubric-deduction-spot_check_finding': '5',
      'rubric-deduction-notice_unsigned': '1',
      'rubric-bonus-national': '2',
      'rubric-bonus-provincial': '1',
      'rubric-bonus-municipal': '0.5',
      'rubric-bonus-cap': '5',
      'rubric-grade-excellent': '90',
      'rubric-grade-good': '80',
      'rubric-grade-pass': '70',
      'rubric-rate-threshold': '90',
      'rubric-rate-points': '1',
    };
    for (const [id, v] of Object.entries(expected)) expect([id, await value(id)]).toEqual([id, v]);
    expect(await page.getByTestId('rubric-veto').isChecked()).toBe(true);
    await page.getByTestId('rubric-deduction-notice_unsigned').fill('2');
    expect(await value('rubric-deduction-notice_unsigned')).toBe('2');
    await page.getByTestId('assessment-fields').screenshot({ path: '/tmp/assessment-form-desktop.png' });
  }, 60_000);

  test('at 390×844 the agency sees its own row explained and objects', async () => {
    const page = agencyBrowser.page;
    await page.setViewportSize(PHONE);
    await signInAs(page, h.api.url, agency);
    await page.goto(`${h.api.url}/campaigns/${encodeURIComponent(campaignId)}/assessment`);
    await page.getByTestId('assessment-own').waitFor();
    expect(await page.getByTestId('own-score').textContent()).toBe('87');
    expect(await page.getByTestId('own-grade').textContent()).toBe('良好');
    // its own row only: no other agency's name anywhere
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(CLEAN.name);
    expect(text).not.toContain(CITY.name);
    // each deduction names its event: time and subject
    const rows = page.getByTestId('own-deductions').locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).getAttribute('data-event-id')).toMatch(/^deadline_events\/\d+$/);
    expect(await rows.nth(0).innerText()).toContain('问题');
    await page.getByTestId('objection-text').fill('该问题已于期限前整改完毕，请求复核');
    await page.getByTestId('objection-submit').click();
    await page.getByTestId('own-objection').waitFor();
    expect(await page.getByTestId('own-objection-status').textContent()).toBe('待决定');
    expect(await fitOnPhone(page, 'assessment-own')).toEqual({ withinViewport: true, holdsContent: true });
    expect(await pageFits(page)).toBe(true);
    await shot(page, 'phone/assessment-agency');
    await page.screenshot({ path: '/tmp/assessment-agency-phone.png', fullPage: true });
    // the bureau sees the objection to decide
    const bureauPage = bureauBrowser.page;
    await bureauPage.goto(`${h.api.url}/campaigns/${encodeURIComponent(campaignId)}/assessment`);
    await bureauPage.getByTestId('objection').waitFor();
    expect(await bureauPage.getByTestId('objection').textContent()).toContain(SLOW.name);
  }, 120_000);

  test("at 390 px the public page fits, speaks Chinese and shows no person's data", async () => {
    const res = await http.post(`/v1/campaigns/${campaignId}/disclosure`, { published: true }, bureauKey);
    expect(res.status).toBe(200);
    const page = agencyBrowser.page;
    await page.setViewportSize(PHONE);
    await page.goto(`${h.api.url}/disclosure/${encodeURIComponent(campaignId)}`);
    await page.getByTestId('disclosure-agency').first().waitFor();
    expect(await page.getByTestId('disclosure-agency').count()).toBe(3);
    const text = await page.locator('body').innerText();
    expect(text).toContain('自查整改情况公示');
    expect(text).toContain(SLOW.name);
    expect(latin(text)).toEqual([]);
    for (const a of [CITY, SLOW, CLEAN]) {
      expect(text).not.toContain(a.contact.name);
      expect(text).not.toContain(a.contact.phone);
    }
    expect(text).not.toContain('刘科长');
    expect(text).not.toContain('王司法');
    // not final yet: no grade shown
    expect(await page.getByTestId('disclosure-grade').count()).toBe(0);
    expect(await pageFits(page)).toBe(true);
    expect(await fitOnPhone(page, 'disclosure')).toEqual({ withinViewport: true, holdsContent: true });
    await shot(page, 'phone/disclosure');
    await page.screenshot({ path: '/tmp/assessment-disclosure-phone.png', fullPage: true });
    expect(unexpectedErrors(errors).filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 120_000);
});
