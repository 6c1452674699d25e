import { randomBytes } from 'node:crypto';
import { useHarness } from '../support/harness';
import {
  agencies,
  compressedCalendar,
  createCampaign,
  createKey,
  eventually,
  openCalendar,
} from '../support/campaigns';
import { pdfScan, upload } from '../support/files';

interface QueueItem {
  kind: string;
  campaignId: string;
  agencyId?: string;
  subject: { kind: string; id: string };
  title: string;
}
interface Queue {
  counts: Record<string, number>;
  items: QueueItem[];
}

const D1 = { scope: '本单位全部执法岗位', content: '自查自纠', measures: '建立台账', requirements: '按期报送' };

describe('the desk (SPEC §15)', () => {
  const t = useHarness();

  test("the bureau's queue holds submissions to review; 审核通过 and 退回 are recorded, shown to the agency and counted apart", async () => {
    const [first, second] = agencies(2, 'shapotou');
    const id = await createCampaign(t.http, t.bureau, { agencies: [first, second], calendar: openCalendar() });
    const clerk = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: first.id });
    const clerk2 = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: second.id });
    const path = (a: string, code: string) => `/v1/campaigns/${id}/agencies/${a}/deliverables/${code}`;
    const queue = async (token: string, q = '') =>
      (await t.http.get(`/v1/queue?campaignId=${id}${q}`, token)).body as Queue;

    for (const a of [first, second])
      await eventually(
        `${a.name} started`,
        async () => (await t.http.get(`/v1/campaigns/${id}/agencies/${a.id}`, t.bureau)).body.started,
        60_000,
      );
    // Not submitted: nothing to accept.
    expect((await t.http.post(`${path(first.id, 'D1')}/accept`, {}, t.bureau)).status).toBe(409);

    // D1 with the work plan as a PDF (every deliverable takes documents), D2 and D3 from both agencies.
    const scan = await upload(t.h.api.url, { bytes: await pdfScan('work plan'), name: '工作方案.pdf', token: clerk });
    expect(scan.status).toBe(201);
    const d1 = await t.http.post(
      path(first.id, 'D1'),
      { ...D1, evidence: [{ title: '工作方案（红头文件）', fileId: scan.body.id }] },
      clerk,
    );
    expect(d1.status).toBe(201);
    expect((await t.http.post(path(second.id, 'D1'), D1, clerk2)).status).toBe(201);
    const d3 = { hotline: '0955-12345', email: 'jb@example.gov.cn', url: 'https://example.gov.cn/jb' };
    expect((await t.http.post(path(first.id, 'D3'), d3, clerk)).status).toBe(201);
    expect((await t.http.post(path(second.id, 'D3'), d3, clerk2)).status).toBe(201);
    const read = await t.http.get(path(first.id, 'D1'), t.bureau);
    expect(read.body.files.map((f: { name: string }) => f.name)).toEqual(['工作方案.pdf']);

    const before = await queue(t.bureau);
    expect(before.counts.deliverable_to_review).toBe(4);
    expect(
      before.items
        .filter((i) => i.kind === 'deliverable_to_review')
        .map((i) => i.subject.id)
        .sort(),
    ).toEqual(['D1', 'D1', 'D3', 'D3']);
    // filtered by agency; an agency's queue holds none of the bureau's kinds
    expect((await queue(t.bureau, `&agencyId=${first.id}`)).counts.deliverable_to_review).toBe(2);
    expect((await queue(clerk)).counts.deliverable_to_review).toBeUndefined();

    // 审核通过 of the first agency's D1; a second acceptance and a return after it are refused.
    const accepted = await t.http.post(`${path(first.id, 'D1')}/accept`, {}, t.bureau);
    expect(accepted.status).toBe(200);
    expect((await t.http.post(`${path(first.id, 'D1')}/accept`, {}, t.bureau)).status).toBe(409);
    expect((await t.http.post(`${path(first.id, 'D1')}/return`, { reason: '重复' }, t.bureau)).status).toBe(409);
    expect((await t.http.post(`${path(first.id, 'D1')}/accept`, {}, clerk)).status).toBe(403);
    const shown = await t.http.get(path(first.id, 'D1'), clerk);
    expect(shown.body.status).toBe('accepted');
    expect(shown.body.history.map((h: { action: string }) => h.action)).toEqual(['submitted', 'accepted']);

    // 退回 of the second's D1: the agency's queue shows it with the reason.
    const reason = '工作方案未加盖公章';
    expect((await t.http.post(`${path(second.id, 'D1')}/return`, { reason }, t.bureau)).status).toBe(200);
    const agencyQueue = await queue(clerk2);
    expect(agencyQueue.counts.returned).toBe(1);
    expect(agencyQueue.items.find((i) => i.kind === 'returned')?.title).toContain(reason);

    // Both D3s accepted at once; one target outside the campaign fails on its own.
    const bulk = await t.http.post(
      '/v1/queue/actions',
      {
        action: 'accept_deliverables',
        targets: [
          { campaignId: id, agencyId: first.id, code: 'D3' },
          { campaignId: id, agencyId: second.id, code: 'D3' },
          { campaignId: id, agencyId: second.id, code: 'D2' },
        ],
      },
      t.bureau,
    );
    expect(bulk.status).toBe(200);
    expect(bulk.body.done).toBe(2);
    expect(bulk.body.results.map((r: { ok: boolean; error?: { code: string } }) => r.error?.code ?? 'ok')).toEqual([
      'ok',
      'ok',
      'deliverable_not_submitted',
    ]);
    await eventually('the queue to be empty of reviews', async () => {
      const q = await queue(t.bureau);
      return q.counts.deliverable_to_review === 0;
    });

    // The statistics count the review apart: 3 accepted, 1 returned (and 3 received: the returned one is not).
    const summary = await t.http.get(`/v1/campaigns/${id}`, t.bureau);
    expect(summary.body.deliverables).toMatchObject({ received: 3, accepted: 3, returned: 1 });

    // The resubmission is reviewed anew.
    expect((await t.http.post(path(second.id, 'D1'), { ...D1, content: '自查自纠（已盖章）' }, clerk2)).status).toBe(
      201,
    );
    await eventually('the resubmission to wait for review', async () => {
      const q = await queue(t.bureau);
      return q.counts.deliverable_to_review === 1 && (await queue(clerk2)).counts.returned === 0;
    });
  });

  test('spam complaints closed in bulk as 不予受理 with the reason, which the complainant reads', async () => {
    const [agency] = agencies(1, 'zhongning');
    const id = await createCampaign(t.http, t.bureau, { agencies: [agency], calendar: openCalendar() });
    const codes: string[] = [];
    for (const description of ['广告推销，与执法无关', '重复提交的无关内容']) {
      const filed = await t.http.post('/v1/complaints', {
        channel: 'web',
        kind: 'inaction',
        description,
        agencyId: agency.id,
      });
      expect(filed.status).toBe(201);
      codes.push(filed.body.trackingCode);
    }
    const waiting = await eventually('the complaints on the desk', async () => {
      const q = (await t.http.get(`/v1/queue?campaignId=${id}&kind=complaint_to_investigate`, t.bureau)).body as Queue;
      return q.counts.complaint_to_investigate === 2 && q;
    });
    const reason = '举报内容与行政执法无关，不予受理';
    const closed = await t.http.post(
      '/v1/queue/actions',
      { action: 'close_complaints_not_accepted', complaintIds: waiting.items.map((i) => i.subject.id), reason },
      t.bureau,
    );
    expect(closed.body).toMatchObject({ done: 2 });
    for (const code of codes) {
      const tracked = await eventually('the outcome on the tracking page', async () => {
        const r = await t.http.get(`/v1/complaints/track/${encodeURIComponent(code)}`);
        return r.body.outcome === 'not_accepted' && r.body;
      });
      expect(JSON.stringify(tracked)).toContain(reason);
    }
    expect(
      ((await t.http.get(`/v1/queue?campaignId=${id}`, t.bureau)).body as Queue).counts.complaint_to_investigate,
    ).toBe(0);
  });

  test('a county without operators: its agency\'s escalations reach the city bureau\'s inbox; "mark all read" within a filter', async () => {
    // a county the registry learns from this campaign, with no account and no key of its own
    const county = { id: `county-${randomBytes(4).toString('hex')}`, name: '无人值守县' };
    const [agency] = agencies(1, county.id);
    const base = Date.now();
    const far = 3600;
    const calendar = compressedCalendar(base, {
      phases: [
        [-10, far],
        [far, 2 * far],
        [2 * far, 3 * far],
        [3 * far, 4 * far],
      ],
      deadlines: { D1: 15, D2: far, D3: far, D4: 2 * far, D5: 2 * far, D6: 2 * far, D7: 3 * far, D8: 3 * far },
      closesAt: 5 * far,
    });
    const id = await createCampaign(t.http, t.bureau, {
      jurisdiction: { id: 'zhongwei', name: '中卫市', children: [county] },
      agencies: [agency],
      calendar,
      policy: {
        reminders: ['PT5S'],
        escalation: [{ after: 'PT0S', action: 'overdue' }],
        warnWithin: 'PT5S',
        itemDue: { immediate: 'PT60S', disciplinary_lead: 'PT60S' },
        complaintInvestigation: 'PT60S',
      },
    });
    const inbox = async (q = '') =>
      (await t.http.get(`/v1/inbox?campaignId=${id}${q}`, t.bureau)).body as {
        items: { step: string; agencyId: string | null; agencyName: string | null; readAt: string | null }[];
        unread: number;
      };
    const overdue = await eventually(
      "the overdue escalation in the city bureau's inbox",
      async () => (await inbox('&kind=overdue')).items.find((m) => m.step === 'overdue'),
      90_000,
    );
    expect(overdue).toMatchObject({ agencyId: agency.id, agencyName: agency.name });
    // the queue shows the agency overdue to the city bureau, filtered by the county
    const q = (await t.http.get(`/v1/queue?campaignId=${id}&jurisdictionId=${county.id}`, t.bureau)).body as Queue;
    expect(q.counts.agency_overdue).toBe(1);
    expect(q.items.find((i) => i.kind === 'agency_overdue')?.agencyId).toBe(agency.id);

    // "mark all read" of the overdue kind leaves the rest (the reminder did not go to bureaus: nothing else here)
    const marked = await t.http.post('/v1/inbox/read', { campaignId: id, kind: 'overdue' }, t.bureau);
    expect(marked.status).toBe(200);
    expect(marked.body.marked).toBeGreaterThanOrEqual(1);
    expect((await inbox('&kind=overdue')).unread).toBe(0);
    expect((await t.http.post('/v1/inbox/read', { campaignId: id, kind: 'overdue' }, t.bureau)).body.marked).toBe(0);
  });
});
