import { useHarness } from '../support/harness';
import {
  agencies,
  compressedCalendar,
  createCampaign,
  createKey,
  eventually,
  openCalendar,
} from '../support/campaigns';
import { jpegPhoto, upload } from '../support/files';

interface Event {
  type: string;
  step: string;
  subject: { kind: string; id: string };
  occurredAt: string;
}

/** A ladder wide enough for a loaded machine: reminders 20 s and 10 s before, overdue at T, a notice 10 s after. */
const POLICY = {
  reminders: ['PT20S', 'PT10S'],
  escalation: [
    { after: 'PT0S', action: 'overdue' },
    { after: 'PT10S', action: 'supervision_notice' },
  ],
  warnWithin: 'PT10S',
  itemDue: { immediate: 'PT60S', disciplinary_lead: 'PT60S' },
  complaintInvestigation: 'PT60S',
};

describe('the bureau reads a deliverable and returns it; the agency resubmits', () => {
  const t = useHarness();

  test('returned, its ladder resumes from the return with each step once; resubmitted, it is received again', async () => {
    const base = Date.now();
    const far = 3600;
    const calendar = compressedCalendar(base, {
      phases: [
        [-10, far],
        [-10, 2 * far],
        [2 * far, 3 * far],
        [3 * far, 4 * far],
      ],
      deadlines: { D1: far, D2: far, D3: far, D4: far, D5: 32, D6: far, D7: 3 * far, D8: 3 * far },
      closesAt: 5 * far,
    });
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [{ id: 'market-supervision', name: '市市场监督管理局', jurisdictionId: 'zhongwei' }],
      calendar,
      policy: POLICY,
    });
    const agency = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: 'market-supervision' });
    const path = `/v1/campaigns/${id}/agencies/market-supervision/deliverables/D5`;
    const d5Events = async () =>
      ((await t.http.get(`/v1/campaigns/${id}/events?limit=500`, t.bureau)).body.items as Event[]).filter(
        (e) => e.subject.id === 'D5',
      );

    await eventually(
      'the first reminder of D5',
      async () => (await d5Events()).some((e) => e.step === 'PT20S'),
      60_000,
    );
    const photo = await upload(t.h.api.url, { bytes: jpegPhoto(), name: '公开栏照片.jpg', token: agency });
    const first = await t.http.post(
      path,
      { description: '在公开栏公开', evidence: [{ title: '公开栏照片', fileId: photo.body.id }] },
      agency,
    );
    expect(first.status).toBe(201);

    // The bureau reads it: content, files, history.
    const read = await t.http.get(path, t.bureau);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      code: 'D5',
      status: 'submitted',
      submission: { body: { description: '在公开栏公开' } },
    });
    expect(read.body.files.map((f: { name: string }) => f.name)).toEqual(['公开栏照片.jpg']);

    // An agency may not return; the bureau returns it with a reason.
    expect((await t.http.post(`${path}/return`, { reason: '不合格' }, agency)).status).toBe(403);
    const returned = await t.http.post(`${path}/return`, { reason: '公开范围不够，须在门户网站公开' }, t.bureau);
    expect(returned.status).toBe(200);
    const returnedAt = Date.parse(returned.body.returnedAt);
    expect((await t.http.post(`${path}/return`, { reason: '再次退回' }, t.bureau)).status).toBe(409);
    // the return is a numbered 退回通知 in the register, addressed to the agency, with the bureau's reason
    const notices = (await t.http.get(`/v1/documents?campaignId=${id}&kind=return_notice`, agency)).body.items as {
      number: string;
      title: string;
      addressee: { id: string };
    }[];
    expect(notices.map((d) => [d.title, d.addressee.id])).toEqual([
      ['关于退回公开自查整改情况的退回通知', 'market-supervision'],
    ]);
    expect(notices[0].number).toMatch(/^卫法督〔\d{4}〕\d+号$/);
    const afterReturn = await t.http.get(path, agency);
    expect(afterReturn.body.status).toBe('returned');
    expect(
      afterReturn.body.history.map((h: { action: string; reason?: string }) => [h.action, h.reason ?? null]),
    ).toEqual([
      ['submitted', null],
      ['returned', '公开范围不够，须在门户网站公开'],
    ]);

    // Unmet again, the ladder resumes: the 10 s reminder and the overdue step follow, the 20 s reminder is not repeated.
    await eventually(
      'D5 to be marked overdue after the return',
      async () => (await d5Events()).some((e) => e.step === 'overdue'),
      60_000,
    );
    const resubmitted = await t.http.post(
      path,
      {
        description: '已在门户网站公开',
        evidence: [
          { title: '公开栏照片', fileId: photo.body.id },
          { title: '门户网站', url: 'https://example.gov.cn/gk' },
        ],
      },
      agency,
    );
    expect(resubmitted.status).toBe(201);
    expect(resubmitted.body.late).toBe(true);

    const steps = (await d5Events()).map((e) => e.step).sort();
    expect(steps).toEqual(['PT10S', 'PT20S', 'overdue']);
    const reminder10 = (await d5Events()).find((e) => e.step === 'PT10S')!;
    expect(Date.parse(reminder10.occurredAt)).toBeGreaterThan(returnedAt);

    const final = await t.http.get(path, t.bureau);
    expect(final.body.status).toBe('submitted');
    expect(final.body.submission.body.description).toBe('已在门户网站公开');
    expect(final.body.history.map((h: { action: string }) => h.action)).toEqual(['submitted', 'returned', 'submitted']);
    // resubmitted, it is received again and stays met: no further steps
    const view = await t.http.get(`/v1/campaigns/${id}/agencies/market-supervision?live=true`, t.bureau);
    expect(view.body.deliverables.find((d: { code: string }) => d.code === 'D5')).toMatchObject({ late: true });
  });
});

