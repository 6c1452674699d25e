import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import {
  SECONDS_POLICY,
  agencies,
  compressedCalendar,
  createCampaign,
  createKey,
  eventually,
} from '../support/campaigns';
import { createPerson } from '../support/people';
import { projectRoot } from '../../stack/temporalCli';
import { ensureDashboardBuilt, launchChromium } from '../support/browser';

/**
 * Every page a bureau, an agency and the public use, on a desktop (1440×900) and a phone (390×844), with the default
 * campaign of 2027 (the plan's own calendar, not a compressed one) and agencies under their real, long names. On each
 * page nothing may make the page wider than the screen (tables scroll inside their own box) and an agency's name may
 * not be squeezed into a column a character wide. A compressed campaign beside it fills the escalation feed, so its
 * filters, pages and CSV export are used as a bureau would, and lets a complaint run past its due date.
 *
 * SCREENSHOTS=1 (`npm run screenshots`) also writes the README's pictures: docs/screenshots/{desktop,phone}/*.png.
 */

const SCREENSHOTS = process.env.SCREENSHOTS === '1';
const SHOTS_DIR = path.join(projectRoot(), 'docs', 'screenshots');
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** The roster as bureaus write it: full official names, several of them long. */
function roster() {
  const named = (list: ReturnType<typeof agencies>, names: string[]) => list.map((a, i) => ({ ...a, name: names[i] }));
  return [
    ...named(agencies(3, 'zhongwei'), ['中卫市市场监督管理局', '中卫市交通运输局', '中卫市自然资源局']),
    ...named(agencies(2, 'shapotou'), ['中卫市沙坡头区农业农村和水务局', '中卫市沙坡头区综合行政执法局']),
    ...named(agencies(1, 'zhongning'), ['中宁县卫生健康局']),
  ];
}

