import { randomBytes } from 'node:crypto';
import { useHarness } from '../support/harness';
import { at, createCampaign, createKey, eventually } from '../support/campaigns';

/**
 * What each step kind does, end to end (domain/stepKinds.ts, docs/STEP_KINDS.md): a referral step refers its subject
 * to the discipline commission; a 督办通知 is one per agency and issuing day, issued and numbered by the bureau over
 * the agency's jurisdiction; a reminder taken after its deadline (the worker was down) is recorded as missed, not sent.
 */

interface FeedEvent {
  id: string;
  type: string;
  step: string;
  agencyId: string | null;
  subject: { kind: string; id: string };
  occurredAt: string;
  noticeNumber: string | null;
  noticeId: string | null;
  referralId: string | null;
  missed: boolean;
}
interface Notice {
  id: string;
  number: string;
  kind: string;
  step: string;
  agencyId: string;
  issuer: { id: string; name: string };
  issueDay: string;
  issuedAt: string;
  matters: { eventId: string; subject: { kind: string; id: string } }[];
}
interface Referral {
  id: string;
  campaignId: string;
  subject: { kind: string; id: string };
  target: string;
  summary: string;
  acknowledgedAt: string | null;
}

/**
 * A time zone where it is now about noon, so that matters a few seconds apart fall on one issuing day however late
 * the test runs (Etc/GMT-N is UTC+N).
 */
