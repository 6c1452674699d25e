import { keepHistories } from '../support/replay';
import { useHarness } from '../support/harness';
import { agencies, at, createCampaign, createKey, eventually } from '../support/campaigns';
import { CHECKLIST_CODES } from '../../domain/template';
import { workflowIds } from '../../domain/contract';
import { uploadScan } from '../support/files';

/** Bodies that satisfy each deliverable's schema. */
export const DELIVERABLE_BODY: Record<string, unknown> = {
  D1: { scope: '全局执法领域', content: '不作为慢作为乱作为', measures: '逐项整改', requirements: '按期完成' },
  D2: { name: '张三', post: '法规科科长', phone: '0955-7012345', email: 'zhangsan@example.gov.cn' },
  D3: { hotline: '0955-12345', email: 'jubao@example.gov.cn', url: 'https://example.gov.cn/jubao' },
  D4: { summary: '对照17项整治内容全面自查' },
  D5: {
    description: '在门户网站公开自查整改情况',
    evidence: [{ title: '公开页面', url: 'https://example.gov.cn/gk' }],
  },
  D6: { title: '行政处罚裁量基准（修订）', publishedUrl: 'https://example.gov.cn/cljz', filedOn: '2020-09-28' },
  D7: { summary: '专项整治工作总结', signedBy: '李四', statistics: { problemsFound: 0, closed: 0, inProgress: 0 } }, // + sealedScan, uploaded by the test
  D8: { rules: [{ title: '行政执法责任制实施办法', kind: 'revised' }] },
};

interface Event {
  agencyId: string;
  type: string;
  step: string;
  subject: { kind: string; id: string };
  deadline: string;
  scheduledFor: string;
  occurredAt: string;
  noticeNumber: string | null;
}

