import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness';
import type { HttpClient } from '../support/http';
import { agencies, compressedCalendar, createCampaign, eventually, SECONDS_POLICY } from '../support/campaigns';
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

const HOUR = 3600;

/** Every phase has begun, the spot-check phase too; every deadline is an hour or more away. */
function spotCheckOpenCalendar(nowMs = Date.now()) {
  return compressedCalendar(nowMs, {
    phases: [
      [-120, HOUR],
      [-120, 2 * HOUR],
      [-120, 3 * HOUR],
      [-60, 4 * HOUR],
    ],
    deadlines: { D1: HOUR, D2: HOUR, D3: HOUR, D4: 2 * HOUR, D5: 2 * HOUR, D6: 2 * HOUR, D7: 3 * HOUR, D8: 3 * HOUR },
    closesAt: 5 * HOUR,
  });
}

/**
 * The spot-check phase (抽查检查, SPEC §5) in a real browser against the real API and worker: the bureau draws a
 * sample with a seed of its own (an agency with an overdue item is always drawn, half of the others at random), sees
 * the seed, draws again with it and gets the same agencies; records the overdue agency's check — omissions, not
 * accurate, two findings with their disposals — which become ledger items; the case to notify publicly appears in the
 * 通报 list. On a phone it records the other drawn agency.
 */
