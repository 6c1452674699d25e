import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import {
  agencies,
  compressedCalendar,
  createCampaign,
  createKey,
  eventually,
  SECONDS_POLICY,
} from '../support/campaigns';
import { createPerson } from '../support/people';
import { signInAs as signIn } from '../support/dashboardPage';
import { ensureDashboardBuilt, launchChromium } from '../support/browser';
import { createOwnDatabase } from '../support/testDatabase';
import { latinWords, VISIBLE_TEXT } from '../support/screenText';

/**
 * The Chinese dashboard speaks Chinese: every page, as every role, in zh-CN, with data on it (the default 2027
 * campaign with items, and a compressed one whose ladder has already sent reminders and notices, a complaint
 * concluded and referred). Any Latin word or internal id in the visible text fails the test, unless the allow-list
 * (test/support/screenText.ts) names it.
 */

const JURISDICTION_ID = 'zhongwei';

/** Deployment deadlines 15 s after launch (so its ladder has acted by the time the pages are walked), the rest hours away. */
const LADDER_PASSED = {
  phases: [
    [-5, 3600],
    [-5, 7200],
    [7200, 7300],
    [7300, 7400],
  ] as [number, number][],
  deadlines: { D1: 15, D2: 15, D3: 15, D4: 7000, D5: 7000, D6: 7000, D7: 7250, D8: 7250 },
  closesAt: 7500,
};