describe('a return is told to the agency', () => {
  const t = useHarness();

  test("the agency's inbox shows the return with the bureau's reason and the new deadline, in Chinese; nobody else's does", async () => {
    const [returned, other] = agencies(2, 'zhongning');
    const name = '2027年度行政执法领域突出问题专项整治';
    const id = await createCampaign(t.http, t.bureau, { name, agencies: [returned, other], calendar: openCalendar() });
    const clerk = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: returned.id });
    const otherClerk = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: other.id });
    const path = `/v1/campaigns/${id}/agencies/${returned.id}/deliverables/D1`;
    await eventually(
      'the agency workflow',
      async () => (await t.http.get(`/v1/campaigns/${id}/agencies/${returned.id}`, t.bureau)).body.started,
    );
    expect(
      (
        await t.http.post(
          path,
          { scope: '全局', content: '自查自纠', measures: '建立台账', requirements: '按期销号' },
          clerk,
        )
      ).status,
    ).toBe(201);

    // a new deadline on a whole minute, 40 minutes ahead, written as the campaign's local time (UTC+8) reads it
    const dueMs = Math.ceil((Date.now() + 40 * 60_000) / 60_000) * 60_000;
    const local = new Date(dueMs + 8 * 3600_000);
    const dueZh = `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}（北京时间）`;
    const reason = '工作措施未明确责任分工，请补充后重新报送';
    const back = await t.http.post(`${path}/return`, { reason, dueAt: new Date(dueMs).toISOString() }, t.bureau);
    expect(back.status).toBe(200);

    const message = await eventually(
      'the return in the agency inbox',
      async () => {
        const inbox = await t.http.get(`/v1/inbox?campaignId=${id}&limit=50`, clerk);
        return inbox.body.items.find((m: { title: string }) => m.title.includes('退回'));
      },
      60_000,
    );
    expect(message.title).toBe(`【${name}】${returned.name}：D1 工作措施 已被退回`);
    expect(message.body).toContain(`退回原因：${reason}`);
    expect(message.body).toContain(`重新报送截止时间：${dueZh}`);
    expect(message.body).toContain('请按退回意见修改后重新报送');
    expect(message.link).toBe(`/campaigns/${id}/agencies/${returned.id}`);
    expect(message.readAt).toBeNull();
    // no deadline step sent it: nothing to print (the inbox prints numbered notices by their event)
    expect(message).toMatchObject({ step: 'returned', eventId: null, noticeNumber: null });

    // one message for the one return; the other agency and the bureau are not its audience
    const inbox = await t.http.get(`/v1/inbox?campaignId=${id}&limit=50`, clerk);
    expect(inbox.body.items.filter((m: { title: string }) => m.title.includes('退回'))).toHaveLength(1);
    expect((await t.http.get(`/v1/inbox?campaignId=${id}&limit=50`, otherClerk)).body.items).toEqual([]);
    const bureauInbox = await t.http.get(`/v1/inbox?campaignId=${id}&limit=50`, t.bureau);
    expect(bureauInbox.body.items.filter((m: { title: string }) => m.title.includes('退回'))).toEqual([]);
  });
});
