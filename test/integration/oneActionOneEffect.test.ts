import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient, type HttpResponse } from '../support/http';
import { SECONDS_POLICY, compressedCalendar, createCampaign, createKey, eventually } from '../support/campaigns';

/**
 * One action, one effect (docs/RELIABILITY.md): 20 identical requests sent at once — a double click, a retrying
 * client, two operators on one screen — at one object. Exactly one takes effect; the others are refused with 409 and
 * a reason in Chinese (or, sent under one Idempotency-Key, answered with the first one's outcome); the object's
 * history holds the action once; nothing answers 5xx.
 */
const COPIES = 20;
const HOUR = 3600;
/** Every phase open, so every kind of write can be tried on one campaign; items and complaints are due in an hour. */
const calendar = (nowMs = Date.now()) =>
  compressedCalendar(nowMs, {
    phases: [
      [-120, HOUR],
      [-120, 2 * HOUR],
      [-120, 3 * HOUR],
      [-60, 4 * HOUR],
    ],
    deadlines: { D1: HOUR, D2: HOUR, D3: HOUR, D4: 2 * HOUR, D5: 2 * HOUR, D6: 2 * HOUR, D7: 3 * HOUR, D8: 3 * HOUR },
    closesAt: 5 * HOUR,
  });
const POLICY = {
  ...SECONDS_POLICY,
  itemDue: { immediate: 'PT1H', disciplinary_lead: 'PT1H' },
  complaintInvestigation: 'PT1H',
};
const EVIDENCE = [{ title: '整改报告', url: 'https://example.gov.cn/zg/1' }];
const HAN = /\p{Script=Han}/u;
const D1 = { scope: '全局执法领域', content: '不作为慢作为乱作为', measures: '逐项整改', requirements: '按期完成' };

