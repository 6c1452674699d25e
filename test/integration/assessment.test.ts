import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Client, Connection } from '@temporalio/client';
import { keepHistories } from '../support/replay';
import { workflowIds } from '../../domain/contract';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import {
  agenciesStarted,
  compressedCalendar,
  createCampaign,
  createKey,
  eventually,
  SECONDS_POLICY,
} from '../support/campaigns';
import { uploadScan } from '../support/files';
import { DEFAULT_RUBRIC } from '../../domain/assessment/rubric';
import { computeRows } from '../../services/assessment/scores';

const HOUR = 3600;
/** D1 due 45 s after creation (the agencies on time submit it first, under load too), everything else an hour or more away. */
function calendar(nowMs: number) {
  return compressedCalendar(nowMs, {
    phases: [
      [-10, HOUR],
      [-10, 2 * HOUR],
      [2 * HOUR, 3 * HOUR],
      [3 * HOUR, 4 * HOUR],
    ],
    deadlines: { D1: 45, D2: HOUR, D3: HOUR, D4: 2 * HOUR, D5: 2 * HOUR, D6: 2 * HOUR, D7: 3 * HOUR, D8: 3 * HOUR },
    closesAt: 5 * HOUR,
  });
}
/** Overdue at the deadline, a supervision notice 2 s after, listed supervision only an hour after; items due in 8 s. */
const POLICY = {
  ...SECONDS_POLICY,
  escalation: [
    { after: 'PT0S', action: 'overdue' },
    { after: 'PT2S', action: 'supervision_notice' },
    { after: 'PT1H', action: 'listed_supervision' },
  ],
  itemDue: { immediate: 'PT8S', disciplinary_lead: 'PT1H' },
  complaintInvestigation: 'PT1H',
};
const WINDOW_S = 12;

const LATE = { id: 'asm-city-late', name: '市自然资源局', jurisdictionId: 'zhongwei' };
const CLEAN = {
  id: 'asm-sp-clean',
  name: '沙坡头区市场监督管理局',
  jurisdictionId: 'shapotou',
  contact: { name: '李秀英', phone: '13912345678', email: 'lxy@example.gov.cn' },
};
const HONOURED = {
  id: 'asm-sp-honoured',
  name: '沙坡头区城市管理局',
  jurisdictionId: 'shapotou',
  contact: { name: '王建国', phone: '13800001111' },
};
const D1 = { scope: '全局', content: '自查自纠', measures: '建立台账', requirements: '按期销号' };
const ITEM = {
  checklistCode: 'B4',
  source: 'self_found',
  description: '行政许可超期办理',
  severity: 'general',
  classification: 'immediate',
};

