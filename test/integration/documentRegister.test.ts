import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import postgres from 'postgres';
import { Client, Connection } from '@temporalio/client';
import { workflowIds } from '../../domain/contract';
import { keepHistories } from '../support/replay';
import { useHarness } from '../support/harness';
import { at, compressedCalendar, createCampaign, createKey, eventually } from '../support/campaigns';
import { issueDocument } from '../../services/documents/register';

/**
 * The register of issued documents (SPEC §14, API.md "The register of issued documents"), end to end against the
 * real Temporal, PostgreSQL and HTTP: one document per addressee, kind and day naming its matters in words; numbers per
 * issuing authority, 代字 and year, gap-free under concurrency; referral letters that reach the commission above the
 * matter and nobody else; 签收 and 催办.
 */

interface Doc {
  id: string;
  kind: string;
  number: string;
  title: string;
  issuerJurisdictionId: string;
  addressee: { kind: string; id: string; name: string };
  issuedAt: string;
  matters: { subject: { kind: string; id: string }; step: string; name: string }[];
  receipt: { state: string; signedAt?: string; signedBy?: string; chased: number };
}
type QueueEntry = { kind: string; subject: { kind: string; id: string } };

const run = randomBytes(3).toString('hex');

/** A time zone where it is now about noon, so matters seconds apart fall on one issuing day (Etc/GMT-N is UTC+N). */
function noonZone(): string {
  const offset = 12 - new Date().getUTCHours();
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** D1–D3 due `due` seconds from a base instant, every other deliverable an hour on. */
function calendarWithD1toD3(base: number, due: number, timeZone: string) {
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
      D1: at(base, due),
      D2: at(base, due),
      D3: at(base, due),
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
  complaintInvestigation: 'PT4S',
  reminders: [],
};

function pdfTool(tool: 'pdftotext' | 'pdfinfo', pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'register-'));
  writeFileSync(join(dir, 'd.pdf'), pdf);
  const args = tool === 'pdftotext' ? ['-enc', 'UTF-8', join(dir, 'd.pdf'), '-'] : [join(dir, 'd.pdf')];
  return execFileSync(tool, args).toString('utf8');
}

