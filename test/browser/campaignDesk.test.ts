import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness';
import type { HttpClient } from '../support/http';
import { createCampaign, eventually, JURISDICTION } from '../support/campaigns';
import { createPerson, signIn } from '../support/people';
import { VISIBLE_TEXT, latinWords } from '../support/screenText';
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

/** A name of this file's own, in Chinese: the public picker searches every agency of the registry by name. */
const STEMS = '甲乙丙丁戊己庚辛壬癸';
const tag = Array.from(randomBytes(4), (b) => STEMS[b % 10]).join('');

/**
 * Issue #31 in the browser: a citizen picks an agency by its name on a phone and sees where it stands, never an id;
 * the bureau enables an account again; the deadline calendar, as a month and as a list, for a bureau and an agency.
 */
describe('the desk: the public picker, accounts enabled, the deadline calendar', () => {
  let h: Harness;
  let http: HttpClient;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const errors: string[] = [];
  let bureauKey: string;
  let campaignId: string;
  const hex = randomBytes(3).toString('hex');
  // one name in two jurisdictions, and registered twice in the city (a duplicate of the roster)
  const name = `${tag}市场监督管理局`;
  const city = { id: `desk-${hex}-city`, name, jurisdictionId: 'zhongwei' };
  const county = { id: `desk-${hex}-county`, name, jurisdictionId: 'shapotou' };
  const twin = { id: `desk-${hex}-twin`, name, jurisdictionId: 'zhongwei' };

  beforeAll(async () => {
    ({ h, http, bureauKey } = await startDashboardHarness());
    campaignId = await createCampaign(http, bureauKey, {
      name: '2027年专项整治（工作台测试）',
      jurisdiction: JURISDICTION,
      agencies: [city, county],
      year: 2027,
    });
    expect((await http.put(`/v1/agencies/${twin.id}`, { name, jurisdictionId: 'zhongwei' }, bureauKey)).status).toBe(
      201,
    );
    await eventually(
      'the agency workflows',
      async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/${county.id}`, bureauKey)).body.started,
    );
    browser = await openBrowser(errors);
    page = browser.page;
    page.on('dialog', (d) => void d.accept());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const visibleLatin = async () => latinWords(String(await page.evaluate(VISIBLE_TEXT)));

  test('a citizen on a phone picks the agency by its name: entries told apart by place, no id, a code of letters and digits', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${h.api.url}/complain`);
    await page.getByTestId('complaint-form').waitFor();
    await page.getByTestId('complaint-agency-search').fill(tag);
    const options = page.locator('[data-testid^="agency-option-"]');
    await eventually('the picker’s entries', async () => (await options.count()) === 2);
    const texts = (await options.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim()).sort();
    // one entry per place (the city's twin registration is one entry), each with the path from the top
    expect(texts).toEqual([`中卫市 › ${name}`, `中卫市 › 沙坡头区 › ${name}`].sort());
    await shot(page, 'phone/complaint-picker');
    expect(await visibleLatin()).toEqual([]);
    await page.getByText(`中卫市 › 沙坡头区 › `).click();
    expect(await page.getByTestId('complaint-agency-picked').textContent()).toContain(`中卫市 › 沙坡头区 › ${name}`);
    await page.getByTestId('complaint-description').fill('窗口办理营业执照变更，三次要求补充同一份材料。');
    expect(await visibleLatin()).toEqual([]);
    expect(await fitOnPhone(page, 'complaint-form')).toEqual({ withinViewport: true, holdsContent: true });
    await page.getByTestId('complaint-submit').click();
    const code = (await page.getByTestId('tracking-code').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]$/);
    await shot(page, 'phone/complaint-filed');
    expect(await visibleLatin()).toEqual([]);
    const [row] = await h.sql<
      { agency_id: string; campaign_id: string }[]
    >`select agency_id, campaign_id from complaints where tracking_code = ${code}`;
    expect(row).toEqual({ agency_id: county.id, campaign_id: campaignId });

    // at a desk, the same picker
    await page.setViewportSize(DESKTOP);
    await page.goto(`${h.api.url}/complain`);
    await page.getByTestId('complaint-agency-search').fill(tag);
    await eventually('the picker’s entries', async () => (await options.count()) === 2);
    await shot(page, 'desktop/complaint-picker');
    expect(await visibleLatin()).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);

  test('the bureau enables a disabled account, which then signs in', async () => {
    await page.setViewportSize(DESKTOP);
    const bureau = await createPerson(http, h.adminToken, {
      role: 'bureau',
      jurisdictionId: 'zhongwei',
      displayName: '赵司法',
    });
    const clerk = await createPerson(http, bureauKey, { role: 'agency', agencyId: county.id, displayName: '钱执法' });
    expect((await http.post(`/v1/users/${clerk.id}/disable`, {}, bureauKey)).status).toBe(200);
    expect((await signIn(http, clerk.username, clerk.password)).status).toBe(403);
    await signInAs(page, h.api.url, bureau);
    await page.getByTestId('nav-users').click();
    const row = page.getByTestId(`user-${clerk.username}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('已停用');
    await shot(page, 'desktop/users-disabled');
    await row.getByTestId(`enable-${clerk.username}`).click();
    await eventually('the account shown enabled', async () => !(await row.textContent())!.includes('已停用'));
    expect(await row.getByTestId(`disable-${clerk.username}`).count()).toBe(1);
    expect((await signIn(http, clerk.username, clerk.password)).status).toBe(200);
    await page.getByTestId('sign-out').click();
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);

  test('the deadline calendar: the bureau’s month and list at a desk, the agency’s on a phone', async () => {
    await page.setViewportSize(DESKTOP);
    const bureau = await createPerson(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    await signInAs(page, h.api.url, bureau);
    // (the overview of a 2027 campaign asks GET /v1/calendar for a year the official arrangement lacks: opened directly)
    await page.goto(`${h.api.url}/campaigns/${campaignId}/calendar`);
    await page.getByTestId('calendar-grid').waitFor();
    expect(await page.getByTestId('tab-calendar').getAttribute('class')).toContain('active');
    // the plan of 2027: D1–D3 by 10 June, reminded 7, 3 and 1 days before (calendar days): 3, 7 and 9 June
    expect(await page.getByTestId('calendar-month').textContent()).toBe('2027年6月');
    const day = (date: string) => page.locator(`[data-testid="calendar-day"][data-date="${date}"]`);
    const dueOn10 = (await day('2027-06-10').textContent())!;
    for (const code of ['D1', 'D2', 'D3']) expect(dueOn10).toContain(`${code} 截止`);
    for (const date of ['2027-06-03', '2027-06-07', '2027-06-09'])
      expect(Number(await day(date).getAttribute('data-count'))).toBe(3);
    // overdue on the day, the supervision notice 3 days after (13 June), listed supervision 10 days after (20 June)
    expect(Number(await day('2027-06-13').getAttribute('data-count'))).toBe(3);
    expect(Number(await day('2027-06-20').getAttribute('data-count'))).toBe(3);
    await shot(page, 'desktop/calendar-month');
    expect(await visibleLatin()).toEqual([]);
    await page.getByTestId('calendar-list-view').click();
    // eight deadlines, each with three reminders and three escalations
    expect(await page.getByTestId('calendar-list-row').count()).toBe(8 * 7);
    await shot(page, 'desktop/calendar-list');
    expect(await visibleLatin()).toEqual([]);
    await page.getByTestId('sign-out').click();

    await page.setViewportSize(PHONE);
    const clerk = await createPerson(http, bureauKey, { role: 'agency', agencyId: city.id, displayName: '孙执法' });
    await signInAs(page, h.api.url, clerk);
    await page.goto(`${h.api.url}/campaigns/${campaignId}/calendar`);
    await page.getByTestId('calendar-grid').waitFor();
    expect((await day('2027-06-10').textContent())!).toContain('D1 截止');
    await shot(page, 'phone/calendar-month');
    expect(await fitOnPhone(page, 'calendar-page')).toEqual({ withinViewport: true, holdsContent: true });
    expect(await visibleLatin()).toEqual([]);
    await page.getByTestId('calendar-list-view').click();
    expect(await page.getByTestId('calendar-list-row').count()).toBe(8 * 7);
    await shot(page, 'phone/calendar-list');
    expect(await fitOnPhone(page, 'calendar-page')).toEqual({ withinViewport: true, holdsContent: true });
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);

  test('the campaign form: a drill, and working days in a year the official arrangement lacks, said in Chinese', async () => {
    await page.getByTestId('sign-out').click();
    await page.setViewportSize(DESKTOP);
    // a city of its own: the form lists the bureau's registry agencies, and other files name theirs in Latin letters
    // on purpose (reports.test.ts quotes a CSV field)
    const own = `desk-${hex}-own`;
    expect((await http.put(`/v1/jurisdictions/${own}`, { name: '中卫市', parentId: null }, h.adminToken)).status).toBe(
      201,
    );
    const bureau = await createPerson(http, h.adminToken, { role: 'bureau', jurisdictionId: own });
    await signInAs(page, h.api.url, bureau);
    await page.goto(`${h.api.url}/campaigns/new`);
    await page.getByTestId('campaign-year').fill('2027');
    await page.getByTestId('policy-day-kind').selectOption('working');
    // chinese-days 1.5.7 covers 2004–2026: 2027's holidays are asked for, in plain words
    const notice = page.getByTestId('year-unknown');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('还没有 2027 年');
    await shot(page, 'desktop/campaign-form-year-unknown');
    expect(await visibleLatin()).toEqual([]);
    // the State Council's 2027 notice gives the days; listed here, the year is known
    await page.getByTestId('policy-holidays').fill('2027-10-01\n2027-10-02 2027-10-03、2027-10-04');
    await page.getByTestId('policy-workdays').fill('2027-09-26');
    await page.getByText('不是日期').waitFor({ state: 'detached' });
    expect(await notice.count()).toBe(0);
    await page.getByTestId('campaign-drill').check();
    await page.locator('[data-testid="campaign-advanced"] summary').click();
    const def = JSON.parse(await page.getByTestId('campaign-json').inputValue());
    expect(def.drill).toBe(true);
    expect(def.policy.holidays).toEqual(['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04']);
    expect(def.policy.workdays).toEqual(['2027-09-26']);
    await page.getByTestId('policy-workdays').fill('2027-9-26');
    expect(await page.getByText('不是日期：2027-9-26').count()).toBe(1);
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);
});