describe('every page on a desktop and on a phone', () => {
  let h: Harness;
  let http: HttpClient;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let bureauKey: string;
  const people: Record<'bureau' | 'agency' | 'admin' | 'discipline', string> = {
    bureau: '',
    agency: '',
    admin: '',
    discipline: '',
  };
  const consoleErrors: string[] = [];
  const agencyList = roster();
  const own = agencyList[3]; // 中卫市沙坡头区农业农村和水务局: the agency that signs in
  const busy = agencies(2, 'zhongwei-busy').map((a, i) => ({
    ...a,
    jurisdictionId: 'zhongwei',
    name: ['中卫市应急管理局', '中卫市生态环境局'][i],
  }));
  let campaignId: string;
  let busyCampaignId: string;
  let itemId: string;
  let repliedCode: string;
  let overdueCode: string;
  const url = (p: string) => `${h.api.url}${p}`;

  /** Signs the browser in as a person by handing it their session cookie (the sign-in form has a test of its own). */
  async function actAs(who: keyof typeof people) {
    await context.clearCookies();
    const [name, value] = people[who].split('=');
    await context.addCookies([{ name, value, url: h.api.url, httpOnly: true, sameSite: 'Strict' }]);
  }

  beforeAll(async () => {
    ensureDashboardBuilt();
    h = await startHarness();
    http = httpClient(h.api.url);
    bureauKey = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const person = async (account: Parameters<typeof createPerson>[2]) =>
      (await createPerson(http, h.adminToken, account)).session.cookie;
    people.bureau = await person({ role: 'bureau', jurisdictionId: 'zhongwei', displayName: '王司法' });
    people.agency = await person({ role: 'agency', agencyId: own.id, displayName: '李执法' });
    people.admin = await person({ role: 'admin', displayName: '张管理' });
    people.discipline = await person({ role: 'discipline', jurisdictionId: 'zhongwei', displayName: '赵纪检' });

    // The compressed campaign first: complaints go to the newest campaign of their agency, and this one's agencies
    // are its own.
    busyCampaignId = await createCampaign(http, bureauKey, {
      name: '专项整治（演练）',
      agencies: busy,
      calendar: compressedCalendar(Date.now()),
      policy: SECONDS_POLICY,
    });
    campaignId = await createCampaign(http, bureauKey, {
      name: '2027年行政执法不作为慢作为乱作为专项整治',
      year: 2027,
      agencies: agencyList,
    });

    const item = await http.post(
      `/v1/campaigns/${campaignId}/agencies/${own.id}/items`,
      {
        checklistCode: 'B4',
        source: 'petition_report',
        description: '农机购置补贴申请受理后超过法定时限未答复，群众多次到窗口催办',
        severity: 'serious',
        classification: 'immediate',
      },
      bureauKey,
    );
    expect(item.status).toBe(201);
    itemId = item.body.id;

    // A complaint the county bureau has concluded (its reply shows on the public page), one that runs past due.
    const replied = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      agencyId: own.id,
      description: '申请农机购置补贴三个月无人答复。',
    });
    repliedCode = replied.body.trackingCode;
    const [row] = await h.sql<{ id: string }[]>`select id from complaints where tracking_code = ${repliedCode}`;
    const act = (body: unknown) => http.post(`/v1/complaints/${row.id}/actions`, body, bureauKey);
    expect((await act({ action: 'assign', investigator: '李调查' })).status).toBe(200);
    expect(
      (
        await act({
          action: 'conclude',
          outcome: 'unsubstantiated',
          summary: '经核实，补贴申请已于法定时限内受理并答复，反映情况不属实。',
        })
      ).status,
    ).toBe(200);
    const late = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'inaction',
      agencyId: busy[0].id,
      description: '举报危险化学品仓库未按规定检查。',
    });
    overdueCode = late.body.trackingCode;

    ({ context, page, userDataDir } = await launchChromium(consoleErrors));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.api.url });
    // The compressed campaign's feed holds more than a page (25) of steps before the feed test reads it.
    await eventually(
      'more than a page of steps in the feed',
      async () =>
        (await http.get(`/v1/campaigns/${busyCampaignId}/events?limit=30`, bureauKey)).body.items.length >= 30,
      60_000,
    );
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await h?.close();
  });

  /** What makes a page too wide, and agency names squeezed narrower than four characters. */
  const LAYOUT_PROBE = `(() => {
    const vw = window.innerWidth;
    const scrollsInside = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return p !== document.documentElement && p !== document.body;
      }
      return false;
    };
    const describe = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '');
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > vw + 0.5 && !scrollsInside(el))
      .slice(0, 5)
      .map((el) => describe(el) + ' right=' + Math.round(el.getBoundingClientRect().right));
    const names = [...document.querySelectorAll('.agency-name a, [data-testid="agency-name"]')];
    const squeezed = names
      .filter((el) => el.getBoundingClientRect().width < 4 * parseFloat(getComputedStyle(el).fontSize))
      .map((el) => el.textContent + ' ' + Math.round(el.getBoundingClientRect().width) + 'px');
    return { scrollWidth: document.scrollingElement.scrollWidth, viewport: vw, wide, names: names.length, squeezed };
  })()`;

  async function checkLayout(label: string, viewport: (typeof VIEWPORTS)[number], expectNames: boolean) {
    const probe = (await page.evaluate(LAYOUT_PROBE)) as {
      scrollWidth: number;
      viewport: number;
      wide: string[];
      names: number;
      squeezed: string[];
    };
    expect({
      page: label,
      viewport: viewport.name,
      scrollWidth: probe.scrollWidth <= viewport.width ? 'fits' : probe.scrollWidth,
      wide: probe.wide,
    }).toEqual({
      page: label,
      viewport: viewport.name,
      scrollWidth: 'fits',
      wide: [],
    });
    expect({ page: label, squeezed: probe.squeezed }).toEqual({ page: label, squeezed: [] });
    if (expectNames) expect(probe.names).toBeGreaterThan(0);
  }

  async function visit(
    viewport: (typeof VIEWPORTS)[number],
    p: { path: string; ready: string; shot?: string; names?: boolean; scrollTo?: string },
  ) {
    await page.goto(url(p.path));
    await page.locator(p.ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    await checkLayout(p.path, viewport, !!p.names);
    if (SCREENSHOTS && p.shot) {
      fs.mkdirSync(path.join(SHOTS_DIR, viewport.name), { recursive: true });
      if (p.scrollTo) await page.locator(p.scrollTo).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS_DIR, viewport.name, `${p.shot}.png`), fullPage: false }); // exactly the screen: 1440×900, 390×844
    }
  }

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      beforeAll(async () => {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
      });

      test('the bureau’s pages fit the screen and name every agency legibly', async () => {
        await actAs('bureau');
        const c = `/campaigns/${campaignId}`;
        await visit(viewport, { path: '/', ready: `[data-testid="campaign-row-${campaignId}"]` });
        await visit(viewport, { path: c, ready: '[data-testid="county-total"]', shot: 'overview' });
        await visit(viewport, {
          path: `${c}/agencies`,
          ready: `[data-testid="agency-row-${own.id}"]`,
          shot: 'agencies',
          names: true,
        });
        await visit(viewport, {
          path: `${c}/agencies/${own.id}`,
          ready: `[data-testid="item-row-${itemId}"]`,
          shot: 'agency',
        });
        await visit(viewport, { path: `${c}/items/${itemId}`, ready: '[data-testid="item-status"]', shot: 'item' });
        await visit(viewport, {
          path: '/complaints',
          ready: '[data-testid="complaints-table"]',
          shot: 'complaints',
          names: true,
        });
        await visit(viewport, {
          path: `/campaigns/${busyCampaignId}`,
          ready: '[data-testid="event-row"]',
          shot: 'feed',
          names: true,
          scrollTo: '[data-testid="events-feed"]',
        });
        await visit(viewport, {
          path: `/campaigns/${busyCampaignId}/agencies`,
          ready: `[data-testid="agency-light-${busy[0].id}"]`,
          names: true,
        });
        await visit(viewport, { path: '/registry', ready: '[data-testid="registry-agencies"]' });
        await visit(viewport, { path: '/users', ready: '[data-testid="user-list"]' });
        await visit(viewport, { path: '/keys', ready: '[data-testid="key-list"]' });
        await visit(viewport, { path: '/password', ready: '[data-testid="password-current"]' });
      }, 120_000);

      test('the agency’s pages fit the screen', async () => {
        await actAs('agency');
        await visit(viewport, { path: '/', ready: `[data-testid="campaign-row-${campaignId}"]` });
        await visit(viewport, {
          path: `/campaigns/${campaignId}/agencies/${own.id}`,
          ready: '[data-testid="checklist-A1"]',
        });
        await visit(viewport, {
          path: `/campaigns/${campaignId}/items/${itemId}`,
          ready: '[data-testid="item-status"]',
        });
      }, 60_000);

      test('the commission’s and the administrator’s pages fit the screen', async () => {
        await actAs('discipline');
        await visit(viewport, { path: '/', ready: '[data-testid="referrals"]' });
        await actAs('admin');
        await visit(viewport, { path: '/', ready: '[data-testid="key-list"]' });
        await visit(viewport, { path: '/users', ready: '[data-testid="user-list"]' });
      }, 60_000);

      test('the public pages: the code on one line, copied with a click, the reply, and 已超期 once past due', async () => {
        await context.clearCookies();
        await visit(viewport, { path: '/complain', ready: '[data-testid="complaint-form"]', shot: 'complaint' });
        await visit(viewport, {
          path: `/track/${repliedCode}`,
          ready: '[data-testid="track-status"]',
          shot: 'tracking',
        });
        const code = page.getByTestId('track-code');
        expect(await code.textContent()).toBe(repliedCode);
        // One line box: the code is never broken at its dashes.
        expect(
          await page.evaluate(
            `(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('[data-testid="track-code"]')); return r.getClientRects().length; })()`,
          ),
        ).toBe(1);
        await page.getByTestId('copy-code').click();
        await page.getByTestId('copy-result').waitFor();
        expect(await page.getByTestId('copy-result').textContent()).toBe('已复制');
        expect(await page.evaluate('navigator.clipboard.readText()')).toBe(repliedCode);
        expect(await page.getByTestId('track-reply').textContent()).toBe(
          '经核实，补贴申请已于法定时限内受理并答复，反映情况不属实。',
        );
        expect(await page.getByTestId('track-overdue').count()).toBe(0); // concluded in time

        await page.goto(url(`/track/${overdueCode}`));
        await page.getByTestId('track-status').waitFor();
        // The compressed campaign gives 8 s to investigate; the page asks again every 10 s.
        await page.getByTestId('track-overdue').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('track-overdue').textContent()).toBe('已超期');
        expect(await page.getByTestId('track-reply').textContent()).toBe('办结后在此显示答复');
        await checkLayout(`/track/${overdueCode}`, viewport, false);
      }, 60_000);
    });
  }

  test('the escalation feed is filtered, paged and exported as a bureau uses it', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await actAs('bureau');
    await page.goto(url(`/campaigns/${busyCampaignId}`));
    await page.getByTestId('event-row').first().waitFor();
    // 25 rows a page; the second page follows the first without repeating a row.
    const rows = page.locator('[data-testid="event-row"]');
    await rows.nth(24).waitFor();
    expect(await rows.count()).toBe(25);
    const ids = async () =>
      Promise.all(
        Array.from({ length: await rows.count() }, async (_, i) => (await rows.nth(i).getAttribute('data-id'))!),
      );
    const first = await ids();
    await page.getByTestId('events-pager').getByTestId('next-page').click();
    await page.waitForSelector('[data-testid="events-pager"][data-page="2"]');
    await page.waitForSelector(`[data-testid="event-row"][data-id="${first[0]}"]`, { state: 'detached' });
    const second = await ids();
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    expect(Math.max(...second.map(Number))).toBeLessThan(Math.min(...first.map(Number)));

    // A filter starts again at the first page and shows only what it selects.
    await page.getByTestId('events-filter-step').selectOption('overdue');
    await page.waitForSelector(
      '[data-testid="events-pager"][data-page="1"], [data-testid="events-feed"]:not(:has([data-testid="events-pager"]))',
    );
    await page.waitForSelector('[data-testid="event-row"]:not([data-step="overdue"])', { state: 'detached' });
    await rows.first().waitFor();
    const [agency] = busy;
    await page.getByTestId('events-filter-agency').selectOption(agency.id);
    await page.waitForSelector(`[data-testid="event-row"]:not([data-agency="${agency.id}"])`, { state: 'detached' });
    await rows.first().waitFor();
    const shown = (await ids()).length;
    expect(shown).toBeGreaterThan(0);

    // The export holds what the filters select: the same rows, under Chinese headers.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('events-csv').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['发生时间', '类型', '步骤', '机关']);
    const cells = lines.slice(1).map((l) => l.split(','));
    expect(cells.length).toBeGreaterThanOrEqual(shown);
    expect(new Set(cells.map((r) => `${r[2]}/${r[3]}`))).toEqual(new Set([`逾期（慢作为）/${agency.name}`]));

    // The agencies list exports under the screen's own labels.
    await page.getByTestId('tab-agencies').click();
    await page.getByTestId(`agency-row-${agency.id}`).waitFor();
    const [agencyCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('agencies-csv').click()]);
    const table = fs
      .readFileSync((await agencyCsv.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(table[0].split(',').slice(0, 2)).toEqual(['灯', '执法机关']);
    expect(
      table
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['中卫市应急管理局', '中卫市生态环境局']);
  }, 90_000);

  test('the browser logged no errors', () => {
    expect(consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
