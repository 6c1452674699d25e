import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness';
import type { HttpClient } from '../support/http';
import { agencies, createCampaign, eventually } from '../support/campaigns';
import { createPerson } from '../support/people';
import { jpegPhoto, pdfScan } from '../support/files';
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
 * Complaints that reach the bureau by letter or phone (SPEC §7), entered by its operator from the complaint queue in
 * a real browser against the real API and worker, into a 2027 campaign: the agency picked from the registry, the
 * complainant's contact kept for the investigators; on a phone, an anonymous call about an agency the registry lacks.
 */
describe('staff complaint entry in the dashboard', () => {
  let h: Harness;
  let http: HttpClient;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const errors: string[] = [];
  let bureauKey: string;
  let bureau: { username: string; password: string };
  let campaignId: string;
  const [agency] = agencies(1).map((a) => ({ ...a, name: '来信测试城市管理局' }));
  let letterCode = '';

  /** The complaint with this tracking code, as the investigating bureau reads it. */
  async function complaintByCode(code: string) {
    const [row] = await h.sql<{ id: string }[]>`select id from complaints where tracking_code = ${code}`;
    return row ? (await http.get(`/v1/complaints/${row.id}`, bureauKey)).body : null;
  }

  beforeAll(async () => {
    ({ h, http, bureauKey } = await startDashboardHarness());
    campaignId = await createCampaign(http, bureauKey, {
      name: '2027年专项整治（举报登记测试）',
      agencies: [agency],
      year: 2027,
    });
    await eventually(
      'the agency workflow',
      async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}`, bureauKey)).body.started,
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

  test('at 1440×900: a letter about an agency picked from the registry, with the complainant’s contact, joins the queue', async () => {
    await page.setViewportSize(DESKTOP);
    await signInAs(page, h.api.url, bureau);
    await page.getByTestId('nav-complaints').click();
    await page.getByTestId('complaint-queue').waitFor();
    await page.getByTestId('staff-complaint-open').click();
    const form = page.getByTestId('staff-complaint');

    // Nothing typed: the content is asked for, in Chinese.
    await form.getByTestId('staff-complaint-submit').click();
    expect(await form.getByRole('alert').first().textContent()).toContain('必填');

    await form.getByTestId('staff-channel').selectOption('letter');
    await form.getByTestId('staff-kind').selectOption('slow_action');
    await form.getByTestId('complaint-agency-search').fill('来信测试城市');
    await form.getByTestId(`agency-option-${agency.id}`).click();
    expect(await form.getByTestId('staff-agency-chosen').textContent()).toContain('来信测试城市管理局');
    await form.getByTestId('staff-description').fill('占道经营问题多次反映，三个月无人处理');
    await form.getByTestId('staff-contact-name').fill('赵先生');
    await form.getByTestId('staff-contact-phone').fill('13995500000');
    await form.getByTestId('staff-contact-address').fill('中卫市沙坡头区文昌路1号');
    await shot(page, 'staff-complaint');
    await form.getByTestId('staff-complaint-submit').click();
    const code = (await page.getByTestId('staff-tracking-code').textContent())!.trim();
    expect(code).not.toBe('');
    letterCode = code;

    // In the queue, with its channel and agency; as the API holds it, the letter of the agency, contact kept apart.
    const row = page.locator('[data-testid="complaints-table"] tbody tr', { hasText: code });
    await row.waitFor();
    expect(await row.textContent()).toContain('信件');
    expect(await row.textContent()).toContain('来信测试城市管理局');
    expect(await row.textContent()).toContain('慢作为');
    const held = await eventually('the complaint', () => complaintByCode(code));
    expect(held).toMatchObject({
      channel: 'letter',
      kind: 'slow_action',
      agencyId: agency.id,
      agencyName: '来信测试城市管理局',
      campaignId,
      description: '占道经营问题多次反映，三个月无人处理',
      status: 'received',
      contact: { name: '赵先生', phone: '13995500000', address: '中卫市沙坡头区文昌路1号', email: null },
    });
    // The complainant follows it by the code, publicly.
    const tracked = await http.get(`/v1/complaints/track/${encodeURIComponent(code)}`);
    expect(tracked.body.status).toBe('received');
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);

  test('the investigation of the letter cites its evidence: a sealed scan with a finding, a site photo with the conclusion', async () => {
    await page.setViewportSize(DESKTOP);
    const row = page.locator('[data-testid="complaints-table"] tbody tr', { hasText: letterCode });
    await row.getByTestId('complaint-open').click();
    const detail = page.getByTestId('complaint-detail');
    await detail.waitFor();

    await detail.getByTestId('complaint-action-add_finding').click();
    const finding = detail.getByTestId('complaint-form-add_finding');
    await finding.getByTestId('complaint-text').fill('调取执法记录，商户三次投诉均未立案');
    await finding.getByTestId('evidence-add').click();
    await finding.getByTestId('evidence-0-title').fill('调查笔录（盖章扫描件）');
    await finding.getByTestId('evidence-0-file').setInputFiles({
      name: '调查笔录.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfScan('Interview record, sealed'),
    });
    await finding.getByTestId('evidence-0-file-done').waitFor();
    await finding.getByTestId('evidence-add').click();
    await finding.getByTestId('evidence-1-title').fill('投诉登记台账');
    await finding.getByTestId('evidence-1-url').fill('https://example.gov.cn/ledger/2027-001');
    await finding.getByTestId('complaint-action-submit').click();
    await finding.waitFor({ state: 'detached' });

    // the finding names what it cites, and the scan is among the investigation's files, openable
    await detail.getByTestId('finding-evidence').waitFor();
    expect(await detail.getByTestId('finding-evidence').textContent()).toContain(
      '调查笔录（盖章扫描件）、投诉登记台账',
    );
    await detail.locator('[data-testid="complaint-investigation-files"] [data-name="调查笔录.pdf"]').waitFor();

    await detail.getByTestId('complaint-action-conclude').click();
    const conclude = detail.getByTestId('complaint-form-conclude');
    await conclude.getByTestId('complaint-text').fill('经核查，商户诉求已另案处理，举报事项不属实');
    await conclude.getByTestId('evidence-add').click();
    await conclude.getByTestId('evidence-0-title').fill('现场照片');
    // a title and no file or link: refused in Chinese before anything is sent
    await conclude.getByTestId('complaint-action-submit').click();
    expect(await conclude.getByRole('alert').first().textContent()).toContain('每项证据须附文件或链接');
    await conclude
      .getByTestId('evidence-0-file')
      .setInputFiles({ name: '现场.jpeg', mimeType: 'image/jpeg', buffer: jpegPhoto() });
    await conclude.getByTestId('evidence-0-file-done').waitFor();
    await shot(page, 'complaint-conclusion-evidence');
    await conclude.getByTestId('complaint-action-submit').click();
    await conclude.waitFor({ state: 'detached' });
    await detail.locator('[data-testid="complaint-investigation-files"] [data-name="现场.jpeg"]').waitFor();
    expect(await detail.getByTestId('conclusion-evidence').textContent()).toContain('现场照片');

    // as the API holds it: both files are the complaint's, cited by the finding and the conclusion
    const held = await eventually('the concluded complaint', async () => {
      const c = await complaintByCode(letterCode);
      return c?.status === 'concluded' && c;
    });
    expect(held.investigation.findings).toEqual([
      expect.objectContaining({
        note: '调取执法记录，商户三次投诉均未立案',
        evidence: [
          { title: '调查笔录（盖章扫描件）', fileId: expect.any(String) },
          { title: '投诉登记台账', url: 'https://example.gov.cn/ledger/2027-001' },
        ],
      }),
    ]);
    expect(held.investigation.conclusion).toMatchObject({
      outcome: 'unsubstantiated',
      evidence: [{ title: '现场照片', fileId: expect.any(String) }],
    });
    expect(held.investigation.files.map((f: { name: string }) => f.name).sort()).toEqual(
      ['现场.jpeg', '调查笔录.pdf'].sort(),
    );
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);

  test('on a phone (390×844): an anonymous call about an agency the registry does not list', async () => {
    await page.setViewportSize(PHONE);
    await page.getByTestId('staff-complaint-another').click();
    const form = page.getByTestId('staff-complaint');
    expect(await fitOnPhone(page, 'staff-complaint')).toEqual({ withinViewport: true, holdsContent: true });
    // the form keeps the last channel and kind (an operator on phone duty enters call after call): chosen anew
    await form.getByTestId('staff-channel').selectOption('phone');
    await form.getByTestId('staff-kind').selectOption('inaction');
    await form.getByTestId('staff-agency-name').fill('某街道综合执法队');
    await form.getByTestId('staff-description').fill('来电反映：执法人员要求商户缴纳无依据的费用');
    await shot(page, 'staff-complaint-phone');
    await form.getByTestId('staff-complaint-submit').click();
    const code = (await page.getByTestId('staff-tracking-code').textContent())!.trim();
    const row = page.locator('[data-testid="complaints-table"] tbody tr', { hasText: code });
    await row.waitFor();
    expect(await row.textContent()).toContain('电话');
    const held = await eventually('the call', () => complaintByCode(code));
    expect(held).toMatchObject({
      channel: 'phone',
      kind: 'inaction',
      agencyId: null,
      agencyName: '某街道综合执法队',
      contact: null,
      status: 'received',
    });
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);
});