describe('assessment (评议考核) and public disclosure (公示)', () => {
  let h: Harness;
  let http: HttpClient;
  let bureau: string;
  let countyBureau: string;
  const keys: Record<string, string> = {};
  let campaignId: string;
  const base = () => `/v1/campaigns/${campaignId}`;
  const rowOf = (body: { agencies: { agencyId: string }[] }, id: string) =>
    body.agencies.find((a) => a.agencyId === id) as Record<string, any>;
  const stepOf = (agencyId: string, subjectKind: string, step: string) =>
    eventually(
      `${step} of ${agencyId}'s ${subjectKind}`,
      async () => {
        const [row] = await h.sql<{ id: string; subject_id: string; occurred_at: Date }[]>`
        select id::text, subject_id, occurred_at from deadline_events
        where campaign_id = ${campaignId} and agency_id = ${agencyId} and subject_kind = ${subjectKind} and step = ${step}`;
        return row;
      },
      60_000,
    );

  beforeAll(async () => {
    h = await startHarness();
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    countyBureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'shapotou' });
    for (const a of [LATE, CLEAN, HONOURED])
      keys[a.id] = await createKey(http, h.adminToken, { role: 'agency', agencyId: a.id });
    campaignId = await createCampaign(http, bureau, {
      agencies: [LATE, CLEAN, HONOURED],
      calendar: calendar(Date.now()),
      policy: POLICY,
      assessment: { ...DEFAULT_RUBRIC, objectionWindow: `PT${WINDOW_S}S` },
    });
    await agenciesStarted(http, bureau, campaignId, [LATE.id, CLEAN.id, HONOURED.id]);
  }, 180_000);
  afterAll(() => h?.close());

  test('a hand-built history gives the scores a hand computation under SPEC §17 gives, each deduction naming its event', async () => {
    // the clean agency and the honoured one hand D1 in on time
    for (const a of [CLEAN, HONOURED]) {
      const res = await http.post(`${base()}/agencies/${a.id}/deliverables/D1`, D1, keys[a.id]);
      expect(res.status).toBe(201);
      expect(res.body.late).toBe(false);
    }
    // the honoured agency records an item that goes overdue (8 s) and earns a supervision notice (2 s after)
    const item = await http.post(`${base()}/agencies/${HONOURED.id}/items`, ITEM, keys[HONOURED.id]);
    expect(item.status).toBe(201);
    // the late agency lets D1 pass, gets a supervision notice, then submits
    const notice = await stepOf(LATE.id, 'deliverable', 'supervision_notice');
    const late = await http.post(`${base()}/agencies/${LATE.id}/deliverables/D1`, D1, keys[LATE.id]);
    expect(late.status).toBe(201);
    expect(late.body.late).toBe(true);
    const itemOverdue = await stepOf(HONOURED.id, 'item', 'overdue');
    const itemNotice = await stepOf(HONOURED.id, 'item', 'supervision_notice');
    // a national honour (国家级表彰 +2) with its evidence
    const fileId = await uploadScan(h.api.url, bureau);
    const bonus = await http.post(
      `${base()}/assessment/adjustments`,
      { agencyId: HONOURED.id, kind: 'bonus', honour: 'national', reason: '获评全国法治政府建设先进单位', fileId },
      bureau,
    );
    expect(bonus.status).toBe(201);
    // a bonus without evidence is refused
    const bare = await http.post(
      `${base()}/assessment/adjustments`,
      { agencyId: HONOURED.id, kind: 'bonus', honour: 'municipal', reason: '市级表彰' },
      bureau,
    );
    expect(bare.status).toBe(422);
    expect(bare.body.error.code).toBe('bonus_needs_evidence');

    const res = await http.get(`${base()}/assessment`, bureau);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('live');
    const lateRow = rowOf(res.body, LATE.id);
    // 100 − 3 (督办通知 on D1) − 2 (D1 submitted late) = 95 → 优秀
    expect(lateRow).toMatchObject({ score: 95, grade: '优秀', levelName: '市直部门', rank: 1 });
    expect(lateRow.deductions).toEqual([
      expect.objectContaining({
        rule: 'supervision_notice',
        points: 3,
        eventId: `deadline_events/${notice.id}`,
        at: notice.occurred_at.toISOString(),
        subject: { kind: 'deliverable', id: 'D1' },
      }),
      expect.objectContaining({
        rule: 'deliverable_late',
        points: 2,
        eventId: `submissions/${LATE.id}/D1`,
        subject: { kind: 'deliverable', id: 'D1' },
      }),
    ]);
    // nothing against it: 100 → 优秀, first in its county
    expect(rowOf(res.body, CLEAN.id)).toMatchObject({ score: 100, grade: '优秀', deductions: [], rank: 1 });
    // 100 − 1 (item overdue) − 3 (督办通知 on the item) − 9 (rate 0 % of 1 item: 90 points short → 9 × 1)
    //     + 2 (national honour) = 89 → 良好, second in 沙坡头区
    const honoured = rowOf(res.body, HONOURED.id);
    expect(honoured).toMatchObject({ score: 89, grade: '良好', levelName: '沙坡头区', rank: 2, rate: 0 });
    expect(
      honoured.deductions.map((d: { rule: string; points: number; eventId?: string }) => [d.rule, d.points, d.eventId]),
    ).toEqual([
      ['item_overdue', 1, `deadline_events/${itemOverdue.id}`],
      ['supervision_notice', 3, `deadline_events/${itemNotice.id}`],
      ['rectification_rate', 9, undefined],
    ]);
    expect(honoured.adjustments).toEqual([expect.objectContaining({ kind: 'bonus', points: 2, fileId })]);
    // the adjustment is in the audit trail, naming what it made
    const [audited] = await h.sql<{ status: number; subject_ids: Record<string, string> }[]>`
      select status, subject_ids from audit_log where route = '/v1/campaigns/:id/assessment/adjustments' and status = 201
      and subject_ids->>'id' = ${campaignId}`;
    expect(audited.subject_ids.createdId).toBe(bonus.body.id);

    // before the draft there is nothing to object to or finalize
    const early = await http.post(`${base()}/assessment/objections`, { text: '提前异议' }, keys[LATE.id]);
    expect([early.status, early.body.error.code]).toEqual([409, 'assessment_not_drafted']);
    const unfinished = await http.post(`${base()}/assessment/finalize`, {}, bureau);
    expect([unfinished.status, unfinished.body.error.code]).toEqual([409, 'assessment_not_drafted']);

    // an agency sees its own row only; a county bureau sees its county's agencies
    const own = await http.get(`${base()}/assessment`, keys[LATE.id]);
    expect(own.body.agencies.map((a: { agencyId: string }) => a.agencyId)).toEqual([LATE.id]);
    const county = await http.get(`${base()}/assessment`, countyBureau);
    expect(county.body.agencies.map((a: { agencyId: string }) => a.agencyId).sort()).toEqual(
      [CLEAN.id, HONOURED.id].sort(),
    );
  }, 180_000);

  test('the 考核评分表 is a workbook in the official layout', async () => {
    const res = await fetch(`${h.api.url}${base()}/assessment.xlsx`, {
      headers: { authorization: `Bearer ${bureau}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('考核评分表')!;
    expect(ws.pageSetup.paperSize).toBe(9); // A4
    expect(String(ws.getCell(1, 1).value)).toBe('专项整治（测试）考核评分表（初稿）');
    expect(String(ws.getCell(2, 1).value)).toBe('填报单位：中卫市司法局（盖章）');
    expect(String(ws.getCell(2, 5).value)).toMatch(/^填报日期：\d{4}年\d{1,2}月\d{1,2}日$/);
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual([
      '序号',
      '单位',
      '所属',
      '得分',
      '等次',
      '名次',
      '扣分明细',
      '加减分',
    ]);
    const rows = [4, 5, 6].map((r) => (ws.getRow(r).values as unknown[]).slice(1, 8));
    expect(rows).toEqual([
      [1, LATE.name, '市直部门', 95, '优秀', 1, '督办通知 −3；材料逾期报送 −2'],
      [2, CLEAN.name, '沙坡头区', 100, '优秀', 1, ''],
      [3, HONOURED.name, '沙坡头区', 89, '良好', 2, '问题整改逾期 −1；督办通知 −3；整改率低于标准 −9'],
    ]);
  }, 60_000);

  test('the draft takes objections in its window; an accepted one changes the final, a rejected one does not; the final is frozen', async () => {
    expect((await http.post(`${base()}/assessment/draft`, {}, countyBureau)).status).toBe(403);
    const draft = await http.post(`${base()}/assessment/draft`, {}, bureau);
    expect(draft.status).toBe(201);
    expect((await http.post(`${base()}/assessment/draft`, {}, bureau)).body.error.code).toBe(
      'assessment_already_drafted',
    );
    const objectLate = await http.post(
      `${base()}/assessment/objections`,
      { text: '督办通知送达时材料已在报送途中' },
      keys[LATE.id],
    );
    expect(objectLate.status).toBe(201);
    const objectClean = await http.post(`${base()}/assessment/objections`, { text: '请求复核' }, keys[CLEAN.id]);
    expect(objectClean.status).toBe(201);
    // the agency sees its own row and its own objection
    const seen = await http.get(`${base()}/assessment`, keys[LATE.id]);
    expect(seen.body.state).toBe('draft');
    expect(seen.body.objections).toEqual([expect.objectContaining({ id: objectLate.body.id, decision: null })]);
    // finalizing while the window is open is refused
    const early = await http.post(`${base()}/assessment/finalize`, {}, bureau);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('objection_window_open');
    // after the window, objections are refused
    await eventually(
      'the window to close',
      async () => (await http.get(`${base()}/assessment`, bureau)).body.state === 'objections',
      60_000,
    );
    const tooLate = await http.post(`${base()}/assessment/objections`, { text: '补充异议' }, keys[HONOURED.id]);
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.error.code).toBe('objection_window_closed');
    // accept the late agency's objection (+2); finalizing with one still undecided is refused
    const accept = await http.post(
      `${base()}/assessment/objections/${objectLate.body.id}/decision`,
      { decision: 'accept', points: 2, reason: '经核实，材料已于督办通知前寄出，酌情加回 2 分' },
      bureau,
    );
    expect(accept.status).toBe(200);
    const undecided = await http.post(`${base()}/assessment/finalize`, {}, bureau);
    expect(undecided.body.error.code).toBe('objections_undecided');
    const reject = await http.post(
      `${base()}/assessment/objections/${objectClean.body.id}/decision`,
      { decision: 'reject', reason: '未扣分，无需复核' },
      bureau,
    );
    expect(reject.status).toBe(200);
    const final = await http.post(`${base()}/assessment/finalize`, {}, bureau);
    expect(final.status).toBe(200);
    // the 通报 of results is a document of the register: numbered under the 通报's 代字, to every agency, and printed
    // with each agency under its grade
    expect(final.body.circularNumber).toMatch(/^卫法通〔20\d\d〕\d+号$/);
    const circulars = (await http.get(`/v1/documents?campaignId=${campaignId}&kind=circular`, bureau)).body.items as {
      id: string;
      number: string;
      title: string;
      addressee: { name: string };
    }[];
    const announced = circulars.find((d) => d.number === final.body.circularNumber)!;
    expect(announced).toMatchObject({
      title: expect.stringContaining('评议考核结果的通报'),
      addressee: { name: '各执法单位' },
    });
    const pdf = await fetch(`${h.api.url}/v1/documents/${announced.id}.pdf`, {
      headers: { authorization: `Bearer ${bureau}` },
    });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'assessment-'));
    writeFileSync(join(dir, 'c.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'])
      .toString('utf8')
      .replace(/\s+/g, '');
    expect(text).toContain(`优秀（2个）：${CLEAN.name}、${LATE.name}。`); // 100, then 97
    expect(text).toContain(`良好（1个）：${HONOURED.name}。`); // 89

    const after = await http.get(`${base()}/assessment`, bureau);
    expect(after.body).toMatchObject({ state: 'final', circularNumber: final.body.circularNumber });
    // accepted: 95 + 2 = 97; rejected: 100 stays 100; untouched: 89
    expect(rowOf(after.body, LATE.id)).toMatchObject({ score: 97, grade: '优秀' });
    expect(rowOf(after.body, CLEAN.id)).toMatchObject({ score: 100 });
    expect(rowOf(after.body, HONOURED.id)).toMatchObject({ score: 89, grade: '良好' });

    // the assessment's workflow has ended; its history replays against the current code (RECORD_HISTORIES=1 keeps it
    // as test/histories/assessment.json for the replay test)
    const connection = await Connection.connect({ address: h.temporalAddress });
    try {
      const result = await new Client({ connection }).workflow.getHandle(workflowIds.assessment(campaignId)).result();
      expect(result).toMatchObject({ state: 'final', circularNumber: final.body.circularNumber });
    } finally {
      await connection.close();
    }
    const replayed = await keepHistories({ assessment: workflowIds.assessment(campaignId) });
    expect(replayed.map((r) => r.error)).toEqual([null]);

    // after the final: an adjustment is refused with a Chinese reason
    const refusedAdj = await http.post(
      `${base()}/assessment/adjustments`,
      { agencyId: CLEAN.id, kind: 'correction', points: -1, reason: '补扣' },
      bureau,
    );
    expect(refusedAdj.status).toBe(409);
    expect(refusedAdj.body.error.code).toBe('assessment_final');
    expect(refusedAdj.body.error.message).toMatch(/定稿/);
    // a new event after the final: the clean agency's item goes overdue; its live score would move, the final does not
    const newItem = await http.post(`${base()}/agencies/${CLEAN.id}/items`, ITEM, keys[CLEAN.id]);
    expect(newItem.status).toBe(201);
    await stepOf(CLEAN.id, 'item', 'overdue');
    const live = await computeRows(h.sql, campaignId, new Date().toISOString());
    expect(live.find((r) => r.agencyId === CLEAN.id)!.score).toBeLessThan(100);
    const frozen = await http.get(`${base()}/assessment`, bureau);
    expect(rowOf(frozen.body, CLEAN.id)).toMatchObject({ score: 100, deductions: [] });
  }, 240_000);

  test("the public page appears only once published and holds no person's data", async () => {
    // a complaint with a complainant's name and phone, against the clean agency
    const complaint = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      description: '办理营业执照拖延两个月',
      agencyId: CLEAN.id,
      contact: { name: '赵公民', phone: '13700009999' },
    });
    expect(complaint.status).toBe(201);
    const publicPath = `/v1/public/campaigns/${campaignId}/disclosure`;
    expect((await http.get(publicPath)).status).toBe(404);
    expect((await http.post(`${base()}/disclosure`, { published: true }, countyBureau)).status).toBe(403);
    expect((await http.post(`${base()}/disclosure`, { published: true }, bureau)).status).toBe(200);
    const res = await http.get(publicPath);
    expect(res.status).toBe(200);
    expect(res.body.campaign).toEqual({ name: '专项整治（测试）', year: expect.any(Number) });
    expect(res.body.agencies).toEqual(
      expect.arrayContaining([
        {
          name: HONOURED.name,
          jurisdictionName: '沙坡头区',
          problemsFound: 1,
          rectified: 0,
          rate: 0,
          overdue: 1,
          grade: '良好',
        },
        {
          name: LATE.name,
          jurisdictionName: '中卫市',
          problemsFound: 0,
          rectified: 0,
          rate: null,
          overdue: 0,
          grade: '优秀',
        },
      ]),
    );
    const json = JSON.stringify(res.body);
    const [{ tracking_code: code }] = await h.sql<{ tracking_code: string }[]>`
      select tracking_code from complaints where agency_id = ${CLEAN.id}`;
    const people = await h.sql<{ display_name: string; username: string }[]>`select display_name, username from users`;
    for (const secret of [
      CLEAN.contact.name,
      CLEAN.contact.phone,
      CLEAN.contact.email,
      HONOURED.contact.name,
      HONOURED.contact.phone,
      '赵公民',
      '13700009999',
      code,
      complaint.body.id as string | undefined,
      ...people.flatMap((p) => [p.display_name, p.username]),
    ].filter((s): s is string => Boolean(s)))
      expect(json).not.toContain(secret);
    expect(json).not.toMatch(/agencyId|complaint|phone|contact/i);
    // withdrawn: gone again
    await http.post(`${base()}/disclosure`, { published: false }, bureau);
    expect((await http.get(publicPath)).status).toBe(404);
    await http.post(`${base()}/disclosure`, { published: true }, bureau);
  }, 60_000);
});