describe('one action, one effect: 20 concurrent copies of every write action at one object', () => {
  let h: Harness;
  let http: HttpClient;
  let bureau: string;
  let agencyKey: string;
  let discipline: string;
  let campaignId: string;
  const agency = { id: 'once-market', name: '市市场监督管理局', jurisdictionId: 'zhongwei' };
  const other = { id: 'once-housing', name: '市住房和城乡建设局', jurisdictionId: 'zhongwei' };

  beforeAll(async () => {
    h = await startHarness();
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    agencyKey = await createKey(http, h.adminToken, { role: 'agency', agencyId: agency.id });
    discipline = await createKey(http, h.adminToken, { role: 'discipline' });
    campaignId = await createCampaign(http, bureau, {
      agencies: [agency, other],
      calendar: calendar(),
      policy: POLICY,
    });
    await eventually(
      'the agency workflow',
      async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}`, bureau)).body.started,
      60_000,
    );
  });
  afterAll(() => h?.close());

  /** Fires the copies at once and checks the outcome: one success, every other copy a 409 with a reason in Chinese. */
  async function once(what: string, send: () => Promise<HttpResponse>, success = 200): Promise<HttpResponse> {
    const answers = await Promise.all(Array.from({ length: COPIES }, send));
    const statuses = answers.map((a) => a.status);
    expect({ what, serverErrors: statuses.filter((s) => s >= 500) }).toEqual({ what, serverErrors: [] });
    expect({
      what,
      succeeded: statuses.filter((s) => s === success).length,
      refused: statuses.filter((s) => s === 409).length,
    }).toEqual({
      what,
      succeeded: 1,
      refused: COPIES - 1,
    });
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.error.kind).toBe('conflict');
      expect(refused.body.error.code).not.toBe('conflict'); // each refusal has a code of its own
      expect(refused.body.error.message).toMatch(HAN);
    }
    return answers.find((a) => a.status === success)!;
  }

  /**
   * Fires the copies at once under one Idempotency-Key: one is handled, every other copy is answered with its outcome
   * (or, while it is still being handled, 409 idempotency_in_progress); nothing answers 5xx.
   */
  async function underOneKey(what: string, send: () => Promise<HttpResponse>, success = 200): Promise<HttpResponse> {
    const answers = await Promise.all(Array.from({ length: COPIES }, send));
    expect({ what, serverErrors: answers.filter((a) => a.status >= 500).map((a) => a.status) }).toEqual({
      what,
      serverErrors: [],
    });
    const fresh = answers.filter((a) => a.status === success && a.headers.get('idempotent-replayed') !== 'true');
    const replayed = answers.filter((a) => a.status === success && a.headers.get('idempotent-replayed') === 'true');
    const inProgress = answers.filter((a) => a.status === 409 && a.body.error.code === 'idempotency_in_progress');
    expect({ what, fresh: fresh.length, others: replayed.length + inProgress.length }).toEqual({
      what,
      fresh: 1,
      others: COPIES - 1,
    });
    for (const r of replayed) expect(r.body).toEqual(fresh[0].body);
    return fresh[0];
  }

  const act = (itemId: string, body: unknown, token: string) => () =>
    http.post(`/v1/items/${itemId}/actions`, body, token);
  const itemHistory = async (itemId: string) =>
    ((await http.get(`/v1/items/${itemId}`, bureau)).body.history as { action: string }[]).map((e) => e.action);
  const newItem = async (body: Record<string, unknown>) => {
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
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  test('item actions through the status machine: start, submit, reject, verify', async () => {
    const id = await newItem({ classification: 'immediate' });
    await once('start', act(id, { action: 'start' }, agencyKey));
    await once('submit', act(id, { action: 'submit', note: '已整改', evidence: EVIDENCE }, agencyKey));
    await once('reject', act(id, { action: 'reject', reason: '证据不足' }, bureau));
    expect((await act(id, { action: 'submit', note: '补充证据', evidence: EVIDENCE }, agencyKey)()).status).toBe(200);
    const verified = await once('verify', act(id, { action: 'verify', note: '核实整改到位，予以销号' }, bureau));
    expect(verified.body.status).toBe('closed');
    expect(verified.body.history.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'start',
      'submit',
      'reject',
      'submit',
      'verify',
    ]);
    expect(await itemHistory(id)).toEqual(['create', 'start', 'submit', 'reject', 'submit', 'verify']);
  });

  test('item actions that await activities or wait for a decision: extension request and decision, listed supervision, referral and its acknowledgement, close', async () => {
    const id = await newItem({
      classification: 'scheduled',
      responsiblePerson: '王五',
      dueAt: new Date(Date.now() + HOUR * 1000).toISOString(),
    });
    const proposedDueAt = new Date(Date.now() + 2 * HOUR * 1000).toISOString();
    await once(
      'request_extension',
      act(id, { action: 'request_extension', reason: '需协调多部门', proposedDueAt }, agencyKey),
    );
    const decided = await once(
      'decide_extension',
      act(id, { action: 'decide_extension', approve: true, note: '同意' }, bureau),
    );
    expect(Date.parse(decided.body.deadline.dueAt)).toBe(Date.parse(proposedDueAt));
    await once('list_supervision', act(id, { action: 'list_supervision', reason: '群众反映强烈' }, bureau));
    await once('refer', act(id, { action: 'refer', summary: '涉嫌失职，移送纪委监委' }, bureau));
    const referrals = await h.sql<
      { id: string }[]
    >`select id from referrals where subject_kind = 'item' and subject_id = ${id}`;
    expect(referrals).toHaveLength(1);
    await once('acknowledge', () => http.post(`/v1/referrals/${referrals[0].id}/acknowledge`, {}, discipline));
    await eventually('the acknowledgement in the item history', async () =>
      (await itemHistory(id)).includes('referral_acknowledged'),
    );
    await once('close', act(id, { action: 'close', outcome: 'withdrawn', reason: '经核查不属实' }, bureau));
    expect(await itemHistory(id)).toEqual([
      'create',
      'request_extension',
      'decide_extension',
      'list_supervision',
      'refer',
      'referral_acknowledged',
      'close',
    ]);
    const steps =
      await h.sql`select 1 from deadline_events where subject_kind = 'item' and subject_id = ${id} and step = 'listed_supervision'`;
    expect(steps).toHaveLength(1);
  });

  test('complaint actions: assign, a finding under one Idempotency-Key, conclude with its ledger item and referral', async () => {
    const filed = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      description: '办理营业执照拖延两个月',
      agencyId: agency.id,
    });
    expect(filed.status).toBe(201);
    const queue = await http.get('/v1/complaints', bureau);
    const { id } = queue.body.items.find((c: { trackingCode: string }) => c.trackingCode === filed.body.trackingCode);
    const complaintAct = (body: unknown, headers?: Record<string, string>) => () =>
      http.post(`/v1/complaints/${id}/actions`, body, bureau, headers);

    await once('assign', complaintAct({ action: 'assign', investigator: '李调查' }));

    // A second finding is a new fact, not a duplicate: copies of one are told apart by their Idempotency-Key.
    await underOneKey(
      'add_finding',
      complaintAct({ action: 'add_finding', note: '调取办件记录，确认超期' }, { 'Idempotency-Key': `finding-${id}` }),
    );
    await once('attach_agency', complaintAct({ action: 'attach_agency', agencyId: other.id }));

    const concluded = await once(
      'conclude',
      complaintAct({
        action: 'conclude',
        outcome: 'substantiated',
        summary: '反映属实，存在慢作为',
        suggestion: { target: 'supervisory_commission', text: '建议对相关责任人问责' },
        item: { checklistCode: 'B4', severity: 'serious', classification: 'immediate' },
      }),
    );
    expect(concluded.body.findings).toHaveLength(1);
    const detail = await http.get(`/v1/complaints/${id}`, bureau);
    expect(detail.body.investigation.history.map((e: { action: string }) => e.action)).toEqual([
      'assign',
      'add_finding',
      'attach_agency',
      'conclude',
    ]);
    expect(detail.body.agencyId).toBe(other.id);
    expect(await h.sql`select 1 from ledger_items where source = 'complaint' and id = ${`i-${id}`}`).toHaveLength(1);
    expect(await h.sql`select 1 from referrals where subject_kind = 'complaint' and subject_id = ${id}`).toHaveLength(
      1,
    );
  });

  test('agency writes: a deliverable submitted, a checklist item answered, a deadline moved', async () => {
    const base = `/v1/campaigns/${campaignId}/agencies/${agency.id}`;
    await once('submit D1', () => http.post(`${base}/deliverables/D1`, D1, agencyKey), 201);
    await once('return D1', () =>
      http.post(`${base}/deliverables/D1/return`, { reason: '内容不完整，请补充整改措施' }, bureau),
    );
    await once('answer A1', () => http.put(`${base}/checklist/A1`, { answer: 'compliant', note: '已自查' }, agencyKey));
    const dueAt = new Date(Date.now() + 1.5 * HOUR * 1000).toISOString();
    await once('move D2', () => http.post(`${base}/deadlines/D2`, { dueAt, reason: '因疫情顺延' }, bureau));
    expect(
      await h.sql`select 1 from submissions where campaign_id = ${campaignId} and agency_id = ${agency.id} and code = 'D1'`,
    ).toHaveLength(1);
    const state = (await http.get(`${base}?live=true`, bureau)).body;
    expect(state.deliverables.find((d: { code: string }) => d.code === 'D2').moves).toHaveLength(1);
    expect(state.deliverables.find((d: { code: string }) => d.code === 'D1').returns).toHaveLength(1);
  });

  test('a spot-check record of one agency', async () => {
    const check = await http.post(`/v1/campaigns/${campaignId}/spot-checks`, { seed: 'once', share: 1 }, bureau);
    expect(check.status).toBe(201);
    const record = await once(
      'spot-check record',
      () =>
        http.post(
          `/v1/campaigns/${campaignId}/spot-checks/${check.body.id}/agencies/${agency.id}`,
          {
            omissions: true,
            accurate: false,
            findings: [
              {
                checklistCode: 'A3',
                description: '未按期公开执法信息',
                severity: 'general',
                disposals: ['rectify_by_deadline'],
                responsiblePerson: '赵六',
                dueAt: new Date(Date.now() + HOUR * 1000).toISOString(),
              },
            ],
          },
          bureau,
        ),
      201,
    );
    expect(await h.sql`select 1 from spot_check_records where spot_check_id = ${check.body.id}`).toHaveLength(1);
    expect(await h.sql`select 1 from ledger_items where spot_check_id = ${check.body.id}`).toHaveLength(1);
    expect(record.body.findings).toHaveLength(1);
  });

  test('creations under one Idempotency-Key: a campaign (the default 2027 plan, year omitted) and a spot-check are made once', async () => {
    const stamp = Date.now();
    const name = `一次创建的专项整治 ${stamp}`;
    const body = { name, jurisdiction: { id: 'zhongwei', name: '中卫市' }, agencies: [agency, other] };
    const made = await underOneKey(
      'campaign',
      () => http.post('/v1/campaigns', body, bureau, { 'Idempotency-Key': `campaign-${stamp}` }),
      201,
    );
    expect(await h.sql`select id from campaigns where name = ${name}`).toEqual([{ id: made.body.id }]);
    const calendarOf = (await http.get(`/v1/campaigns/${made.body.id}`, bureau)).body.calendar;
    expect(calendarOf.closesAt.slice(0, 4)).toBe('2027'); // today is in December 2026, past this year's close
    expect(await h.sql`select 1 from agencies where campaign_id = ${made.body.id}`).toHaveLength(2);

    const check = await underOneKey(
      'spot-check',
      () =>
        http.post(`/v1/campaigns/${campaignId}/spot-checks`, { share: 1 }, bureau, {
          'Idempotency-Key': `check-${stamp}`,
        }),
      201,
    );
    expect(await h.sql`select 1 from spot_checks where id = ${check.body.id}`).toHaveLength(1);
  });
});
