import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness';
import type { HttpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually, JURISDICTION, SECONDS_POLICY } from '../support/campaigns';
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

/**
 * The inbox in a real browser against the real API and worker: a 2027 campaign whose D1 the bureau has moved to a few
 * seconds ahead, so its whole ladder runs — two reminders, overdue, the supervision notice (督办通知, numbered) and
 * listed supervision. The agency sees the unread count in the header, prints the notice from its message, marks
 * messages read one by one and all at once; the bureau does the same on a phone.
 */
describe('the inbox in the dashboard', () => {
  let h: Harness;
  let http: HttpClient;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const errors: string[] = [];
  let bureauKey: string;
  let bureau: { username: string; password: string };
  let agencyPerson: { username: string; password: string };
  let campaignId: string;
  // A county of this file's own: the bureau's inbox holds this campaign's messages only, whatever else a run does.
  const county = `inbox-${randomBytes(3).toString('hex')}`;
  const [agency] = agencies(1, county);
  let countyKey: string;
  /** SECONDS_POLICY's ladder on one deliverable: reminders 4 s and 2 s before, then overdue, notice, listing. */
  const AGENCY_MESSAGES = 5;
  /** The bureau hears of the escalations only (overdue, notice, listing), not the reminders to the agency. */
  const BUREAU_MESSAGES = 3;

  const unreadBadge = async (p: Page) =>
    (await p.getByTestId('inbox-unread').count()) ? Number(await p.getByTestId('inbox-unread').textContent()) : 0;

  beforeAll(async () => {
    ({ h, http, bureauKey } = await startDashboardHarness());
    const jurisdiction = { ...JURISDICTION, children: [...JURISDICTION.children, { id: county, name: '消息测试区' }] };
    campaignId = await createCampaign(http, bureauKey, {
      name: '2027年专项整治（消息测试）',
      jurisdiction,
      agencies: [agency],
      year: 2027,
      policy: SECONDS_POLICY,
    });
    countyKey = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: county });
    await eventually(
      'the agency workflow',
      async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}`, bureauKey)).body.started,
    );
    const moved = await http.post(
      `/v1/campaigns/${campaignId}/agencies/${agency.id}/deadlines/D1`,
      { dueAt: new Date(Date.now() + 15_000).toISOString(), reason: '提前报送以便汇总' },
      bureauKey,
    );
    expect(moved.status).toBe(200);
    bureau = await createPerson(http, h.adminToken, { role: 'bureau', jurisdictionId: county, displayName: '王司法' });
    agencyPerson = await createPerson(http, h.adminToken, {
      role: 'agency',
      agencyId: agency.id,
      displayName: '李执法',
    });
    // The ladder runs out 6 s after D1 (listed supervision): wait until every message has been delivered.
    await eventually(
      'the whole ladder in the inbox',
      async () => (await http.get('/v1/inbox', countyKey)).body.unread === BUREAU_MESSAGES,
      90_000,
    );
    browser = await openBrowser(errors);
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  test('the agency reads its notices at 1440×900: unread count in the header, the notice printed, read one by one and all at once', async () => {
    await page.setViewportSize(DESKTOP);
    await signInAs(page, h.api.url, agencyPerson);
    await eventually(
      'the unread count in the header',
      async () => (await unreadBadge(page)) === AGENCY_MESSAGES,
      30_000,
    );
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('inbox').waitFor();
    const messages = page.locator('[data-testid^="inbox-message-"]');
    await eventually('the messages', async () => (await messages.count()) === AGENCY_MESSAGES);
    expect(await page.locator('[data-read="false"]').count()).toBe(AGENCY_MESSAGES);

    await shot(page, 'inbox');
    // The supervision notice is numbered: its message prints the document the escalation issued.
    const notice = page.locator('[data-step="supervision_notice"]');
    const noticeNumber = (
      await http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}/documents`, bureauKey)
    ).body.items.find((d: { kind: string }) => d.kind === 'supervision_notice').number as string;
    expect(await notice.textContent()).toContain(noticeNumber);
    const [download] = await Promise.all([page.waitForEvent('download'), notice.getByText('打印通知').click()]);
    const pdfPath = await download.path();
    const pdf = fs.readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(noticeNumber.replace(/\s+/g, ''));
    expect(text).toContain('督办通知');

    // Mark the notice read: it is shown read, and the header counts one fewer.
    await notice.getByTestId('inbox-mark-read').click();
    await page.waitForSelector('[data-step="supervision_notice"][data-read="true"]');
    await eventually(
      'the header counting one fewer',
      async () => (await unreadBadge(page)) === AGENCY_MESSAGES - 1,
      30_000,
    );
    const own = (await http.get(`/v1/inbox?campaignId=${campaignId}&limit=50`, await agencyKey())).body;
    expect(own.unread).toBe(AGENCY_MESSAGES - 1);

    // Unread only: the read notice is gone from the list; then all are marked read and the badge leaves the header.
    await page.getByTestId('inbox-unread-only').check();
    await eventually('the unread list', async () => (await messages.count()) === AGENCY_MESSAGES - 1);
    await page.getByTestId('inbox-mark-all').click();
    await eventually(
      'every message read',
      async () => (await messages.count()) === 0 && (await unreadBadge(page)) === 0,
      30_000,
    );
    await page.getByTestId('inbox-unread-only').uncheck();
    await eventually(
      'all messages, read',
      async () => (await page.locator('[data-read="true"]').count()) === AGENCY_MESSAGES,
    );

    // Opening a message leads to its subject: the agency's page, where D1 is listed.
    await page.locator('[data-step="listed_supervision"]').getByTestId('inbox-open').click();
    await page.getByTestId('agency-page').waitFor();
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);

  test('the bureau reads its inbox on a phone (390×844): its escalations, marked read', async () => {
    await page.getByTestId('sign-out').click();
    await page.setViewportSize(PHONE);
    await signInAs(page, h.api.url, bureau);
    await eventually('the bureau’s unread count', async () => (await unreadBadge(page)) === BUREAU_MESSAGES, 30_000);
    await page.getByTestId('nav-inbox').click();
    const messages = page.locator('[data-testid^="inbox-message-"]');
    await eventually('the bureau’s messages', async () => (await messages.count()) === BUREAU_MESSAGES);
    // escalations only: no reminder reached the bureau
    expect((await messages.evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).sort()).toEqual([
      'listed_supervision',
      'overdue',
      'supervision_notice',
    ]);
    await shot(page, 'inbox-phone');
    // the inbox fits the phone's width
    expect(await fitOnPhone(page, 'inbox')).toEqual({ withinViewport: true, holdsContent: true });
    await page.locator('[data-step="overdue"]').getByTestId('inbox-mark-read').click();
    await eventually('one fewer unread', async () => (await unreadBadge(page)) === BUREAU_MESSAGES - 1, 30_000);
    expect((await http.get('/v1/inbox', countyKey)).body.unread).toBe(BUREAU_MESSAGES - 1);
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);

  /** The agency's own key, to read its inbox as the API holds it. */
  let key: string | undefined;
  async function agencyKey() {
    key ??= await createKey(http, h.adminToken, { role: 'agency', agencyId: agency.id });
    return key;
  }
});
