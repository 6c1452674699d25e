import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { compressedCalendar, createCampaign, createKey, eventually } from '../support/campaigns';
import { ensureDashboardBuilt, launchChromium } from '../support/browser';
import { createPerson } from '../support/people';
import { signInAs as signIn } from '../support/dashboardPage';
import { pdfScan } from '../support/files';

/**
 * Daily tasks in a real browser at a desktop's and a phone's size: a bureau creates the coming year's campaign with
 * the form (agencies from the registry, the default ladder edited in fields, the calendar and planned steps
 * previewed, errors in Chinese next to the field), each role is offered exactly the pages it may open, and an agency
 * submits D7 with its statistics prefilled from the ledger. The timeline's labels never cover one another.
 */
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

/**
 * The header's links each role is offered: written by hand from who the API serves (test/integration/permissions.test.ts:
 * GET /v1/campaigns bureau and agency, /v1/complaints bureau, /v1/referrals discipline, keys, registry and accounts
 * admin and bureau, /v1/inbox agency and bureau). Other engineers' pages may join these; none of these may go missing.
 */
const NAV: Record<'bureau' | 'agency' | 'discipline' | 'admin', { offered: string[]; refused: string[] }> = {
  bureau: {
    offered: ['nav-campaigns', 'nav-complaints', 'nav-inbox', 'nav-keys', 'nav-registry', 'nav-users'],
    refused: ['nav-referrals'],
  },
  agency: {
    offered: ['nav-campaigns', 'nav-inbox'],
    refused: ['nav-complaints', 'nav-referrals', 'nav-keys', 'nav-registry', 'nav-users'],
  },
  discipline: {
    offered: ['nav-referrals'],
    refused: ['nav-campaigns', 'nav-complaints', 'nav-inbox', 'nav-keys', 'nav-registry', 'nav-users'],
  },
  admin: {
    offered: ['nav-keys', 'nav-registry', 'nav-users'],
    refused: ['nav-campaigns', 'nav-complaints', 'nav-inbox', 'nav-referrals'],
  },
};

/** The year the plan is laid into by default, by the plan's rule: this year while its close (11-30, Beijing time) is ahead. */
function comingCampaignYear(now = new Date()): number {
  const beijing = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const year = Number(beijing.slice(0, 4));
  return beijing > `${year}-11-30` ? year + 1 : year;
}

/** Every pair of the timeline's labels that overlap on screen, as "text ∩ text". */
async function overlappingLabels(page: Page): Promise<string[]> {
  const labels = await page.locator('[data-testid="phase-timeline"] [data-testid="timeline-label"]').all();
  // four phases, the deadline ticks, the close, the axis's two ends and "now": a timeline without them proves nothing
  expect(labels.length).toBeGreaterThanOrEqual(10);
  const boxes = await Promise.all(
    labels.map(async (l) => ({ text: ((await l.textContent()) ?? '').trim(), r: (await l.boundingBox())! })),
  );
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i].r, boxes[j].r];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        out.push(`${boxes[i].text} ∩ ${boxes[j].text}`);
    }
  return out;
}

