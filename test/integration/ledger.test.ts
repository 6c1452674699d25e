import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import {
  SECONDS_POLICY,
  agencies,
  compressedCalendar,
  createCampaign,
  createKey,
  eventually,
  openCalendar,
} from '../support/campaigns';
import { CHECKLIST_CODES } from '../../domain/template';
import { workflowIds } from '../../domain/contract';
import { keepHistories } from '../support/replay';
import { uploadScan } from '../support/files';

const EVIDENCE = [{ title: '整改报告', url: 'https://example.gov.cn/zg/1' }];

describe('the problem ledger: items, ticket-closing, extensions, supervision and referrals', () => {
  let h: Harness;
  let http: HttpClient;
  let bureau: string;
  let agencyKey: string;
  let discipline: string;
  let campaignId: string;
  const [agency] = agencies(1);

  beforeAll(async () => {
    h = await startHarness();
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    agencyKey = await createKey(http, h.adminToken, { role: 'agency', agencyId: agency.id });
    discipline = await createKey(http, h.adminToken, { role: 'discipline' });
    campaignId = await createCampaign(http, bureau, {
      agencies: [agency],
      calendar: openCalendar(),
      policy: SECONDS_POLICY,
    });
    await eventually(
      'the agency workflow',
      async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}`, bureau)).body.started,
    );
  });
  afterAll(() => h.close());

  const itemsPath = () => `/v1/campaigns/${campaignId}/agencies/${agency.id}/items`;
  const act = (itemId: string, body: unknown, token: string) => http.post(`/v1/items/${itemId}/actions`, body, token);
  const item = async (itemId: string) => (await http.get(`/v1/items/${itemId}`, bureau)).body;

  test('an immediate item runs open → rectifying → pending verification → closed (rectified); the agency cannot close it, nobody closes it twice', async () => {
    const created = await http.post(
      itemsPath(),
      {
        checklistCode: 'B4',
        source: 'petition_report',
        description: '群众反映办事推诿',
        severity: 'general',
        classification: 'immediate',
      },
      agencyKey,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    // immediate: due by the policy's period (PT8S here) from creation
    expect(Date.parse(created.body.dueAt) - Date.now()).toBeLessThanOrEqual(8000);

    expect((await act(id, { action: 'verify', note: '想自己销号' }, agencyKey)).status).toBe(403);
    expect((await act(id, { action: 'start' }, agencyKey)).status).toBe(200);
    const submitted = await act(id, { action: 'submit', note: '已整改', evidence: EVIDENCE }, agencyKey);
    expect(submitted.body.status).toBe('pending_verification');
    const rejected = await act(id, { action: 'reject', reason: '证据不足' }, bureau);
    expect(rejected.body.status).toBe('rectifying');
    await act(id, { action: 'submit', note: '补充证据', evidence: EVIDENCE }, agencyKey);
    const verified = await act(id, { action: 'verify', note: '核实整改到位，予以销号' }, bureau);
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('closed');
    expect(verified.body.closure.kind).toBe('rectified');

    const again = await act(id, { action: 'verify', note: '再次销号' }, bureau);
    expect(again.status).toBe(409);
    const record = await eventually('the closed projection', async () => {
      const b = await item(id);
      return b.status === 'closed' && b;
    });
    expect(record.history.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'start',
      'submit',
      'reject',
      'submit',
      'verify',
    ]);
    expect(record.closure.kind).toBe('rectified');
    const replayed = await keepHistories({ 'ledger-item': workflowIds.item(id) });
    expect(replayed.map((r) => r.error)).toEqual([null]);
  });

  test('a scheduled item needs a responsible person and a timetable; an extension before the due date moves it and re-arms, one after is refused', async () => {
    const missing = await http.post(
      itemsPath(),
      {
        checklistCode: 'A2',
        source: 'self_found',
        description: '裁量基准未修订',
        severity: 'serious',
        classification: 'scheduled',
      },
      agencyKey,
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string[] }) => d.path.join('.'))).toEqual(
      expect.arrayContaining(['responsiblePerson', 'dueAt']),
    );

    const due = new Date(Date.now() + 6000).toISOString();
    const created = await http.post(
      itemsPath(),
      {
        checklistCode: 'A2',
        source: 'self_found',
        description: '裁量基准未修订',
        severity: 'serious',
        classification: 'scheduled',
        responsiblePerson: '王五',
        measures: '组织修订',
        dueAt: due,
      },
      agencyKey,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const newDue = new Date(Date.parse(due) + 20_000).toISOString();
    const requested = await act(
      id,
      { action: 'request_extension', reason: '需上级审批', proposedDueAt: newDue },
      agencyKey,
    );
    expect(requested.status).toBe(200);
    expect((await act(id, { action: 'decide_extension', approve: true, note: '同意延期' }, agencyKey)).status).toBe(
      403,
    );
    const decided = await act(id, { action: 'decide_extension', approve: true, note: '同意延期' }, bureau);
    expect(decided.body.deadline.dueAt).toBe(newDue);

    // Past the old date nothing fires for it; the new date's ladder runs instead.
    await new Promise((r) => setTimeout(r, Date.parse(due) - Date.now() + 1500));
    const events = (await http.get(`/v1/campaigns/${campaignId}/events?subjectId=${id}`, bureau)).body.items;
    expect(events.filter((e: { deadline: string }) => e.deadline === new Date(due).toISOString())).toEqual([]);
    const reminders = await eventually(
      'a reminder for the new date',
      async () => {
        const e = (await http.get(`/v1/campaigns/${campaignId}/events?subjectId=${id}`, bureau)).body.items;
        return e.length > 0 && e;
      },
      30_000,
    );
    expect(reminders.every((e: { deadline: string }) => e.deadline === newDue)).toBe(true);

    // After the (new) due date an extension is refused and changes nothing.
    await eventually('the new due date to pass', async () => Date.now() > Date.parse(newDue) + 500, 40_000);
    const late = await act(
      id,
      { action: 'request_extension', reason: '再延期', proposedDueAt: new Date(Date.now() + 60_000).toISOString() },
      agencyKey,
    );
    expect(late.status).toBe(409);
    expect((await item(id)).extensions).toHaveLength(1);
  }, 90_000);

  test('a serious item is put under listed supervision with a numbered notice, once', async () => {
    const created = await http.post(
      itemsPath(),
      {
        checklistCode: 'D3',
        source: 'media',
        description: '媒体曝光人情案',
        severity: 'egregious',
        classification: 'scheduled',
        responsiblePerson: '赵六',
        dueAt: new Date(Date.now() + 3600_000).toISOString(),
      },
      bureau,
    );
    const id = created.body.id;
    const listed = await act(id, { action: 'list_supervision', reason: '性质严重、影响恶劣' }, bureau);
    expect(listed.status).toBe(200);
    const entry = listed.body.history.find((e: { action: string }) => e.action === 'list_supervision');
    expect(entry.detail.noticeNumber).toMatch(/^卫法督〔\d{4}〕\d+号$/);
    expect((await act(id, { action: 'list_supervision', reason: '再次挂牌' }, bureau)).status).toBe(409);
    const listedItems = await eventually('the listed flag in the ledger', async () => {
      const res = await http.get(`/v1/campaigns/${campaignId}/items?listed=true`, bureau);
      return res.body.items.some((i: { id: string }) => i.id === id) && res.body.items;
    });
    expect(listedItems.length).toBeGreaterThan(0);
  });

  test('a disciplinary lead not transferred in time is referred to the discipline commission, which sees and acknowledges it — and nothing else', async () => {
    const created = await http.post(
      itemsPath(),
      {
        checklistCode: 'D3',
        source: 'petition_report',
        description: '执法人员涉嫌徇私舞弊',
        severity: 'serious',
        classification: 'disciplinary_lead',
      },
      agencyKey,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const referral = await eventually(
      'the automatic referral',
      async () => {
        const res = await http.get('/v1/referrals', discipline);
        return res.body.items.find((r: { subject: { id: string } }) => r.subject.id === id);
      },
      30_000,
    );
    expect(referral.target).toBe('discipline_commission');
    const ack = await http.post(`/v1/referrals/${referral.id}/acknowledge`, {}, discipline);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).toBeTruthy();
    expect((await http.post(`/v1/referrals/${referral.id}/acknowledge`, {}, discipline)).status).toBe(409);
    const history = await eventually('the acknowledgement in the item history', async () => {
      const b = await item(id);
      return b.history?.some((e: { action: string }) => e.action === 'referral_acknowledged') && b.history;
    });
    expect(history.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['create', 'refer', 'referral_acknowledged']),
    );
    const events = (await http.get(`/v1/campaigns/${campaignId}/events?subjectId=${id}`, bureau)).body.items.map(
      (e: { step: string }) => e.step,
    );
    expect(events).toEqual(expect.arrayContaining(['overdue', 'discipline_referral']));

    // The commission sees referrals only.
    for (const path of [`/v1/campaigns/${campaignId}`, `/v1/campaigns/${campaignId}/items`, `/v1/items/${id}`]) {
      expect((await http.get(path, discipline)).status).toBe(403);
    }
  }, 60_000);

  test('a disciplinary lead the bureau refers in time meets its deadline with no escalation', async () => {
    const created = await http.post(
      itemsPath(),
      {
        checklistCode: 'D1',
        source: 'inspection_tour',
        description: '巡察发现违规线索',
        severity: 'serious',
        classification: 'disciplinary_lead',
      },
      bureau,
    );
    const id = created.body.id;
    const referred = await act(id, { action: 'refer', summary: '移送纪委监委' }, bureau);
    expect(referred.status).toBe(200);
    await new Promise((r) => setTimeout(r, Date.parse(created.body.dueAt) - Date.now() + 1500));
    const steps = (await http.get(`/v1/campaigns/${campaignId}/events?subjectId=${id}`, bureau)).body.items.map(
      (e: { step: string }) => e.step,
    );
    expect(steps).not.toContain('overdue');
    expect(steps).not.toContain('discipline_referral');
  }, 30_000);

  test('the self-assessment (D4) is refused while a problem found has no ledger item', async () => {
    const [other] = agencies(2).slice(1);
    const id = await createCampaign(http, bureau, {
      agencies: [other],
      calendar: openCalendar(),
      policy: SECONDS_POLICY,
    });
    const key = await createKey(http, h.adminToken, { role: 'agency', agencyId: other.id });
    await eventually(
      'the agency workflow',
      async () => (await http.get(`/v1/campaigns/${id}/agencies/${other.id}`, bureau)).body.started,
    );
    for (const code of CHECKLIST_CODES) {
      const answer = code === 'C3' ? { answer: 'problem_found', note: '举报渠道未公开' } : { answer: 'compliant' };
      expect((await http.put(`/v1/campaigns/${id}/agencies/${other.id}/checklist/${code}`, answer, key)).status).toBe(
        200,
      );
    }
    const refused = await http.post(
      `/v1/campaigns/${id}/agencies/${other.id}/deliverables/D4`,
      { summary: '自查完毕' },
      key,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('C3');
    const created = await http.post(
      `/v1/campaigns/${id}/agencies/${other.id}/items`,
      {
        checklistCode: 'C3',
        source: 'self_found',
        description: '举报渠道未公开',
        severity: 'general',
        classification: 'immediate',
      },
      key,
    );
    expect(created.status).toBe(201);
    const accepted = await eventually('D4 to be accepted', async () => {
      const res = await http.post(
        `/v1/campaigns/${id}/agencies/${other.id}/deliverables/D4`,
        { summary: '自查完毕' },
        key,
      );
      return res.status === 201 && res;
    });
    expect(accepted.body.code).toBe('D4');
  });

  test("the campaign summary (D7) is accepted with the ledger's figures, or with a reason for figures that differ", async () => {
    const [third] = agencies(3).slice(2);
    const calendar = compressedCalendar(Date.now(), {
      phases: [
        [-40, -30],
        [-30, -20],
        [-20, 3600],
        [3600, 7200],
      ],
      deadlines: { D1: -31, D2: -31, D3: -31, D4: -21, D5: -21, D6: -21, D7: 1800, D8: 1800 },
      closesAt: 7300,
    });
    // D1–D6 are past on purpose: the consolidation phase is open now
    const id = await createCampaign(http, bureau, {
      agencies: [third],
      calendar,
      policy: SECONDS_POLICY,
      allowPastDeadlines: true,
    });
    const key = await createKey(http, h.adminToken, { role: 'agency', agencyId: third.id });
    await eventually(
      'the agency workflow',
      async () => (await http.get(`/v1/campaigns/${id}/agencies/${third.id}`, bureau)).body.started,
    );
    for (const description of ['案卷评查发现文书不规范', '执法证件未年检']) {
      const res = await http.post(
        `/v1/campaigns/${id}/agencies/${third.id}/items`,
        {
          checklistCode: 'B5',
          source: 'self_found',
          description,
          severity: 'general',
          classification: 'immediate',
        },
        key,
      );
      expect(res.status).toBe(201);
    }
    const sealedScan = await uploadScan(h.api.url, key);
    const summary = (statistics: object) => ({ summary: '工作总结', signedBy: '局长', sealedScan, statistics });
    // what the D7 form is prefilled with: two items found, none closed
    const figures = await http.get(`/v1/campaigns/${id}/agencies/${third.id}/ledger-figures`, key);
    expect(figures.status).toBe(200);
    expect(figures.body).toEqual({ problemsFound: 2, closed: 0, inProgress: 2 });
    const base = `/v1/campaigns/${id}/agencies/${third.id}/deliverables/D7`;
    const wrong = await http.post(base, summary({ problemsFound: 1, closed: 1, inProgress: 0 }), key);
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('statistics_differ_from_ledger');
    expect(wrong.body.error.message).toContain('发现问题数填报 1，台账为 2');
    expect(wrong.body.error.details[0].path).toEqual(['statisticsReason']);
    const statisticsReason = '一项问题经核实为重复登记，已申请撤销';
    const explained = await http.post(
      base,
      { ...summary({ problemsFound: 1, closed: 1, inProgress: 0 }), statisticsReason },
      key,
    );
    expect(explained.status).toBe(201);
    const stored = await http.get(base, key);
    expect(stored.body.submission.body).toMatchObject({
      statistics: { problemsFound: 1, closed: 1, inProgress: 0 },
      statisticsReason,
    });
  });
});