describe('campaign and agency workflows on a compressed calendar', () => {
  const t = useHarness();

  async function events(campaignId: string, query = ''): Promise<Event[]> {
    const res = await t.http.get(`/v1/campaigns/${campaignId}/events?limit=500${query}`, t.bureau);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  test('a whole campaign runs to closed: on-time agencies hear only early reminders, the silent one climbs the ladder', async () => {
    const base = Date.now() + 2000;
    const calendar = {
      timeZone: 'Asia/Shanghai',
      phases: [
        { key: 'deployment', startsAt: at(base, 0), endsAt: at(base, 25) },
        { key: 'self_inspection', startsAt: at(base, 5), endsAt: at(base, 40) },
        { key: 'consolidation', startsAt: at(base, 40), endsAt: at(base, 48) },
        { key: 'spot_check', startsAt: at(base, 48), endsAt: at(base, 52) },
      ],
      deadlines: {
        D1: at(base, 20),
        D2: at(base, 20),
        D3: at(base, 22),
        D4: at(base, 38),
        D5: at(base, 38),
        D6: at(base, 40),
        D7: at(base, 46),
        D8: at(base, 48),
      },
      closesAt: at(base, 55),
    };
    const policy = {
      reminders: ['PT12S', 'PT4S'],
      escalation: [
        { after: 'PT0S', action: 'overdue' },
        { after: 'PT3S', action: 'supervision_notice' },
        { after: 'PT6S', action: 'listed_supervision' },
      ],
      warnWithin: 'PT4S',
    };
    const [punctual, silent, moved] = agencies(3);
    const id = await createCampaign(t.http, t.bureau, { agencies: [punctual, silent, moved], calendar, policy });
    const agencyToken = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: punctual.id });
    const sealedD7 = { ...(DELIVERABLE_BODY.D7 as object), sealedScan: await uploadScan(t.h.api.url, agencyToken) };

    // The bureau gives the third agency more time for D2 before it falls due: its ladder re-arms on the new date.
    await eventually(
      'agency workflows',
      async () => (await t.http.get(`/v1/campaigns/${id}/agencies/${moved.id}`, t.bureau)).body.started,
    );
    const newDue = at(base, 34);
    const move = await t.http.post(
      `/v1/campaigns/${id}/agencies/${moved.id}/deadlines/D2`,
      { dueAt: newDue, reason: '机构改革，联系人调整' },
      t.bureau,
    );
    expect(move.status).toBe(200);
    expect(move.body.dueAt).toBe(new Date(newDue).toISOString());

    // The punctual agency delivers D1–D3 after the first reminder (T−12 s) and before the second (T−4 s).
    await eventually('the first D1 reminder', async () =>
      (await events(id, `&agencyId=${punctual.id}&type=reminder`)).find(
        (e) => e.subject.id === 'D1' && e.step === 'PT12S',
      ),
    );
    for (const code of ['D1', 'D2', 'D3']) {
      const res = await t.http.post(
        `/v1/campaigns/${id}/agencies/${punctual.id}/deliverables/${code}`,
        DELIVERABLE_BODY[code],
        agencyToken,
      );
      expect(res.status).toBe(201);
      expect(res.body.late).toBe(false);
    }
    const twice = await t.http.post(
      `/v1/campaigns/${id}/agencies/${punctual.id}/deliverables/D1`,
      DELIVERABLE_BODY.D1,
      agencyToken,
    );
    expect(twice.status).toBe(409);

    // Self-inspection: every checklist item answered, then D4–D6; consolidation: D7, D8.
    await eventually('self-inspection to open', async () => Date.now() >= base + 5000);
    for (const item of CHECKLIST_CODES) {
      const res = await t.http.put(
        `/v1/campaigns/${id}/agencies/${punctual.id}/checklist/${item}`,
        { answer: 'compliant', note: '已自查' },
        agencyToken,
      );
      expect(res.status).toBe(200);
    }
    for (const code of ['D4', 'D5', 'D6']) {
      const res = await t.http.post(
        `/v1/campaigns/${id}/agencies/${punctual.id}/deliverables/${code}`,
        DELIVERABLE_BODY[code],
        agencyToken,
      );
      expect(res.status).toBe(201);
    }
    const early = await t.http.post(
      `/v1/campaigns/${id}/agencies/${punctual.id}/deliverables/D7`,
      sealedD7,
      agencyToken,
    );
    expect(early.status).toBe(409); // consolidation has not opened yet
    await eventually('consolidation to open', async () => Date.now() >= base + 40_500, 60_000);
    for (const code of ['D7', 'D8']) {
      const res = await t.http.post(
        `/v1/campaigns/${id}/agencies/${punctual.id}/deliverables/${code}`,
        code === 'D7' ? sealedD7 : DELIVERABLE_BODY[code],
        agencyToken,
      );
      expect(res.status).toBe(201);
    }

    const closed = await eventually(
      'the campaign to close',
      async () => {
        const res = await t.http.get(`/v1/campaigns/${id}`, t.bureau);
        return res.body.phase === 'closed' && res.body;
      },
      60_000,
    );
    expect(closed.deliverables.received).toBe(8);

    const all = await events(id);
    const keys = all.map((e) => `${e.agencyId}|${e.subject.id}|${e.deadline}|${e.step}`);
    expect(new Set(keys).size).toBe(keys.length); // each (subject, deadline, step) once

    // Punctual: for D1 only the reminder that fell before delivery; no escalation at all.
    const punctualEvents = all.filter((e) => e.agencyId === punctual.id);
    expect(punctualEvents.filter((e) => e.subject.id === 'D1').map((e) => e.step)).toEqual(['PT12S']);
    expect(punctualEvents.filter((e) => e.type === 'escalation')).toEqual([]);

    // Silent: D1 climbs overdue → supervision notice → listed supervision at the policy's offsets, once each.
    const silentD1 = all.filter((e) => e.agencyId === silent.id && e.subject.id === 'D1').reverse();
    expect(silentD1.map((e) => e.step)).toEqual([
      'PT12S',
      'PT4S',
      'overdue',
      'supervision_notice',
      'listed_supervision',
    ]);
    const due = Date.parse(calendar.deadlines.D1);
    expect(silentD1.map((e) => Date.parse(e.scheduledFor) - due)).toEqual([-12_000, -4_000, 0, 3_000, 6_000]);
    for (const e of silentD1) expect(Date.parse(e.occurredAt)).toBeGreaterThanOrEqual(Date.parse(e.scheduledFor));
    expect(silentD1.find((e) => e.step === 'supervision_notice')!.noticeNumber).toMatch(/^卫法督〔\d{4}〕\d+号$/);

    // Moved: D2's whole ladder ran against the new deadline, none of it against the old one.
    const movedD2 = all.filter((e) => e.agencyId === moved.id && e.subject.id === 'D2').reverse();
    expect(movedD2.map((e) => [e.step, Date.parse(e.scheduledFor) - Date.parse(newDue), e.deadline])).toEqual(
      [
        ['PT12S', -12_000],
        ['PT4S', -4_000],
        ['overdue', 0],
        ['supervision_notice', 3_000],
        ['listed_supervision', 6_000],
      ].map(([step, offset]) => [step, offset, new Date(newDue).toISOString()]),
    );

    const silentView = await eventually('the agency to close too', async () => {
      const res = await t.http.get(`/v1/campaigns/${id}/agencies/${silent.id}`, t.bureau);
      return res.body.phase === 'closed' && res;
    });
    expect(silentView.body.deliverables.find((d: { code: string }) => d.code === 'D1').light).toBe('red');
    const punctualView = await t.http.get(`/v1/campaigns/${id}/agencies/${punctual.id}`, t.bureau);
    expect(punctualView.body.deliverables.every((d: { metAt: string | null }) => d.metAt)).toBe(true);

    await keepCampaignHistories(id, [punctual.id, silent.id]);
  }, 120_000);

  test('a worker stopped across three steps takes exactly those three on restart, in order', async () => {
    const base = Date.now() + 3000;
    const far = (s: number) => at(base, 3600 + s);
    const calendar = {
      timeZone: 'Asia/Shanghai',
      phases: [
        { key: 'deployment', startsAt: at(base, -5), endsAt: at(base, 30) },
        { key: 'self_inspection', startsAt: far(0), endsAt: far(10) },
        { key: 'consolidation', startsAt: far(10), endsAt: far(20) },
        { key: 'spot_check', startsAt: far(20), endsAt: far(30) },
      ],
      deadlines: {
        D1: at(base, 12),
        D2: at(base, 30),
        D3: at(base, 30),
        D4: far(5),
        D5: far(5),
        D6: far(5),
        D7: far(15),
        D8: far(15),
      },
      closesAt: far(40),
    };
    const policy = {
      reminders: ['PT6S', 'PT3S'],
      escalation: [
        { after: 'PT0S', action: 'overdue' },
        { after: 'PT4S', action: 'supervision_notice' },
      ],
      warnWithin: 'PT3S',
    };
    const [only] = agencies(1);
    const id = await createCampaign(t.http, t.bureau, { agencies: [only], calendar, policy });
    await eventually(
      'the agency workflow',
      async () => (await t.http.get(`/v1/campaigns/${id}/agencies/${only.id}`, t.bureau)).body.started,
    );
    await t.h.worker!.stop();
    // Down across T−6 s, T−3 s and T (overdue), back before T+4 s.
    await eventually(
      'the three steps to fall due',
      async () => Date.now() >= Date.parse(calendar.deadlines.D1) + 500,
      30_000,
    );
    expect(await events(id)).toEqual([]);
    await t.h.startWorker();
    const caught = await eventually('the missed steps', async () => {
      const e = await events(id, '&subjectId=D1');
      return e.length >= 3 && e;
    });
    expect(
      caught
        .map((e) => e.step)
        .reverse()
        .slice(0, 3),
    ).toEqual(['PT6S', 'PT3S', 'overdue']);
    const withNotice = await eventually('the supervision notice', async () => {
      const e = await events(id, '&subjectId=D1');
      return e.length >= 4 && e;
    });
    expect(withNotice.map((e) => e.step).reverse()).toEqual(['PT6S', 'PT3S', 'overdue', 'supervision_notice']);
  }, 90_000);

  /** Histories of each workflow type replay against the current code; RECORD_HISTORIES=1 keeps them for CI. */
  async function keepCampaignHistories(campaignId: string, agencyIds: string[]) {
    const workflows: Record<string, string> = { campaign: workflowIds.campaign(campaignId) };
    for (const a of agencyIds) workflows[`agency-${a}`] = workflowIds.agency(campaignId, a);
    const results = await keepHistories(workflows);
    expect(results.map((r) => r.error)).toEqual(results.map(() => null));
  }
});