describe('spot-checks in the dashboard', () => {
  let h: Harness;
  let http: HttpClient;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const errors: string[] = [];
  let bureauKey: string;
  let bureau: { username: string; password: string };
  let campaignId: string;
  const AGENCIES = agencies(3).map((a, i) => ({
    ...a,
    name: ['抽查测试市场监管局', '抽查测试交通运输局', '抽查测试水务局'][i],
  }));
  const OVERDUE = AGENCIES[0];
  const SEED = '中卫-2027-抽查-1';
  const sampledIds = () =>
    page
      .locator('[data-testid^="sampled-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace(/^sampled-/, '')).sort());

  beforeAll(async () => {
    ({ h, http, bureauKey } = await startDashboardHarness());
    const policy = {
      ...SECONDS_POLICY,
      itemDue: { immediate: 'PT1H', disciplinary_lead: 'PT1H' },
      complaintInvestigation: 'PT1H',
    };
    campaignId = await createCampaign(http, bureauKey, {
      name: '专项整治（抽查测试）',
      agencies: AGENCIES,
      calendar: spotCheckOpenCalendar(),
      policy,
    });
    await eventually('the agency workflows', async () => {
      const started = await Promise.all(
        AGENCIES.map(
          async (a) => (await http.get(`/v1/campaigns/${campaignId}/agencies/${a.id}`, bureauKey)).body.started,
        ),
      );
      return started.every(Boolean);
    });
    // One item of the first agency goes overdue: that agency must be drawn.
    const item = await http.post(
      `/v1/campaigns/${campaignId}/agencies/${OVERDUE.id}/items`,
      {
        checklistCode: 'B4',
        source: 'self_found',
        description: '超期未办结行政许可',
        severity: 'general',
        classification: 'scheduled',
        responsiblePerson: '张科长',
        dueAt: new Date(Date.now() + 5_000).toISOString(),
      },
      bureauKey,
    );
    expect(item.status).toBe(201);
    await eventually(
      'the item overdue',
      async () => (await http.get(`/v1/items/${item.body.id}`, bureauKey)).body.overdue,
      60_000,
    );
    bureau = await createPerson(http, h.adminToken, {
      role: 'bureau',
      jurisdictionId: 'zhongwei',
      displayName: '王司法',
    });
    browser = await openBrowser(errors);
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  test('at 1440×900: draw with a seed (shown, reproducible), record the overdue agency with two findings, see them in the ledger and the 通报 list', async () => {
    await page.setViewportSize(DESKTOP);
    await signInAs(page, h.api.url, bureau);
    await page.goto(`${h.api.url}/campaigns/${encodeURIComponent(campaignId)}`);
    await page.getByTestId('tab-spot-checks').click();
    await page.getByTestId('spot-check-draw').waitFor();
    await page.getByTestId('spot-check-seed-input').fill(SEED);
    await page.getByTestId('spot-check-share').fill('50');
    await page.getByTestId('spot-check-draw-submit').click();

    // The new check shows its seed; the overdue agency is drawn for its overdue item, and 1 + ceil(50% × 2) = 2 in all.
    await page.getByTestId('spot-check').waitFor();
    expect(await page.getByTestId('spot-check-seed').textContent()).toBe(SEED);
    await eventually('the sample', async () => (await page.locator('[data-testid^="sampled-"]').count()) === 2);
    const row = page.getByTestId(`sampled-${OVERDUE.id}`);
    expect(await row.getAttribute('data-reason')).toBe('overdue');
    expect(await row.textContent()).toContain('存在逾期事项');
    expect(await row.textContent()).toContain(OVERDUE.name);
    const first = await sampledIds();
    const firstUrl = page.url();

    // The same seed draws the same agencies again.
    await page.getByTestId('spot-check-back').click();
    await page.getByTestId('spot-check-seed-input').fill(SEED);
    await page.getByTestId('spot-check-share').fill('50');
    await page.getByTestId('spot-check-draw-submit').click();
    await page.waitForURL((u) => u.href !== firstUrl && /\/spot-checks\/sc-/.test(u.pathname));
    await eventually('the second sample', async () => (await page.locator('[data-testid^="sampled-"]').count()) === 2);
    expect(await sampledIds()).toEqual(first);
    await page.goto(firstUrl);

    // Record the overdue agency: its list left problems out and was not accurate; two findings.
    await page.getByTestId(`sampled-${OVERDUE.id}`).getByTestId('record-open').click();
    const form = page.getByTestId('spot-check-record');
    await form.getByTestId('record-omissions-yes').check();
    await form.getByTestId('record-accurate-no').check();
    await form.getByTestId('record-note').fill('问题清单遗漏两项，部分整改情况不实');
    await form.getByTestId('finding-add').click();
    await form.getByTestId('finding-0-code').selectOption('B3');
    await form.getByTestId('finding-0-description').fill('执法流程图未公开（自查遗漏）');
    await form.getByTestId('finding-0-disposal-criticism_education').check();
    await form.getByTestId('finding-0-disposal-rectify_by_deadline').check();
    await form.getByTestId('finding-0-responsible').fill('李主任');
    await form.getByTestId('finding-0-measures').fill('一周内公开流程图');
    const due = DateTime.now().setZone('Asia/Shanghai').plus({ days: 2 }).startOf('minute');
    await form.getByTestId('finding-0-due').fill(due.toFormat("yyyy-MM-dd'T'HH:mm"));
    await form.getByTestId('finding-add').click();
    await form.getByTestId('finding-1-code').selectOption('D3');
    await form.getByTestId('finding-1-severity').selectOption('egregious');
    await form.getByTestId('finding-1-description').fill('执法人员办理人情案，整改情况不实');
    await form.getByTestId('finding-1-disposal-discipline_referral').check();
    await form.getByTestId('finding-1-disposal-public_notification').check();
    // transferred to the discipline commission: due by the policy, so no date is asked for
    expect(await form.getByTestId('finding-1-due').count()).toBe(0);
    await form.getByTestId('record-submit').click();

    await page.waitForSelector(`[data-testid="sampled-${OVERDUE.id}"][data-recorded="true"]`);
    expect(await page.getByTestId(`sampled-${OVERDUE.id}`).getByTestId('record-result').textContent()).toContain(
      '有遗漏 · 不准确或不属实',
    );
    const findings = page.locator('[data-testid="findings-table"] tbody tr');
    await eventually('the findings', async () => (await findings.count()) === 2);

    await shot(page, 'spot-check');
    // The findings are ledger items of the agency, source spot-check, with their disposals and dates.
    const items = await h.sql<
      {
        id: string;
        checklist_code: string;
        source: string;
        classification: string;
        disposals: string[];
        due_at: Date;
        agency_id: string;
      }[]
    >`
      select id, checklist_code, source, classification, disposals, due_at, agency_id from ledger_items
      where campaign_id = ${campaignId} and spot_check_id is not null order by checklist_code`;
    expect(items.map((i) => [i.checklist_code, i.agency_id, i.source, i.classification, i.disposals])).toEqual([
      ['B3', OVERDUE.id, 'spot_check', 'scheduled', ['criticism_education', 'rectify_by_deadline']],
      ['D3', OVERDUE.id, 'spot_check', 'disciplinary_lead', ['discipline_referral', 'public_notification']],
    ]);
    expect(items[0].due_at.getTime()).toBe(due.toMillis());
    const b3 = page.getByTestId(`finding-${items[0].id}`);
    expect(await b3.textContent()).toContain('批评教育');
    expect(await b3.textContent()).toContain('限期整改');
    expect(await b3.textContent()).toContain(due.toFormat('yyyy/MM/dd HH:mm'));

    // The 通报 list: the case transferred and to be publicly notified.
    await page.getByTestId('spot-check-back').click();
    const notified = page.locator('[data-testid="public-notifications-table"] tbody tr');
    await eventually('the 通报 list', async () => (await notified.count()) === 1);
    await shot(page, 'spot-checks');
    expect(await notified.textContent()).toContain('执法人员办理人情案，整改情况不实');
    expect(await notified.textContent()).toContain('通报曝光');
    expect(await notified.textContent()).toContain(OVERDUE.name);
    // Each finding opens its ledger item.
    await notified.getByTestId('finding-item').click();
    await page.getByTestId('item-page').waitFor();
    expect(page.url()).toContain(`/items/${items[1].id}`);
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 180_000);

  test('on a phone (390×844): record the other drawn agency — complete, accurate, nothing found', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${h.api.url}/campaigns/${encodeURIComponent(campaignId)}/spot-checks`);
    await page.getByTestId('spot-check-list').waitFor();
    expect(await fitOnPhone(page, 'spot-check-list')).toEqual({ withinViewport: true, holdsContent: true });
    // the first draw is the oldest, listed last
    await page.locator('[data-testid="spot-checks-table"] tbody tr').last().getByTestId('spot-check-open').click();
    await page.getByTestId('spot-check').waitFor();
    expect(await page.getByTestId('spot-check-seed').textContent()).toBe(SEED);
    const other = page.locator('[data-testid^="sampled-"][data-recorded="false"]');
    await eventually('the agency left to check', async () => (await other.count()) === 1);
    const otherId = (await other.getAttribute('data-testid'))!.replace(/^sampled-/, '');
    expect(await other.getAttribute('data-reason')).toBe('random');
    await other.getByTestId('record-open').click();
    const form = page.getByTestId('spot-check-record');
    await form.getByTestId('record-omissions-no').check();
    await form.getByTestId('record-accurate-yes').check();
    await form.getByTestId('record-submit').click();
    await page.waitForSelector(`[data-testid="sampled-${otherId}"][data-recorded="true"]`);
    expect(await page.getByTestId(`sampled-${otherId}`).getByTestId('record-result').textContent()).toContain(
      '无遗漏 · 准确属实',
    );
    await shot(page, 'spot-check-phone');
    for (const section of ['spot-check', 'spot-check-findings'])
      expect(await fitOnPhone(page, section)).toEqual({ withinViewport: true, holdsContent: true });
    const [record] = await h.sql<{ omissions: boolean; accurate: boolean; finding_items: string[] }[]>`
      select r.omissions, r.accurate, r.finding_items from spot_check_records r join spot_checks s on s.id = r.spot_check_id
      where s.campaign_id = ${campaignId} and r.agency_id = ${otherId}`;
    expect(record).toEqual({ omissions: false, accurate: true, finding_items: [] });
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);
});