/** A local date the way an official document writes it (2027年6月3日), by the platform's Intl, not the product. */
function writtenDate(iso: string, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}年${p.month}月${p.day}日`;
}

describe('the register of issued documents', () => {
  const t = useHarness();

  const get = async (path: string, token: string) => {
    const res = await fetch(`${t.h.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  describe('three agencies miss D1–D3 on one day', () => {
    const city = { id: `city-${run}`, name: '中卫市', noticePrefix: '卫法督' };
    const county = { id: `county-${run}`, name: '沙坡头区', noticePrefix: '沙法督' };
    const agencies = [
      { id: `market-${run}`, name: '市市场监督管理局', jurisdictionId: city.id },
      { id: `nature-${run}`, name: '市自然资源局', jurisdictionId: city.id },
      { id: `spt-${run}`, name: '沙坡头区交通运输局', jurisdictionId: county.id },
    ];
    const zone = noonZone();
    let campaignId: string;
    let notices: Doc[];
    const keys: Record<string, string> = {};

    beforeAll(async () => {
      for (const [node, parentId] of [
        [city, null],
        [county, city.id],
      ] as const) {
        const put = await t.http.put(
          `/v1/jurisdictions/${node.id}`,
          { ...node, id: undefined, parentId },
          t.h.adminToken,
        );
        expect([200, 201]).toContain(put.status);
      }
      const bureau = await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: city.id });
      keys.bureau = bureau;
      keys.countyBureau = await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: county.id });
      campaignId = await createCampaign(t.http, bureau, {
        jurisdiction: { id: city.id, name: city.name, children: [{ id: county.id, name: county.name }] },
        agencies,
        calendar: calendarWithD1toD3(Date.now() + 3000, 8, zone),
        policy: {
          ...POLICY,
          receipt: 'PT6S',
          escalation: [
            { after: 'PT0S', action: 'overdue' },
            { after: 'PT2S', action: 'supervision_notice' },
          ],
        },
      });
      for (const a of agencies)
        keys[a.id] = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: a.id });
      notices = await eventually(
        'three notices naming three matters each',
        async () => {
          const items = (await t.http.get(`/v1/documents?campaignId=${campaignId}&limit=100`, bureau)).body
            .items as Doc[];
          return items.length >= 3 && items.every((n) => n.matters.length === 3) && items;
        },
        90_000,
      );
    }, 150_000);

    test('one notice per agency, each numbered once and naming its three matters in words', () => {
      expect(notices).toHaveLength(3);
      expect(new Set(notices.map((n) => n.number)).size).toBe(3);
      for (const a of agencies) {
        const mine = notices.filter((n) => n.addressee.id === a.id);
        expect(mine).toHaveLength(1);
        const [n] = mine;
        expect(n.kind).toBe('supervision_notice');
        expect(n.addressee).toEqual({ kind: 'agency', id: a.id, name: a.name });
        expect(n.matters.map((m) => m.subject.id).sort()).toEqual(['D1', 'D2', 'D3']);
        expect(n.matters.map((m) => m.name).sort()).toEqual(['公布监督举报渠道', '报送联系人', '报送工作措施'].sort());
        expect(n.title).toMatch(/^关于督促(报送工作措施|报送联系人|公布监督举报渠道)等三项事项的督办通知$/);
        expect(n.title).not.toMatch(/D\d/);
      }
    });

    test('the city and the county number their notices independently, each from 1 of the year', () => {
      const year = (n: Doc) =>
        new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric' }).format(new Date(n.issuedAt));
      const y = year(notices[0]);
      const cityNumbers = notices.filter((n) => n.issuerJurisdictionId === city.id).map((n) => n.number);
      expect(cityNumbers.sort()).toEqual([`卫法督〔${y}〕1号`, `卫法督〔${y}〕2号`]);
      const countyNotice = notices.find((n) => n.issuerJurisdictionId === county.id)!;
      expect(countyNotice.number).toBe(`沙法督〔${y}〕1号`);
      expect(countyNotice.addressee.id).toBe(agencies[2].id);
    });

    test('a notice of three matters prints on one A4 page: issuer, number, title, addressee, body, date, 印发 in order', async () => {
      const n = notices.find((d) => d.addressee.id === agencies[0].id)!;
      const res = await get(`/v1/documents/${n.id}.pdf`, keys.bureau);
      expect(res.status).toBe(200);
      const info = pdfTool('pdfinfo', res.bytes);
      expect(info).toMatch(/Pages:\s+1\n/);
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      const text = pdfTool('pdftotext', res.bytes).replace(/\s+/g, '');
      const date = writtenDate(n.issuedAt, zone);
      const inOrder = [
        '中卫市司法局',
        n.number,
        n.title,
        `${agencies[0].name}：`,
        '报送工作措施',
        '报送联系人',
        '公布监督举报渠道',
        '特此通知。',
        date,
        `中卫市司法局${date}印发`,
      ];
      let from = 0;
      for (const part of inOrder) {
        const found = text.indexOf(part, from);
        expect([part, found]).toEqual([part, expect.any(Number)]);
        expect(found).toBeGreaterThanOrEqual(from);
        from = found + part.length;
      }
      // the same document by the id of a step that issued it (a v1 link), the same bytes
      const [event] = await t.h.sql<{ id: string }[]>`
        select e.id from deadline_events e join notices d on d.id = e.notice_id where d.public_id = ${n.id} limit 1`;
      expect((await get(`/v1/documents/${event.id}.pdf`, keys[agencies[0].id])).bytes.equals(res.bytes)).toBe(true);
      // another agency, the county's bureau (the agency is the city's): 404
      expect((await get(`/v1/documents/${n.id}.pdf`, keys[agencies[1].id])).status).toBe(404);
      expect((await get(`/v1/documents/${n.id}.pdf`, keys.countyBureau)).status).toBe(404);
    });

    test('the addressee signs for its notice; one not signed for in its window is chased and shows overdue', async () => {
      const signed = notices.find((d) => d.addressee.id === agencies[0].id)!;
      const queued = async (token: string, kind: string) =>
        ((await t.http.get(`/v1/queue?campaignId=${campaignId}&kind=${kind}`, token)).body.items as QueueEntry[])
          .filter((i) => i.kind === kind)
          .map((i) => i.subject.id);
      // before it is signed, the notice waits in its addressee's queue, and in no other agency's
      expect(await queued(keys[agencies[0].id], 'notice_to_sign')).toContain(signed.id);
      expect(await queued(keys[agencies[1].id], 'notice_to_sign')).not.toContain(signed.id);
      const first = await t.http.post(`/v1/documents/${signed.id}/receipt`, {}, keys[agencies[0].id]);
      expect(first.status).toBe(200);
      expect(first.body.signedAt).toEqual(expect.any(String));
      const again = await t.http.post(`/v1/documents/${signed.id}/receipt`, {}, keys[agencies[0].id]);
      expect(again.body).toEqual(first.body);
      // not the addressee: another agency does not see it, the bureau may not sign
      expect((await t.http.post(`/v1/documents/${signed.id}/receipt`, {}, keys[agencies[1].id])).status).toBe(404);
      expect((await t.http.post(`/v1/documents/${signed.id}/receipt`, {}, keys.bureau)).status).toBe(403);

      const unsigned = notices.find((d) => d.addressee.id === agencies[1].id)!;
      const chased = await eventually(
        'the unsigned notice chased and overdue',
        async () => {
          const items = (await t.http.get(`/v1/documents?campaignId=${campaignId}&receipt=overdue`, keys.bureau)).body
            .items as Doc[];
          const d = items.find((x) => x.id === unsigned.id);
          return d && d.receipt.chased >= 1 && d;
        },
        60_000,
      );
      expect(chased.receipt.state).toBe('overdue');
      // signed, it leaves the agency's queue; the one past its window waits in the bureau's as unsigned
      expect(await queued(keys[agencies[0].id], 'notice_to_sign')).not.toContain(signed.id);
      expect(await queued(keys.bureau, 'notice_unsigned')).toContain(unsigned.id);
      expect(await queued(keys.bureau, 'notice_unsigned')).not.toContain(signed.id);
      // the assessment's live score takes 1 point from the agency that let its window pass (SPEC §17), naming the notice
      const assessment = (await t.http.get(`/v1/campaigns/${campaignId}/assessment`, keys.bureau)).body as {
        agencies: { agencyId: string; deductions: { rule: string; points: number; eventId?: string }[] }[];
      };
      const unsignedOf = (agencyId: string) =>
        assessment.agencies
          .find((a) => a.agencyId === agencyId)!
          .deductions.filter((d) => d.rule === 'notice_unsigned')
          .map((d) => [d.points, d.eventId]);
      expect(unsignedOf(agencies[1].id)).toEqual([[1, `notices/${unsigned.id}`]]);
      expect(unsignedOf(agencies[0].id)).toEqual([]);
      const mine = (await t.http.get(`/v1/documents?campaignId=${campaignId}`, keys.bureau)).body.items as Doc[];
      expect(mine.find((d) => d.id === signed.id)!.receipt).toMatchObject({ state: 'signed', chased: 0 });
      // the chase reaches the addressee's inbox, naming the number
      const inbox = await eventually(
        'the chase in the agency inbox',
        async () => {
          const items = (await t.http.get('/v1/inbox?limit=100', keys[agencies[1].id])).body.items as {
            title: string;
            body: string;
          }[];
          return items.find((m) => m.title.includes('催办') && m.title.includes(unsigned.number));
        },
        60_000,
      );
      expect(inbox.body).toContain('签收');

      // signed late, the receipt workflow ends at its next look; its history replays (RECORD_HISTORIES=1 keeps it)
      expect((await t.http.post(`/v1/documents/${unsigned.id}/receipt`, {}, keys[agencies[1].id])).status).toBe(200);
      const connection = await Connection.connect({ address: t.h.temporalAddress });
      try {
        const workflowId = workflowIds.documentReceipt(unsigned.id);
        expect(await new Client({ connection }).workflow.getHandle(workflowId).result()).toBe('signed');
        const replayed = await keepHistories({ 'document-receipt': workflowId });
        expect(replayed.map((r) => [r.file, r.error])).toEqual([['document-receipt.json', null]]);
      } finally {
        await connection.close();
      }
    }, 150_000);

    test('the register filters by kind, addressee and receipt, and exports as a workbook', async () => {
      const byName = (await t.http.get(`/v1/documents?campaignId=${campaignId}&addressee=自然资源`, keys.bureau)).body
        .items as Doc[];
      expect(byName.map((d) => d.addressee.id)).toEqual([agencies[1].id]);
      const county = (await t.http.get(`/v1/documents?campaignId=${campaignId}`, keys.countyBureau)).body
        .items as Doc[];
      expect(county.map((d) => d.addressee.id)).toEqual([agencies[2].id]);
      expect(
        (await t.http.get(`/v1/documents?campaignId=${campaignId}&kind=referral_letter`, keys.bureau)).body.items,
      ).toEqual([]);
      const res = await get(`/v1/documents/register.xlsx?campaignId=${campaignId}`, keys.bureau);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.bytes as never);
      const ws = wb.worksheets[0];
      expect(ws.getCell(1, 2).value).toBe('文号');
      const numbers = [2, 3, 4].map((r) => String(ws.getCell(r, 2).value));
      expect(numbers.sort()).toEqual(notices.map((n) => n.number).sort());
      expect(ws.rowCount).toBe(4);
    });
  });

  test('200 notices issued at once by two workers carry 200 distinct, gap-free numbers; retries reuse none', async () => {
    // the registry names the 通报's 代字; the letters' derives from the notice prefix
    const root = { id: `conc-${run}`, name: '中卫市', noticePrefix: '并法督', documentCodes: { circular: '并法通报' } };
    expect(
      (await t.http.put(`/v1/jurisdictions/${root.id}`, { ...root, id: undefined, parentId: null }, t.h.adminToken))
        .status,
    ).toBeLessThan(300);
    const bureau = await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: root.id });
    const campaignId = await createCampaign(t.http, bureau, {
      jurisdiction: { id: root.id, name: root.name },
      agencies: [{ id: `conc-a-${run}`, name: '市卫生健康委员会', jurisdictionId: root.id }],
      calendar: calendarWithD1toD3(Date.now() + 600_000, 60, 'Asia/Shanghai'),
      policy: { ...POLICY, escalation: [{ after: 'PT0S', action: 'overdue' }] },
    });
    const workers = [postgres(t.h.databaseUrl, { max: 10 }), postgres(t.h.databaseUrl, { max: 10 })];
    try {
      const issue = (i: number) =>
        issueDocument(workers[i % 2], {
          kind: 'supervision_notice',
          campaignId,
          agency: null,
          addressee: { kind: 'agency', id: `a-${i}`, name: `第${i}单位` },
          matters: [{ subject: { kind: 'deliverable', id: 'D1' }, step: 'supervision_notice', name: '报送工作措施' }],
          dedupeKey: `concurrency:${run}:${i}`,
          at: new Date(),
        });
      const issued = await Promise.all([...Array(200).keys()].map(issue));
      // a retry of every 4th, from the other worker: the first document, its number unchanged
      const retried = await Promise.all([...Array(50).keys()].map((k) => issue(k * 4 + 1)));
      const serials = issued.map((d) => Number(/〔\d{4}〕(\d+)号$/.exec(d.number)![1])).sort((a, b) => a - b);
      expect(serials).toEqual([...Array(200).keys()].map((i) => i + 1));
      expect(issued.every((d) => d.number.startsWith('并法督〔'))).toBe(true);
      expect(retried.map((d) => d.number)).toEqual([...Array(50).keys()].map((k) => issued[k * 4 + 1].number));
      expect(new Set(issued.map((d) => d.id)).size).toBe(200);
      const [{ n }] = await t.h.sql<{ n: number }[]>`
        select count(*)::int as n from notices where campaign_id = ${campaignId}`;
      expect(n).toBe(200);
      // other kinds number on sequences of their own 代字, each from 1
      const other = (kind: 'circular' | 'referral_letter') =>
        issueDocument(workers[0], {
          kind,
          campaignId,
          agency: null,
          addressee: { kind: 'jurisdiction', id: root.id, name: '各执法单位' },
          matters: [],
          body: ['正文'],
          dedupeKey: `concurrency:${run}:${kind}`,
          at: new Date(),
        });
      const year = /〔(\d{4})〕/.exec(issued[0].number)![1];
      expect((await other('circular')).number).toBe(`并法通报〔${year}〕1号`);
      expect((await other('referral_letter')).number).toBe(`并法函〔${year}〕1号`);
    } finally {
      await Promise.all(workers.map((w) => w.end()));
    }
  }, 120_000);

  test('a complaint naming no agency reaches referral: its letter is in the commission’s list and prints there, 404 to another county’s', async () => {
    const county = { id: `ref-county-${run}`, name: '中宁县' };
    expect(
      (await t.http.put(`/v1/jurisdictions/${county.id}`, { name: county.name, parentId: 'zhongwei' }, t.h.adminToken))
        .status,
    ).toBeLessThan(300);
    const cityCommission = await createKey(t.http, t.h.adminToken, { role: 'discipline', jurisdictionId: 'zhongwei' });
    const countyCommission = await createKey(t.http, t.h.adminToken, {
      role: 'discipline',
      jurisdictionId: county.id,
    });
    const id = await createCampaign(t.http, t.bureau, {
      jurisdiction: { id: 'zhongwei', name: '中卫市', children: [{ id: county.id, name: county.name }] },
      agencies: [{ id: `ref-a-${run}`, name: '市交通运输局', jurisdictionId: 'zhongwei' }],
      calendar: calendarWithD1toD3(Date.now() + 600_000, 60, 'Asia/Shanghai'),
      policy: {
        ...POLICY,
        escalation: [
          { after: 'PT0S', action: 'overdue' },
          { after: 'PT1S', action: 'discipline_referral' },
        ],
      },
    });
    const filed = await t.http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      description: '办证窗口无人受理，不知道是哪个部门',
    });
    expect(filed.status).toBe(201);
    const [complaint] = await t.h.sql<{ id: string; campaign_id: string }[]>`
      select id, campaign_id from complaints where tracking_code = ${filed.body.trackingCode}`;
    expect(complaint.campaign_id).toBe(id);
    const referral = await eventually(
      'the referral and its letter in the city commission’s list',
      async () => {
        const items = (await t.http.get('/v1/referrals?limit=100', cityCommission)).body.items as {
          subject: { id: string };
          letter: { id: string; number: string } | null;
        }[];
        return items.find((r) => r.subject.id === complaint.id && r.letter);
      },
      90_000,
    );
    expect(referral.letter!.number).toMatch(/^卫法函〔\d{4}〕\d+号$/);
    const pdf = await get(`/v1/documents/${referral.letter!.id}.pdf`, cityCommission);
    expect(pdf.status).toBe(200);
    const text = pdfTool('pdftotext', pdf.bytes).replace(/\s+/g, '');
    expect(text).toContain(referral.letter!.number);
    expect(text).toContain('中卫市纪委监委：');
    expect(text).toContain(filed.body.trackingCode);
    expect(text).toContain('特此函告。');
    expect(text).not.toContain('中卫市司法局文件'); // a letter, not the 文件 format
    // the county's commission neither lists nor prints it
    const countyList = (await t.http.get('/v1/referrals?limit=100', countyCommission)).body.items as {
      subject: { id: string };
    }[];
    expect(countyList.some((r) => r.subject.id === complaint.id)).toBe(false);
    expect((await get(`/v1/documents/${referral.letter!.id}.pdf`, countyCommission)).status).toBe(404);
    // the letter waits in the city commission's queue until it signs for it, never in the county's
    const toSign = async (token: string) =>
      ((await t.http.get('/v1/queue?kind=referral_to_sign', token)).body.items as QueueEntry[]).map(
        (i) => i.subject.id,
      );
    expect(await toSign(cityCommission)).toContain(referral.letter!.id);
    expect(await toSign(countyCommission)).not.toContain(referral.letter!.id);
    // the commission signs for the letter: its referral is acknowledged
    const signed = await t.http.post(`/v1/documents/${referral.letter!.id}/receipt`, {}, cityCommission);
    expect(signed.status).toBe(200);
    const acknowledged = (await t.http.get('/v1/referrals?acknowledged=true&limit=100', cityCommission)).body.items as {
      subject: { id: string };
    }[];
    expect(acknowledged.some((r) => r.subject.id === complaint.id)).toBe(true);
    expect(await toSign(cityCommission)).not.toContain(referral.letter!.id);
  }, 150_000);

  test('摘牌: the bureau lifts the listed supervision of a deliverable and of an item, each with a numbered 摘牌通知', async () => {
    const agency = { id: `lift-${run}`, name: '市住房和城乡建设局', jurisdictionId: 'zhongwei' };
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [agency],
      calendar: calendarWithD1toD3(Date.now() + 2000, 4, 'Asia/Shanghai'),
      policy: {
        ...POLICY,
        escalation: [
          { after: 'PT0S', action: 'overdue' },
          { after: 'PT1S', action: 'supervision_notice' },
          { after: 'PT2S', action: 'listed_supervision' },
        ],
      },
    });
    const agencyPath = `/v1/campaigns/${id}/agencies/${agency.id}`;
    const d1 = async () =>
      (
        ((await t.http.get(agencyPath, t.bureau)).body.deliverables ?? []) as {
          code: string;
          listed: boolean;
          light: string;
        }[]
      ).find((d) => d.code === 'D1');
    await eventually(
      'D1 listed and red',
      async () => {
        const d = await d1();
        return d?.listed && d.light === 'red';
      },
      60_000,
    );
    const lifted = await t.http.post(
      `${agencyPath}/deliverables/D1/lift`,
      { reason: '已报送工作措施，整改到位' },
      t.bureau,
    );
    expect(lifted.status).toBe(200);
    expect(lifted.body.number).toMatch(/^卫法督〔\d{4}〕\d+号$/);
    const after = (await d1())!;
    expect(after.listed).toBe(false);
    expect(after.light).toBe('orange'); // still unmet, past due: no longer red
    const again = await t.http.post(`${agencyPath}/deliverables/D1/lift`, { reason: '再次摘牌' }, t.bureau);
    expect([again.status, again.body.error.code]).toEqual([409, 'not_listed']);

    const item = await t.http.post(
      `${agencyPath}/items`,
      {
        checklistCode: 'B4',
        source: 'self_found',
        description: '窗口推诿扯皮',
        severity: 'general',
        classification: 'immediate',
      },
      t.bureau,
    );
    expect(item.status).toBe(201);
    await eventually(
      'the item workflow',
      async () => (await t.http.get(`/v1/items/${item.body.id}`, t.bureau)).status === 200,
    );
    expect(
      (
        await t.http.post(
          `/v1/items/${item.body.id}/actions`,
          { action: 'list_supervision', reason: '群众反映强烈' },
          t.bureau,
        )
      ).status,
    ).toBe(200);
    const liftItem = await t.http.post(
      `/v1/items/${item.body.id}/actions`,
      { action: 'lift_listing', reason: '已整改到位' },
      t.bureau,
    );
    expect(liftItem.status).toBe(200);
    const detail = (await t.http.get(`/v1/items/${item.body.id}?live=true`, t.bureau)).body;
    const entry = detail.history.find((h: { action: string }) => h.action === 'lift_listing');
    expect(entry.detail.noticeNumber).toMatch(/^卫法督〔\d{4}〕\d+号$/);

    const liftings = (await t.http.get(`/v1/documents?campaignId=${id}&kind=lifting`, t.bureau)).body.items as Doc[];
    expect(liftings.map((d) => d.number).sort()).toEqual([lifted.body.number, entry.detail.noticeNumber].sort());
    expect(liftings.every((d) => d.receipt.state === 'not_required')).toBe(true);
    const pdf = await get(`/v1/documents/${lifted.body.documentId}.pdf`, t.bureau);
    const text = pdfTool('pdftotext', pdf.bytes).replace(/\s+/g, '');
    expect(text).toContain('关于解除挂牌督办报送工作措施的摘牌通知');
    expect(text).toContain('已报送工作措施，整改到位');
    expect(text).toContain(`${agency.name}：`);
  }, 120_000);

  test('通报曝光: a spot-check finding so disposed of issues a numbered 通报 to every agency, naming the agency and the problem', async () => {
    const hour = 3600;
    const agency = { id: `circ-${run}`, name: '市城市管理综合执法局', jurisdictionId: 'zhongwei' };
    const other = { id: `circ-b-${run}`, name: '市文化旅游局', jurisdictionId: 'zhongwei' };
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [agency, other],
      calendar: compressedCalendar(Date.now(), {
        phases: [
          [-120, hour],
          [-120, 2 * hour],
          [-120, 3 * hour],
          [-60, 4 * hour],
        ],
        deadlines: {
          D1: hour,
          D2: hour,
          D3: hour,
          D4: 2 * hour,
          D5: 2 * hour,
          D6: 2 * hour,
          D7: 3 * hour,
          D8: 3 * hour,
        },
        closesAt: 5 * hour,
      }),
      policy: { ...POLICY, escalation: [{ after: 'PT0S', action: 'overdue' }] },
    });
    await eventually(
      'the agency workflows',
      async () => (await t.http.get(`/v1/campaigns/${id}/agencies/${agency.id}`, t.bureau)).body.started,
    );
    const check = await t.http.post(`/v1/campaigns/${id}/spot-checks`, { seed: run, share: 1 }, t.bureau);
    expect(check.status).toBe(201);
    const record = await t.http.post(
      `/v1/campaigns/${id}/spot-checks/${check.body.id}/agencies/${agency.id}`,
      {
        omissions: false,
        accurate: true,
        findings: [
          {
            checklistCode: 'B4',
            description: '占道经营投诉久拖不办',
            severity: 'serious',
            disposals: ['public_notification', 'rectify_by_deadline'],
            responsiblePerson: '王五',
            dueAt: new Date(Date.now() + hour * 1000).toISOString(),
          },
          {
            checklistCode: 'A3',
            description: '执法信息未公开',
            severity: 'general',
            disposals: ['rectify_by_deadline'],
            responsiblePerson: '王五',
            dueAt: new Date(Date.now() + hour * 1000).toISOString(),
          },
        ],
      },
      t.bureau,
    );
    expect(record.status).toBe(201);
    const [notified, rectified] = record.body.findings as { circular?: { id: string; number: string } }[];
    expect(notified.circular!.number).toMatch(/^卫法通〔\d{4}〕\d+号$/);
    expect(rectified.circular).toBeUndefined();
    const listed = (await t.http.get(`/v1/documents?campaignId=${id}&kind=circular`, t.bureau)).body.items as Doc[];
    expect(listed.map((d) => [d.number, d.addressee.kind, d.addressee.name])).toEqual([
      [notified.circular!.number, 'jurisdiction', '各执法单位'],
    ]);
    expect(listed[0].title).toBe(`关于${agency.name}“占道经营投诉久拖不办”问题的通报`);
    // every agency of the campaign reads it: it is addressed to them all
    const otherKey = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: other.id });
    const pdf = await get(`/v1/documents/${notified.circular!.id}.pdf`, otherKey);
    expect(pdf.status).toBe(200);
    const text = pdfTool('pdftotext', pdf.bytes).replace(/\s+/g, '');
    expect(text).toContain(notified.circular!.number);
    expect(text).toContain('各执法单位：');
    expect(text).toContain(`${agency.name}存在“占道经营投诉久拖不办”问题`);
    expect(text).toContain('特此通报。');
  }, 120_000);
});