function noonZone(): string {
  const offset = 12 - new Date().getUTCHours(); // -11 … +12
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** D1 and D2 due seconds from a base instant, every other deliverable far away, in the given time zone. */
function nearCalendar(base: number, d1: number, d2: number, timeZone: string) {
  const far = (s: number) => at(base, 3600 + s);
  return {
    timeZone,
    phases: [
      { key: 'deployment', startsAt: at(base, -5), endsAt: at(base, 1800) },
      { key: 'self_inspection', startsAt: far(0), endsAt: far(10) },
      { key: 'consolidation', startsAt: far(10), endsAt: far(20) },
      { key: 'spot_check', startsAt: far(20), endsAt: far(30) },
    ],
    deadlines: {
      D1: at(base, d1),
      D2: at(base, d2),
      D3: at(base, 1800),
      D4: far(5),
      D5: far(5),
      D6: far(5),
      D7: far(15),
      D8: far(15),
    },
    closesAt: far(40),
  };
}

const POLICY = {
  warnWithin: 'PT1S',
  itemDue: { immediate: 'PT6S', disciplinary_lead: 'PT6S' },
  complaintInvestigation: 'PT6S',
};

describe('step kinds: referrals, notices as a bureau issues them, reminders missed in an outage', () => {
  const t = useHarness();
  let discipline: string;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    discipline = await createKey(t.http, t.h.adminToken, { role: 'discipline' });
  });

  const events = async (campaignId: string, filter = '') =>
    (await t.http.get(`/v1/campaigns/${campaignId}/events?limit=100${filter}`, t.bureau)).body.items as FeedEvent[];
  const started = (campaignId: string, agencyId: string) =>
    eventually(
      'the agency workflow',
      async () => (await t.http.get(`/v1/campaigns/${campaignId}/agencies/${agencyId}`, t.bureau)).body.started,
    );

  test('a ladder ending in referral refers an overdue deliverable, item and complaint once each, in words fitting each; the commission acknowledges them', async () => {
    const base = Date.now() + 3000;
    const agency = { id: `ref-${run}`, name: '市交通运输局', jurisdictionId: 'zhongwei' };
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [agency],
      calendar: nearCalendar(base, 10, 1800, 'Asia/Shanghai'),
      policy: {
        ...POLICY,
        reminders: [],
        escalation: [
          { after: 'PT0S', action: 'overdue' },
          { after: 'PT1S', action: 'discipline_referral' },
        ],
      },
    });
    await started(id, agency.id);
    const item = await t.http.post(
      `/v1/campaigns/${id}/agencies/${agency.id}/items`,
      {
        checklistCode: 'B4',
        source: 'petition_report',
        description: '窗口办件超期未整改',
        severity: 'general',
        classification: 'immediate',
      },
      t.bureau,
    );
    expect(item.status).toBe(201);
    const filed = await t.http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      description: '办证拖延',
      agencyId: agency.id,
    });
    expect(filed.status).toBe(201);
    const [complaint] = await t.h.sql<
      { id: string }[]
    >`select id from complaints where tracking_code = ${filed.body.trackingCode}`;

    const subjects = [
      ['deliverable', 'D1'],
      ['item', item.body.id],
      ['complaint', complaint.id],
    ];
    const referrals = await eventually(
      'a referral for each subject',
      async () => {
        const mine = ((await t.http.get('/v1/referrals?limit=100', discipline)).body.items as Referral[]).filter(
          (r) => r.campaignId === id,
        );
        return (
          subjects.every(([kind, sid]) => mine.some((r) => r.subject.kind === kind && r.subject.id === sid)) && mine
        );
      },
      60_000,
    );
    expect(referrals).toHaveLength(3);
    const of = (kind: string) => referrals.find((r) => r.subject.kind === kind)!;
    expect(referrals.map((r) => r.target)).toEqual([
      'discipline_commission',
      'discipline_commission',
      'discipline_commission',
    ]);
    expect(of('deliverable').summary).toBe('材料「D1 工作措施」逾期未报送，系统自动移交纪委监委');
    expect(of('item').summary).toBe('问题整改事项「窗口办件超期未整改」逾期未整改，系统自动移交纪委监委');
    expect(of('complaint').summary).toBe(`举报「${filed.body.trackingCode}」逾期未办结，系统自动移交纪委监委`);

    // The feed and the queue agree: each subject's referral step points to the referral the commission sees.
    const feed = (await events(id, '&type=escalation')).filter((e) => e.step === 'discipline_referral');
    expect(feed.map((e) => [e.subject.kind, e.subject.id, e.referralId]).sort()).toEqual(
      subjects.map(([kind, sid]) => [kind, sid, referrals.find((r) => r.subject.kind === kind)!.id]).sort(),
    );
    // One referral letter (移送函) of the city bureau carries the agency's three referrals of the day (one document per
    // addressee, kind and day), numbered under the bureau's letter 代字, not its notices'.
    expect(new Set(feed.map((e) => e.noticeNumber)).size).toBe(1);
    for (const e of feed) expect(e.noticeNumber).toMatch(/^卫法函〔\d{4}〕\d+号$/);

    for (const r of referrals) {
      const ack = await t.http.post(`/v1/referrals/${r.id}/acknowledge`, {}, discipline);
      expect(ack.status).toBe(200);
      expect((await t.http.post(`/v1/referrals/${r.id}/acknowledge`, {}, discipline)).status).toBe(409);
    }
    const acknowledged = (
      (await t.http.get('/v1/referrals?acknowledged=true&limit=100', discipline)).body.items as Referral[]
    ).filter((r) => r.campaignId === id);
    expect(acknowledged.map((r) => r.subject.kind).sort()).toEqual(['complaint', 'deliverable', 'item']);
    const itemHistory = await eventually('the acknowledgement in the item history', async () => {
      const b = (await t.http.get(`/v1/items/${item.body.id}`, t.bureau)).body;
      return b.history?.some((e: { action: string }) => e.action === 'referral_acknowledged') && b.history;
    });
    expect(itemHistory.filter((e: { action: string }) => e.action === 'refer')).toHaveLength(1);
  }, 120_000);

  describe('notices as a bureau issues them', () => {
    const county1 = { id: `spt-${run}`, name: '沙坡头区', noticePrefix: '沙法督' };
    const county2 = { id: `zn-${run}`, name: '中宁县', noticePrefix: '宁法督' };
    const a1 = { id: `spt-a-${run}`, name: '沙坡头区市场监督管理局', jurisdictionId: county1.id };
    const a2 = { id: `spt-b-${run}`, name: '沙坡头区自然资源局', jurisdictionId: county1.id };
    const b1 = { id: `zn-a-${run}`, name: '中宁县市场监督管理局', jurisdictionId: county2.id };
    const zone = noonZone();
    let campaignId: string;
    let notices: Notice[];

    beforeAll(async () => {
      // The prefixes are kept in the organisation registry; the city has none there, so the policy's is the city's.
      for (const [node, parentId] of [
        [{ id: 'zhongwei', name: '中卫市' }, null],
        [county1, 'zhongwei'],
        [county2, 'zhongwei'],
      ] as const) {
        const put = await t.http.put(
          `/v1/jurisdictions/${node.id}`,
          { ...node, id: undefined, parentId },
          t.h.adminToken,
        );
        expect([200, 201]).toContain(put.status);
      }
      const base = Date.now() + 3000;
      campaignId = await createCampaign(t.http, t.bureau, {
        jurisdiction: {
          id: 'zhongwei',
          name: '中卫市',
          children: [
            { id: county1.id, name: county1.name },
            { id: county2.id, name: county2.name },
          ],
        },
        agencies: [a1, a2, b1],
        calendar: nearCalendar(base, 10, 12, zone),
        policy: {
          ...POLICY,
          reminders: [],
          escalation: [
            { after: 'PT0S', action: 'overdue' },
            { after: 'PT2S', action: 'supervision_notice' },
          ],
        },
      });
      notices = await eventually(
        "each agency's notice naming D1 and D2",
        async () => {
          const items = (await t.http.get(`/v1/campaigns/${campaignId}/notices?limit=100`, t.bureau)).body
            .items as Notice[];
          return items.length >= 3 && items.every((n) => n.matters.length === 2) && items;
        },
        60_000,
      );
    });

    test('two deliverables overdue the same day give their agency one numbered 督办通知 naming both, each event pointing to it', async () => {
      expect(notices).toHaveLength(3);
      for (const agency of [a1, a2, b1]) {
        const [notice] = notices.filter((n) => n.agencyId === agency.id);
        expect(notice.kind).toBe('supervision_notice');
        expect(notice.matters.map((m) => m.subject.id).sort()).toEqual(['D1', 'D2']);
        const steps = (await events(campaignId, `&agencyId=${agency.id}`)).filter(
          (e) => e.step === 'supervision_notice',
        );
        expect(steps.map((e) => e.subject.id).sort()).toEqual(['D1', 'D2']);
        for (const e of steps) expect([e.noticeId, e.noticeNumber]).toEqual([notice.id, notice.number]);
        // Its issuing day is the local day of issue in the campaign's zone.
        expect(notice.issueDay).toBe(
          new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(notice.issuedAt)),
        );
      }
    });

    test('two counties issue and number their own notices with their own prefixes', () => {
      const year = (n: Notice) =>
        new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric' }).format(new Date(n.issuedAt));
      const byCounty = (agencyIds: string[]) => notices.filter((n) => agencyIds.includes(n.agencyId));
      const first = byCounty([a1.id, a2.id]);
      expect(first.map((n) => n.issuer)).toEqual([
        { id: county1.id, name: '沙坡头区' },
        { id: county1.id, name: '沙坡头区' },
      ]);
      expect(first.map((n) => n.number).sort()).toEqual(
        [`沙法督〔${year(first[0])}〕1号`, `沙法督〔${year(first[0])}〕2号`].sort(),
      );
      const second = byCounty([b1.id]);
      expect(second.map((n) => [n.issuer, n.number])).toEqual([
        [{ id: county2.id, name: '中宁县' }, `宁法督〔${year(second[0])}〕1号`],
      ]);
    });
  });

  test('a worker stopped across a deadline records the reminders as missed and sends none of them, then sends the escalations', async () => {
    const base = Date.now() + 3000;
    const agency = { id: `down-${run}`, name: '市人力资源和社会保障局', jurisdictionId: 'zhongwei' };
    const calendar = nearCalendar(base, 20, 1800, 'Asia/Shanghai');
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [agency],
      calendar,
      policy: {
        ...POLICY,
        reminders: ['PT6S', 'PT3S'],
        escalation: [
          { after: 'PT0S', action: 'overdue' },
          { after: 'PT4S', action: 'supervision_notice' },
        ],
      },
    });
    await started(id, agency.id);
    await t.h.worker!.stop();
    // Down across T−6 s, T−3 s and T.
    const due = Date.parse(calendar.deadlines.D1);
    await eventually('the deadline to pass', async () => Date.now() >= due + 500, 40_000);
    expect(await events(id)).toEqual([]);
    await t.h.startWorker();

    const taken = await eventually(
      'the four steps',
      async () => {
        const e = await events(id, '&subjectId=D1');
        return e.length >= 4 && e;
      },
      60_000,
    );
    expect(taken.reverse().map((e) => [e.step, e.missed])).toEqual([
      ['PT6S', true],
      ['PT3S', true],
      ['overdue', false],
      ['supervision_notice', false],
    ]);

    type Delivery = { type: string; step: string; status: string; subject: { id: string } };
    const deliveries = await eventually(
      'the escalations delivered',
      async () => {
        const d = (
          (await t.http.get(`/v1/notifications?campaignId=${id}&limit=100`, t.bureau)).body.items as Delivery[]
        ).filter((x) => x.subject.id === 'D1');
        const done = (step: string) => d.some((x) => x.step === step && x.status === 'delivered');
        return done('overdue') && done('supervision_notice') && d;
      },
      60_000,
    );
    expect(deliveries.filter((d) => d.type === 'reminder')).toEqual([]);
    // Nothing is queued for the missed reminders, so nothing can be sent for them later either.
    const [{ n }] = await t.h.sql<{ n: number }[]>`
      select count(*)::int as n from outbox o join deadline_events e on e.id = o.event_id where e.campaign_id = ${id} and e.type = 'reminder'`;
    expect(n).toBe(0);
    // The agency's reminder count shows reminders sent, not missed.
    const view = (await t.http.get(`/v1/campaigns/${id}/agencies/${agency.id}`, t.bureau)).body;
    expect(view.remindersSent).toBe(0);
  }, 150_000);
});