describe('the Chinese dashboard speaks Chinese on every page, as every role', () => {
  let h: Harness;
  let http: HttpClient;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const consoleErrors: string[] = [];
  const people: Record<string, { username: string; password: string }> = {};
  const [agency, second] = agencies(2);
  let year2027: string;
  let running: string;
  let item2027: string;
  let itemRunning: string;
  let trackingCode: string;
  let database: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    ensureDashboardBuilt();
    // A database of its own: the admin's pages list every account, key and registry entry the database holds, and
    // other test files' rows (named in English on purpose, or by ids) are not this dashboard's words.
    database = await createOwnDatabase('language');
    h = await startHarness({ databaseUrl: database.url });
    http = httpClient(h.api.url);
    const bureauKey = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: JURISDICTION_ID });
    const agencyKey = await createKey(http, h.adminToken, { role: 'agency', agencyId: agency.id });

    // the default campaign of the coming year, as a bureau would start it, and a running one whose ladder has acted
    year2027 = await createCampaign(http, bureauKey, {
      name: '2027年行政执法专项整治',
      year: 2027,
      agencies: [agency, second],
    });
    running = await createCampaign(http, bureauKey, {
      name: '专项整治（进行中）',
      agencies: [agency, second],
      calendar: compressedCalendar(Date.now(), LADDER_PASSED),
      policy: SECONDS_POLICY,
    });
    await eventually(
      'the agencies started',
      async () => (await http.get(`/v1/campaigns/${running}/agencies/${agency.id}`, bureauKey)).body.started,
      60_000,
    );

    const newItem = async (campaignId: string, body: Record<string, unknown>) => {
      const res = await http.post(
        `/v1/campaigns/${campaignId}/agencies/${agency.id}/items`,
        {
          checklistCode: 'B4',
          source: 'petition_report',
          description: '群众反映办事推诿',
          severity: 'general',
          ...body,
        },
        agencyKey,
      );
      if (res.status !== 201) throw new Error(`item: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    item2027 = await newItem(year2027, {
      classification: 'scheduled',
      responsiblePerson: '王五',
      measures: '建立首问负责制',
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const act = (id: string, body: unknown, token: string) => http.post(`/v1/items/${id}/actions`, body, token);
    expect((await act(item2027, { action: 'start', note: '已制定整改方案' }, agencyKey)).status).toBe(200);
    const extension = await act(
      item2027,
      {
        action: 'request_extension',
        reason: '需协调多部门',
        proposedDueAt: new Date(Date.now() + 60 * 86_400_000).toISOString(),
      },
      agencyKey,
    );
    expect(extension.status).toBe(200);
    expect(
      (await act(item2027, { action: 'decide_extension', approve: true, note: '同意延期' }, bureauKey)).status,
    ).toBe(200);
    expect(
      (
        await act(
          item2027,
          { action: 'submit', note: '已整改', evidence: [{ title: '整改报告', url: 'https://example.gov.cn/report' }] },
          agencyKey,
        )
      ).status,
    ).toBe(200);
    itemRunning = await newItem(running, { classification: 'immediate' });

    const filed = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      description: '办理营业执照拖延两个月',
      agencyId: agency.id,
    });
    expect(filed.status).toBe(201);
    trackingCode = filed.body.trackingCode;
    const queue = await http.get('/v1/complaints', bureauKey);
    const complaint = queue.body.items.find((c: { trackingCode: string }) => c.trackingCode === trackingCode);
    const complaintAct = (body: unknown) => http.post(`/v1/complaints/${complaint.id}/actions`, body, bureauKey);
    expect((await complaintAct({ action: 'assign', investigator: '李调查' })).status).toBe(200);
    const concluded = await complaintAct({
      action: 'conclude',
      outcome: 'substantiated',
      summary: '反映属实，存在慢作为',
      suggestion: { target: 'supervisory_commission', text: '建议对相关责任人问责' },
      item: { checklistCode: 'B4', severity: 'serious', classification: 'immediate' },
    });
    expect(concluded.status).toBe(200);
    // the running campaign's deployment deadlines pass: reminders, an overdue light and numbered notices follow
    await eventually(
      'a supervision notice',
      async () => {
        const events = await http.get(`/v1/campaigns/${running}/events?limit=100`, bureauKey);
        return (events.body.items ?? []).some((e: { step: string }) => e.step === 'supervision_notice');
      },
      90_000,
    );

    for (const [role, scope] of [
      ['admin', {}],
      ['bureau', { jurisdictionId: JURISDICTION_ID }],
      ['agency', { agencyId: agency.id }],
      ['discipline', { jurisdictionId: JURISDICTION_ID }],
    ] as const) {
      people[role] = await createPerson(http, h.adminToken, {
        role,
        displayName: { admin: '张管理', bureau: '王司法', agency: '李执法', discipline: '赵纪检' }[role],
        ...scope,
      });
    }
    ({ context, page, userDataDir } = await launchChromium(consoleErrors));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await h?.close();
    await database?.drop();
  });

  /** A page and, where its daily use opens more than the page shows at first, what the user does there. */
  type Visit = { path: string; then?: () => Promise<void>; says?: string };
  const mistyped = () => trackingCode.slice(0, 1) + (trackingCode[1] === '0' ? '1' : '0') + trackingCode.slice(2);
  const newItemRefused = async () => {
    await page.getByTestId('add-item').click();
    await page.locator('[data-testid="new-item-form"] select:has(option[value="scheduled"])').selectOption('scheduled');
    await page.getByTestId('item-description').fill('执法文书不规范');
    await page.getByTestId('item-submit').click();
    await page.getByTestId('form-error').waitFor();
  };

  /** The pages each role opens in its daily work (the tabs and links it is offered), with data on them. */
  const visits = (): Record<string, Visit[]> => ({
    public: [
      { path: '/complain' },
      { path: `/track/${trackingCode}` },
      { path: '/track' },
      { path: '/signin' },
      // the API refuses a mistyped code in English; the page says it in Chinese
      { path: `/track/${mistyped()}`, says: '查询码有输入错误' },
      { path: `/disclosure/${running}` },
    ],
    bureau: [
      { path: '/' },
      { path: `/campaigns/${year2027}` },
      { path: `/campaigns/${year2027}/agencies` },
      { path: `/campaigns/${year2027}/agencies/${agency.id}` },
      { path: `/campaigns/${year2027}/items/${item2027}`, says: '申请延期至' },
      { path: `/campaigns/${running}` },
      { path: `/campaigns/${running}/agencies` },
      { path: `/campaigns/${running}/agencies/${agency.id}` },
      { path: `/campaigns/${running}/items/${itemRunning}` },
      {
        path: '/complaints',
        then: async () => {
          await page.getByTestId('complaint-open').first().click();
          await page.getByTestId('complaint-detail').waitFor();
        },
      },
      { path: '/campaigns/new' },
      { path: '/registry' },
      { path: '/users' },
      { path: '/keys' },
      { path: '/inbox' },
      { path: `/campaigns/${running}/spot-checks` },
      { path: `/campaigns/${running}/assessment`, says: '扣分明细' },
    ],
    agency: [
      { path: '/' },
      // a scheduled item without its timetable: the form names the fields by their labels
      { path: `/campaigns/${year2027}/agencies/${agency.id}`, then: newItemRefused, says: '整改时限' },
      { path: `/campaigns/${year2027}/items/${item2027}` },
      { path: `/campaigns/${running}/agencies/${agency.id}` },
      { path: '/inbox' },
      { path: `/campaigns/${running}/assessment`, says: '本单位得分' },
    ],
    discipline: [{ path: '/' }, { path: '/referrals' }],
    admin: [{ path: '/' }, { path: '/registry' }, { path: '/users' }, { path: '/keys' }],
  });

  /**
   * The page's visible text once it has loaded: nothing "加载中…" left, then a moment for what the first answers
   * open (a poll's second round, a list's names). Pages poll and show the time of their last update, so the text
   * never stops changing altogether.
   */
  async function loadedText(path: string): Promise<string> {
    const text = () => page.evaluate(VISIBLE_TEXT) as Promise<string>;
    await eventually(
      `${path} to load`,
      async () => {
        const t = await text();
        return t.trim().length > 0 && !t.includes('加载中');
      },
      30_000,
    );
    await page.waitForTimeout(1500);
    return text();
  }

  async function signInAs(role: string) {
    await page.context().clearCookies();
    await signIn(page, h.api.url, people[role]);
  }

  test('no Latin word or id outside the allow-list on any page, for any role', async () => {
    const found: { role: string; path: string; words: string[] }[] = [];
    const unsaid: { role: string; path: string; says: string }[] = [];
    for (const [role, list] of Object.entries(visits())) {
      if (role !== 'public') await signInAs(role);
      else await page.context().clearCookies();
      for (const { path, then, says } of list) {
        await page.goto(`${h.api.url}${path}`);
        await loadedText(path);
        if (then) await then();
        const text = await loadedText(path);
        const words = latinWords(text);
        if (words.length) found.push({ role, path, words });
        if (says && !text.includes(says)) unsaid.push({ role, path, says });
      }
    }
    expect(found).toEqual([]);
    expect(unsaid).toEqual([]);
    // script errors and CSP violations; the refusals the walk provokes (a mistyped code, the sign-in check) are answers
    expect(consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  }, 600_000);

  test('the allow-list lets through the plan’s codes and addresses, and nothing else', () => {
    expect(
      latinWords(
        '材料 D3 已报送；A 制度建设；清单项 B4；查询码 VKAKN-9RZ9F-1ZH0C-2、8HBVT-8WYK7-NQ1DH-V、PH5BX-E1FBS-XE3S2-*；2027/05/20 18:00；0955-7000000；见 https://example.gov.cn/a?b=c 或 a.b@example.gov.cn；PDF、.xlsx',
      ),
    ).toEqual([]);
    expect(latinWords('scope: 必填 · zw-scjg · i-0a1b2c · approved: true · rk_12ab · 8f3e-agency')).toEqual([
      'scope',
      'zw-scjg',
      'i-0a1b2c',
      'approved',
      'true',
      'rk_12ab',
      '8f3e-agency',
    ]);
  });
});