describe('campaign form, role tabs and D7 from the ledger', () => {
  let h: Harness;
  let http: HttpClient;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const errors: string[] = [];
  const u = randomBytes(3).toString('hex');
  const city = `cf${u}-city`;
  const county = `cf${u}-county`;
  let bureauKey: string;
  const people: Record<string, { username: string; password: string }> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-form-'));
  const scanPath = path.join(dir, '工作总结及统计表（签字盖章）.pdf');
  const url = (p: string) => `${h.api.url}${p}`;

  const signInAs = (who: { username: string; password: string }) => signIn(page, h.api.url, who);
  const signOut = async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-form').waitFor();
  };
  const testIds = (selector: string) =>
    page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));

  beforeAll(async () => {
    ensureDashboardBuilt();
    fs.writeFileSync(scanPath, await pdfScan('Campaign summary, signed and sealed'));
    h = await startHarness();
    http = httpClient(h.api.url);
    expect((await http.put(`/v1/jurisdictions/${city}`, { name: '丁市', parentId: null }, h.adminToken)).status).toBe(
      201,
    );
    bureauKey = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: city });
    expect((await http.put(`/v1/jurisdictions/${county}`, { name: '丁县', parentId: city }, bureauKey)).status).toBe(
      201,
    );
    // two agencies for each screen size's campaign, and one for the D7 campaign
    const registryAgencies = [
      ...VIEWPORTS.flatMap((v) => [
        { id: `cf${u}-market-${v.width}`, name: `丁市市场监督管理局（${v.width}）`, jurisdictionId: city },
        { id: `cf${u}-env-${v.width}`, name: `丁县生态环境局（${v.width}）`, jurisdictionId: county },
      ]),
      { id: `cf${u}-d7`, name: '丁市交通运输局', jurisdictionId: city },
    ];
    for (const a of registryAgencies) {
      const res = await http.put(`/v1/agencies/${a.id}`, { name: a.name, jurisdictionId: a.jurisdictionId }, bureauKey);
      expect(res.status).toBe(201);
    }
    people.bureau = await createPerson(http, h.adminToken, {
      role: 'bureau',
      jurisdictionId: city,
      displayName: '丁市司法局经办人',
    });
    people.agency = await createPerson(http, h.adminToken, {
      role: 'agency',
      agencyId: `cf${u}-d7`,
      displayName: '交通局联络员',
    });
    people.discipline = await createPerson(http, h.adminToken, {
      role: 'discipline',
      jurisdictionId: city,
      displayName: '丁市纪委监委',
    });
    people.admin = await createPerson(http, h.adminToken, { role: 'admin', displayName: '系统管理员' });
    browser = await launchChromium(errors);
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.context.close();
    if (browser) fs.rmSync(browser.userDataDir, { recursive: true, force: true });
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each(VIEWPORTS)('at $width×$height', ({ width, height }) => {
    beforeAll(async () => {
      await page.setViewportSize({ width, height });
    });

    test("a bureau creates the coming year's campaign with the form, from registry agencies, the ladder edited in fields", async () => {
      const year = comingCampaignYear();
      await signInAs(people.bureau);
      await page.getByTestId('new-campaign').click();
      await page.getByTestId('new-campaign-form').waitFor();
      expect(await page.getByTestId('campaign-year').inputValue()).toBe(String(year));
      expect(await page.getByTestId('campaign-json').count()).toBe(1); // JSON only under the advanced options
      expect(await page.getByTestId('campaign-json').isVisible()).toBe(false);

      // the preview: the plan's deadlines laid into the year (D1 by 06-10, D7 by 10-20, end of day Beijing time)
      const deadline = (code: string) =>
        page.locator(`[data-testid="preview-deadline"][data-code="${code}"]`).textContent();
      expect(await deadline('D1')).toContain(`${year}/06/10 23:59:59`);
      expect(await deadline('D1')).toContain('工作措施');
      expect(await deadline('D7')).toContain(`${year}/10/20 23:59:59`);
      expect(await deadline('D7')).toContain('专项整治工作总结及统计表（附件2）');
      // the default ladder: the first reminder 7 days before 06-10
      const firstStep = page.locator('[data-testid="campaign-preview"] [data-testid="planned-step"]').first();
      expect(await firstStep.getAttribute('data-step')).toBe('P7D');
      // P7D of D1 (06-10): 06-03, at the opening of the working window (SPEC §16), not at the deadline's 23:59:59 — on
      // the Friday before when 06-03 falls on a weekend (no holiday falls in June's first week)
      const pushedOn = (day: number) => {
        const weekday = new Date(Date.UTC(year, 5, day)).getUTCDay();
        const back = weekday === 6 ? 1 : weekday === 0 ? 2 : 0;
        return `06/${String(day - back).padStart(2, '0')}`;
      };
      expect(await firstStep.textContent()).toContain(`${year}/${pushedOn(3)} 09:00:00`);
      expect(await page.getByTestId('policy-reminder-0').inputValue()).toBe('7');
      expect(await overlappingLabels(page)).toEqual([]);

      // the first reminder moved to 5 days before: the preview follows. Pushed at the opening of the working window on
      // 06-05, or of the Friday before when 06-05 falls on a weekend (as in 2027; no holiday falls on June's first week)
      await page.getByTestId('policy-reminder-0').fill('5');
      await page
        .locator('[data-testid="campaign-preview"] [data-testid="planned-step"]')
        .first()
        .filter({ hasText: `${year}/${pushedOn(5)} 09:00:00` })
        .waitFor();
      expect(await firstStep.getAttribute('data-step')).toBe('P5D');

      // an empty name and no agency: told in Chinese, next to the field, and nothing is created
      await page.getByTestId('campaign-name-input').fill('');
      await page.getByTestId('campaign-create').click();
      const nameError = page.locator('label.field:has([data-testid="campaign-name-input"]) .field-error');
      await nameError.waitFor();
      expect(await nameError.textContent()).toBe('必填');
      expect(await page.locator('[data-testid="registry-picker"] + .field-error').textContent()).toBe('至少填写一项');
      const name = `${year}年丁市行政执法专项整治（${width}）`;
      await page.getByTestId('campaign-name-input').fill(name);
      await page.getByTestId(`pick-cf${u}-market-${width}`).check();
      await page.getByTestId(`pick-cf${u}-env-${width}`).check();
      // a year whose campaign has already closed: the API's refusal, in Chinese, next to the year
      await page.getByTestId('campaign-year').fill('2020');
      await page.getByTestId('campaign-create').click();
      const yearError = page.locator('label.field:has([data-testid="campaign-year"]) .field-error');
      await yearError.waitFor();
      expect(await yearError.textContent()).toContain('该专项整治的结束时间（2020-11-30）已过');
      // corrected, the form sends a new request (not the refused one's Idempotency-Key) and the campaign starts
      await page.getByTestId('campaign-year').fill(String(year));
      await page.getByTestId('campaign-create').click();

      await page.getByTestId('overview').waitFor();
      const campaignId = /\/campaigns\/([^/]+)$/.exec(new URL(page.url()).pathname)![1];
      expect(await page.getByTestId('campaign-name').textContent()).toBe(name);
      const created = await http.get(`/v1/campaigns/${campaignId}`, bureauKey);
      expect(created.body.calendar.deadlines.D1).toBe(`${year}-06-10T23:59:59+08:00`);
      expect(created.body.policy.reminders).toEqual(['P5D', 'P3D', 'P1D']);
      expect(created.body.agencies.total).toBe(2);
      // the bureau's tabs (spot-checks: GET /v1/campaigns/:id/spot-checks serves a bureau), and a timeline whose labels do not overlap
      expect(await testIds('.campaign-head .tabs a')).toEqual([
        'tab-overview',
        'tab-agencies',
        'tab-spot-checks',
        'tab-assessment',
        'tab-calendar',
      ]);
      await page.getByTestId('phase-timeline').waitFor();
      expect(await overlappingLabels(page)).toEqual([]);
      await signOut();
    }, 120_000);

    test('every role is offered exactly the pages it may open', async () => {
      for (const role of ['bureau', 'agency', 'discipline', 'admin'] as const) {
        await signInAs(people[role]);
        const links = await testIds('.topnav a');
        for (const id of NAV[role].offered) expect([role, links.includes(id)]).toEqual([role, true]);
        for (const id of NAV[role].refused) expect([role, links.includes(id)]).toEqual([role, false]);
        await signOut();
      }
    }, 120_000);

    test('an agency sees only its own page and submits D7 with the statistics prefilled from its ledger', async () => {
      const agencyId = `cf${u}-d7`;
      const hour = 3600;
      // consolidation open now (D7 can be submitted); the next deadline ahead is D1, in 50 minutes
      const campaignId = await createCampaign(http, bureauKey, {
        name: `丁市专项整治（D7，${width}）`,
        jurisdiction: { id: city, name: '丁市', children: [{ id: county, name: '丁县' }] },
        agencies: [{ id: agencyId, name: '丁市交通运输局', jurisdictionId: city }],
        calendar: compressedCalendar(Date.now(), {
          phases: [
            [-30, hour],
            [-20, 2 * hour],
            [-10, 3 * hour],
            [3 * hour, 4 * hour],
          ],
          deadlines: {
            D1: hour - 600,
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
        async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/${agencyId}`, bureauKey)).body.started,
      );
      const agencyKey = await createKey(http, h.adminToken, { role: 'agency', agencyId });
      for (const description of ['执法文书格式不统一', '执法证件未按期年审', '行政处罚案卷未归档']) {
        const res = await http.post(
          `/v1/campaigns/${campaignId}/agencies/${agencyId}/items`,
          {
            checklistCode: 'B5',
            source: 'self_found',
            description,
            severity: 'general',
            classification: 'immediate',
          },
          agencyKey,
        );
        expect(res.status).toBe(201);
      }

      await signInAs(people.agency);
      await page.getByTestId(`campaign-row-${campaignId}`).getByRole('link').click();
      await page.getByTestId('agency-page').waitFor();
      expect(await testIds('.campaign-head .tabs a')).toEqual(['tab-my-agency', 'tab-assessment', 'tab-calendar']);
      // the campaign's overview and agency table answer an agency 403: typed in, they lead to its own page
      for (const p of [`/campaigns/${campaignId}`, `/campaigns/${campaignId}/agencies`]) {
        await page.goto(url(p));
        await page.getByTestId('agency-page').waitFor();
        expect(new URL(page.url()).pathname).toBe(`/campaigns/${campaignId}/agencies/${agencyId}`);
      }
      // the next deadline, by the deliverable's name in the plan
      expect(await page.getByTestId('next-deadline').textContent()).toContain('D1 工作措施');

      await page.getByTestId('submit-D7').click();
      // three items open, none closed: the ledger's figures, filled in
      const figure = (k: string) => page.getByTestId(`d-D7-statistics.${k}`);
      await page.getByTestId('ledger-figures-note').waitFor();
      expect([
        await figure('problemsFound').inputValue(),
        await figure('closed').inputValue(),
        await figure('inProgress').inputValue(),
      ]).toEqual(['3', '0', '3']);
      // a figure changed by hand asks for the reason; put back, it no longer does
      await figure('closed').fill('1');
      expect(await page.getByTestId('ledger-figure-closed').getAttribute('data-differs')).toBe('true');
      await page.getByTestId('d-D7-summary').fill('专项整治工作总结：自查发现问题三项，正在整改');
      await page.getByTestId('d-D7-signedBy').fill('交通局局长');
      await page.getByTestId('d-D7-sealedScan').setInputFiles(scanPath);
      await page.getByTestId('d-D7-sealedScan-done').waitFor();
      await page.getByTestId('deliverable-submit-D7').click();
      const reasonError = page.locator('label.field:has([data-testid="d-D7-statisticsReason"]) .field-error');
      await reasonError.waitFor();
      expect(await reasonError.textContent()).toBe('统计数与问题台账不一致，请写明原因');
      await figure('closed').fill('0');
      expect(await page.getByTestId('d-D7-statisticsReason').count()).toBe(0);
      await page.getByTestId('deliverable-submit-D7').click();
      await page.waitForSelector('[data-testid="deliverable-D7"][data-met="true"]');
      const stored = await http.get(`/v1/campaigns/${campaignId}/agencies/${agencyId}/deliverables/D7`, bureauKey);
      expect(stored.body.submission.body.statistics).toEqual({ problemsFound: 3, closed: 0, inProgress: 3 });
      expect(stored.body.submission.body.statisticsReason).toBeUndefined();
      await signOut();
      expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    }, 180_000);
  });
});
