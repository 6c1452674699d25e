import { randomBytes } from 'node:crypto';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { compressedCalendar, createCampaign, createKey, eventually, openCalendar } from '../support/campaigns';
import { SECONDS_POLICY } from '../support/campaigns';
import { CHECKLIST_CODES } from '../../domain/template';
import { ESCALATION_ACTIONS } from '../../domain/campaign';
import { DISPOSALS, ITEM_SOURCES } from '../../domain/ledger';
import { STATISTICS_COLUMNS } from '../../domain/statistics';

const EVIDENCE = [{ title: '整改报告', url: 'https://example.gov.cn/zg/1' }];
const HOUR = 3600;

/** Two counties and the city-level departments; one name needs CSV quoting. */
const AGENCIES = [
  {
    id: 'rpt-city-env',
    name: '市生态环境局',
    jurisdictionId: 'zhongwei',
    contact: { name: '王明', post: '科长', phone: '0955-7010001', email: 'wm@example.gov.cn' },
  },
  {
    id: 'rpt-sp-market',
    name: 'Market, "Supervision" 沙坡头区',
    jurisdictionId: 'shapotou',
    contact: { name: '旧联系人', phone: '0955-7010002' },
  },
  { id: 'rpt-sp-urban', name: '沙坡头区城市管理局', jurisdictionId: 'shapotou' },
  {
    id: 'rpt-sp-transport',
    name: '沙坡头区交通运输局',
    jurisdictionId: 'shapotou',
    contact: { name: '赵敏', phone: '0955-7010004' },
  },
  {
    id: 'rpt-zn-market',
    name: '中宁县市场监督管理局',
    jurisdictionId: 'zhongning',
    contact: { name: '钱进', phone: '0955-7010005' },
  },
  {
    id: 'rpt-zn-health',
    name: '中宁县卫生健康局',
    jurisdictionId: 'zhongning',
    contact: { name: '孙丽', phone: '0955-7010006' },
  },
  {
    id: 'rpt-zn-water',
    name: '中宁县水务局',
    jurisdictionId: 'zhongning',
    contact: { name: '周正', phone: '0955-7010007' },
  },
];
const COUNTY: Record<string, string> = Object.fromEntries(AGENCIES.map((a) => [a.id, a.jurisdictionId]));
/** The agency whose item goes overdue, and the one whose items are put under listed supervision by hand. */
const OVERDUE_AGENCY = 'rpt-sp-urban';
const LISTED_AGENCY = 'rpt-zn-health';

/**
 * Every phase has begun — the spot-check phase too — and every deadline is an hour or more away: the ledger's only
 * ladder that runs during the test is the one item made to go overdue.
 */
function spotCheckOpenCalendar(nowMs = Date.now()) {
  return compressedCalendar(nowMs, {
    phases: [
      [-120, HOUR],
      [-120, 2 * HOUR],
      [-120, 3 * HOUR],
      [-60, 4 * HOUR],
    ],
    deadlines: { D1: HOUR, D2: HOUR, D3: HOUR, D4: 2 * HOUR, D5: 2 * HOUR, D6: 2 * HOUR, D7: 3 * HOUR, D8: 3 * HOUR },
    closesAt: 5 * HOUR,
  });
}
/** Second-scale ladder, but items' own periods of an hour, so only hand-set due dates fire. */
const POLICY = {
  ...SECONDS_POLICY,
  itemDue: { immediate: 'PT1H', disciplinary_lead: 'PT1H' },
  complaintInvestigation: 'PT1H',
};

/** A small RFC 4180 parser: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += ch;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** The CSV as bytes: fetch's text() would strip the BOM that must be there. */
async function download(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

describe('spot-checks and the statistics reports', () => {
  let h: Harness;
  let http: HttpClient;
  let bureau: string;
  let countyBureau: string;
  let campaignId: string;
  const agencyKeys: Record<string, string> = {};
  const itemsOf = (agencyId: string) => `/v1/campaigns/${campaignId}/agencies/${agencyId}/items`;
  const act = (itemId: string, body: unknown, token: string) => http.post(`/v1/items/${itemId}/actions`, body, token);
  const expected = { rectified: 0, closedOtherwise: 0, listedByHand: 0, referred: 0, items: 0 };

  beforeAll(async () => {
    h = await startHarness();
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    countyBureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'shapotou' });
    for (const a of AGENCIES)
      agencyKeys[a.id] = await createKey(http, h.adminToken, { role: 'agency', agencyId: a.id });
    campaignId = await createCampaign(http, bureau, {
      agencies: AGENCIES,
      calendar: spotCheckOpenCalendar(),
      policy: POLICY,
    });
    await eventually('every agency workflow', async () => {
      const started = await Promise.all(
        AGENCIES.map(
          async (a) => (await http.get(`/v1/campaigns/${campaignId}/agencies/${a.id}`, bureau)).body.started,
        ),
      );
      return started.every(Boolean);
    });
  });
  afterAll(() => h?.close());

  test('dozens of ledger items over HTTP: closed (verified), closed otherwise, listed, referred, one overdue', async () => {
    const manualSources = ITEM_SOURCES.filter((s) => s !== 'complaint' && s !== 'spot_check');
    const specs = Array.from({ length: 42 }, (_, i) => {
      const agency = AGENCIES[i % AGENCIES.length];
      const classification = i % 5 === 0 ? 'disciplinary_lead' : i % 3 === 0 ? 'scheduled' : 'immediate';
      return {
        i,
        agencyId: agency.id,
        classification,
        body: {
          checklistCode: CHECKLIST_CODES[(i * 7) % CHECKLIST_CODES.length],
          source: manualSources[i % manualSources.length],
          description: `问题${i + 1}：执法不规范`,
          severity: (['general', 'serious', 'egregious'] as const)[i % 3],
          classification,
          ...(classification === 'scheduled'
            ? { responsiblePerson: '张科长', dueAt: new Date(Date.now() + HOUR * 1000).toISOString() }
            : {}),
        },
      };
    });
    const created: { id: string; i: number; agencyId: string; classification: string }[] = [];
    for (let k = 0; k < specs.length; k += 7) {
      const batch = await Promise.all(
        specs.slice(k, k + 7).map(async (s) => {
          const res = await http.post(itemsOf(s.agencyId), s.body, bureau);
          expect(res.status).toBe(201);
          return { id: res.body.id as string, i: s.i, agencyId: s.agencyId, classification: s.classification };
        }),
      );
      created.push(...batch);
    }
    expected.items = created.length;

    await Promise.all(
      created.map(async (it) => {
        if (it.classification === 'disciplinary_lead') {
          if (it.i % 2 === 0) {
            expect((await act(it.id, { action: 'refer', summary: '移送纪委监委' }, bureau)).status).toBe(200);
            expected.referred += 1;
          }
          return;
        }
        if (it.i % 4 === 1) {
          const key = agencyKeys[it.agencyId];
          expect((await act(it.id, { action: 'start' }, key)).status).toBe(200);
          expect((await act(it.id, { action: 'submit', note: '已整改', evidence: EVIDENCE }, key)).status).toBe(200);
          expect((await act(it.id, { action: 'verify', note: '核实整改到位，予以销号' }, bureau)).status).toBe(200);
          expected.rectified += 1;
        } else if (it.i % 4 === 2) {
          const outcome = it.i % 8 === 2 ? 'closed_unrectifiable' : 'withdrawn';
          expect(
            (await act(it.id, { action: 'close', outcome, reason: '经核查无法整改或问题不实' }, bureau)).status,
          ).toBe(200);
          expected.closedOtherwise += 1;
        } else if (it.agencyId === LISTED_AGENCY) {
          expect((await act(it.id, { action: 'list_supervision', reason: '性质严重' }, bureau)).status).toBe(200);
          expected.listedByHand += 1;
        }
      }),
    );
    expect(expected.rectified).toBeGreaterThan(3);
    expect(expected.closedOtherwise).toBeGreaterThan(3);
    expect(expected.listedByHand).toBeGreaterThan(0);
    expect(expected.referred).toBeGreaterThan(0);

    // One item left to go overdue: its ladder runs overdue → supervision notice → listed supervision in ~10 s.
    const late = await http.post(
      itemsOf(OVERDUE_AGENCY),
      {
        checklistCode: 'B4',
        source: 'petition_report',
        description: '群众反映办事拖延',
        severity: 'serious',
        classification: 'scheduled',
        responsiblePerson: '李主任',
        dueAt: new Date(Date.now() + 4000).toISOString(),
      },
      bureau,
    );
    expect(late.status).toBe(201);
    expected.items += 1;

    // Deliverables the reports read: D2 (contact), D6 (discretionary standards filed), D8 (rules).
    const submit = (agencyId: string, code: string, body: unknown) =>
      http.post(`/v1/campaigns/${campaignId}/agencies/${agencyId}/deliverables/${code}`, body, agencyKeys[agencyId]);
    expect(
      (
        await submit('rpt-sp-market', 'D2', {
          name: '刘洋',
          post: '法规科科长',
          phone: '+86 955 7010099',
          email: 'ly@example.gov.cn',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await submit('rpt-zn-market', 'D6', {
          title: '行政处罚裁量基准',
          publishedUrl: 'https://example.gov.cn/cl',
          filedOn: '2020-09-28',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await submit('rpt-city-env', 'D8', {
          rules: [
            { title: '执法公示制度', kind: 'established' },
            { title: '执法全过程记录制度', kind: 'established' },
            { title: '重大执法决定法制审核办法', kind: 'revised' },
          ],
        })
      ).status,
    ).toBe(201);

    // Complaints about the agencies (the complaint channel's own table; rows written as its workflow projects them).
    const complaint = (agencyId: string, outcome: string | null) => ({
      id: `cp-${randomBytes(6).toString('hex')}`,
      tracking_code: `T${randomBytes(6).toString('hex')}`,
      channel: 'web',
      kind: 'slow_action',
      description: '办事拖延',
      campaign_id: campaignId,
      agency_id: agencyId,
      jurisdiction_id: COUNTY[agencyId],
      due_at: new Date(Date.now() + HOUR * 1000),
      status: outcome ? 'concluded' : 'investigating',
      outcome,
      suggestion_target: outcome === 'substantiated' ? 'supervisory_commission' : null,
    });
    const complaints = [
      complaint('rpt-zn-water', 'substantiated'),
      complaint('rpt-zn-water', 'unsubstantiated'),
      complaint('rpt-city-env', null),
    ];
    await h.sql`insert into complaints ${h.sql(complaints, 'id', 'tracking_code', 'channel', 'kind', 'description', 'campaign_id', 'agency_id', 'jurisdiction_id', 'due_at', 'status', 'outcome', 'suggestion_target')}`;

    // Settled: every action projected, and the late item's ladder has run to listed supervision.
    await eventually(
      'the ledger projections',
      async () => {
        const [r] = await h.sql<{ rectified: number; other: number; listed: number; overdue: number }[]>`
        select count(*) filter (where status = 'closed' and closure->>'kind' = 'rectified')::int as rectified,
               count(*) filter (where status = 'closed' and closure->>'kind' <> 'rectified')::int as other,
               count(*) filter (where listed)::int as listed,
               count(*) filter (where overdue)::int as overdue
        from ledger_items where campaign_id = ${campaignId}`;
        return (
          r.rectified === expected.rectified &&
          r.other === expected.closedOtherwise &&
          r.listed === expected.listedByHand + 1 &&
          r.overdue === 1
        );
      },
      40_000,
    );
    const [{ n: referrals }] = await h.sql<
      { n: number }[]
    >`select count(*)::int as n from referrals where campaign_id = ${campaignId}`;
    expect(referrals).toBe(expected.referred);
  }, 120_000);

  test('spot-checks: refused before the phase; the same seed samples the same agencies; findings become spot-check items', async () => {
    // Another campaign, whose spot-check phase is hours away: 409 with the phase's start.
    const early = await createCampaign(http, bureau, {
      agencies: [AGENCIES[0]],
      calendar: openCalendar(),
      policy: POLICY,
    });
    const refused = await http.post(`/v1/campaigns/${early}/spot-checks`, {}, bureau);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details[0].startsAt).toBeTruthy();
    expect(refused.body.error.message).toContain(refused.body.error.details[0].startsAt);

    const path = `/v1/campaigns/${campaignId}/spot-checks`;
    const first = await http.post(path, { seed: 'zhongwei-2020-11', share: 0.5 }, bureau);
    expect(first.status).toBe(201);
    const second = await http.post(path, { seed: 'zhongwei-2020-11', share: 0.5 }, bureau);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.sampled).toEqual(first.body.sampled);
    const reasons = Object.fromEntries(
      first.body.sampled.map((s: { agencyId: string; reason: string }) => [s.agencyId, s.reason]),
    );
    expect(reasons[OVERDUE_AGENCY]).toBe('overdue');
    expect(reasons[LISTED_AGENCY]).toBe('listed');
    // 2 for cause + ceil(0.5 × 5 others) = 3 at random
    expect(first.body.sampled.filter((s: { reason: string }) => s.reason === 'random')).toHaveLength(3);
    expect(first.body.sampled).toHaveLength(5);

    // No seed: a random one, returned so the draw can be reproduced; the default share is 20%.
    const unseeded = await http.post(path, {}, bureau);
    expect(unseeded.status).toBe(201);
    expect(unseeded.body.seed).toMatch(/.{8,}/);
    expect(unseeded.body.share).toBe(0.2);
    expect(unseeded.body.sampled.filter((s: { reason: string }) => s.reason === 'random')).toHaveLength(1); // ceil(0.2 × 5)

    const checkId = first.body.id;
    const target = OVERDUE_AGENCY;
    const outside = AGENCIES.find((a) => !reasons[a.id])!.id;
    const record = (agencyId: string, body: unknown) =>
      http.post(`${path}/${checkId}/agencies/${agencyId}`, body, bureau);

    const incomplete = await record(target, {
      omissions: true,
      accurate: false,
      findings: [
        { checklistCode: 'B3', description: '流程图未公开', severity: 'general', disposals: ['criticism_education'] },
      ],
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.details.map((d: { path: string[] }) => d.path.join('.'))).toEqual(
      expect.arrayContaining(['findings.0.responsiblePerson', 'findings.0.dueAt']),
    );
    expect(
      (
        await record(target, {
          omissions: false,
          accurate: true,
          findings: [{ checklistCode: 'B3', description: 'x', severity: 'general', disposals: [] }],
        })
      ).status,
    ).toBe(400);

    expect((await record(outside, { omissions: false, accurate: true, findings: [] })).status).toBe(422);

    const body = {
      omissions: true,
      accurate: false,
      note: '问题清单遗漏两项，部分整改情况不实',
      findings: [
        {
          checklistCode: 'B3',
          description: '执法流程图未公开（自查遗漏）',
          severity: 'general',
          disposals: ['criticism_education', 'written_self_examination', 'rectify_by_deadline'],
          responsiblePerson: '李主任',
          measures: '一周内公开流程图',
          dueAt: new Date(Date.now() + HOUR * 1000).toISOString(),
        },
        {
          checklistCode: 'D3',
          description: '执法人员办理人情案，整改情况不实',
          severity: 'egregious',
          disposals: ['discipline_referral', 'public_notification'],
        },
        {
          checklistCode: 'A5',
          description: '同类问题反复出现',
          severity: 'serious',
          disposals: ['root_cause_mechanism'],
          responsiblePerson: '局长',
          dueAt: new Date(Date.now() + 2 * HOUR * 1000).toISOString(),
        },
      ],
    };
    const recorded = await record(target, body);
    expect(recorded.status).toBe(201);
    expect(recorded.body.omissions).toBe(true);
    expect(recorded.body.accurate).toBe(false);
    expect(recorded.body.findings.map((f: { classification: string }) => f.classification)).toEqual([
      'scheduled',
      'disciplinary_lead',
      'scheduled',
    ]);
    expected.items += 3;

    const again = await record(target, body);
    expect(again.status).toBe(409);

    const items = (await http.get(`/v1/campaigns/${campaignId}/items?agencyId=${target}&limit=500`, bureau)).body.items;
    const fromCheck = items.filter((i: { source: string }) => i.source === 'spot_check');
    expect(fromCheck.map((i: { id: string }) => i.id).sort()).toEqual(
      recorded.body.findings.map((f: { itemId: string }) => f.itemId).sort(),
    );
    const lead = fromCheck.find((i: { checklistCode: string }) => i.checklistCode === 'D3');
    expect(lead.classification).toBe('disciplinary_lead');
    const [row] = await h.sql<
      { disposals: string[]; spot_check_id: string }[]
    >`select disposals, spot_check_id from ledger_items where id = ${lead.id}`;
    expect(row).toEqual({ disposals: ['discipline_referral', 'public_notification'], spot_check_id: checkId });
    // The agency sees them in its own ledger too.
    const own = (await http.get(`/v1/campaigns/${campaignId}/items?limit=500`, agencyKeys[target])).body.items;
    expect(own.filter((i: { source: string }) => i.source === 'spot_check')).toHaveLength(3);

    const check = await http.get(`${path}/${checkId}`, bureau);
    expect(check.status).toBe(200);
    expect(check.body.seed).toBe('zhongwei-2020-11');
    expect(check.body.records).toEqual([
      expect.objectContaining({ agencyId: target, omissions: true, accurate: false, findingItems: expect.any(Array) }),
    ]);
    expect(check.body.sampled.find((s: { agencyId: string }) => s.agencyId === target).recorded).toBe(true);
    const list = await http.get(path, bureau);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([unseeded.body.id, second.body.id, first.body.id]);
    expect(list.body.items[2].recorded).toBe(1);
    const paged = await http.get(`${path}?limit=2`, bureau);
    const rest = await http.get(`${path}?limit=2&cursor=${paged.body.nextCursor}`, bureau);
    expect([...paged.body.items, ...rest.body.items].map((c: { id: string }) => c.id)).toEqual(
      list.body.items.map((c: { id: string }) => c.id),
    );
    expect(rest.body.nextCursor).toBeNull();

    // A county bureau samples its own county only, and does not see the city's checks.
    const county = await http.post(path, { seed: 'county', share: 1 }, countyBureau);
    expect(county.status).toBe(201);
    expect(county.body.sampled.map((s: { agencyId: string }) => s.agencyId).sort()).toEqual(
      AGENCIES.filter((a) => a.jurisdictionId === 'shapotou')
        .map((a) => a.id)
        .sort(),
    );
    expect((await http.get(`${path}/${checkId}`, countyBureau)).status).toBe(404);
    expect((await http.get(path, countyBureau)).body.items.map((c: { id: string }) => c.id)).toEqual([county.body.id]);
    // … while the city bureau sees the county's check.
    expect((await http.get(`${path}/${county.body.id}`, bureau)).status).toBe(200);
    // Agencies run no spot-checks.
    expect((await http.post(path, {}, agencyKeys[target])).status).toBe(403);
  }, 60_000);

  test('statistics.csv: BOM, Chinese headers, quoting; each agency row, subtotal and total agree with the ledger itself', async () => {
    const { res, bytes, text } = await download(
      `${h.api.url}/v1/campaigns/${campaignId}/reports/statistics.csv`,
      bureau,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(STATISTICS_COLUMNS.map((c) => c.header));
    expect(header.slice(0, 4)).toEqual(['县区', '单位', '单位编号', '发现问题（个）']);
    const col = (key: string) => header.indexOf(STATISTICS_COLUMNS.find((c) => c.key === key)!.header);
    const num = (row: string[], key: string) => Number(row[col(key)]);

    // Rows: 市直, 沙坡头区, 中宁县 each with a subtotal; the city total last.
    expect(rows.map((r) => `${r[0]}|${r[1]}`)).toEqual([
      '市直|市生态环境局',
      '市直|小计',
      '沙坡头区|Market, "Supervision" 沙坡头区',
      '沙坡头区|沙坡头区交通运输局',
      '沙坡头区|沙坡头区城市管理局',
      '沙坡头区|小计',
      '中宁县|中宁县卫生健康局',
      '中宁县|中宁县市场监督管理局',
      '中宁县|中宁县水务局',
      '中宁县|小计',
      '中卫市|合计',
    ]);
    const agencyRows = rows.filter((r) => r[2] !== '');
    const subtotals = rows.filter((r) => r[1] === '小计');
    const total = rows[rows.length - 1];

    // Every agency's counts, straight from the tables.
    const ledger = await h.sql<Record<string, number | string>[]>`
      select agency_id,
        count(*)::int as found,
        count(*) filter (where left(checklist_code, 1) = 'A')::int as "area.A",
        count(*) filter (where left(checklist_code, 1) = 'B')::int as "area.B",
        count(*) filter (where left(checklist_code, 1) = 'C')::int as "area.C",
        count(*) filter (where left(checklist_code, 1) = 'D')::int as "area.D",
        count(*) filter (where status = 'closed' and closure->>'kind' = 'rectified')::int as rectified,
        count(*) filter (where status = 'closed' and closure->>'kind' in ('closed_unrectifiable', 'withdrawn'))::int as "closedOtherwise",
        count(*) filter (where status <> 'closed')::int as "inProgress",
        count(*) filter (where overdue and status <> 'closed')::int as overdue,
        count(*) filter (where listed)::int as listed
      from ledger_items where campaign_id = ${campaignId} group by agency_id`;
    const bySource = await h.sql<{ agency_id: string; source: string; n: number }[]>`
      select agency_id, source, count(*)::int as n from ledger_items where campaign_id = ${campaignId} group by 1, 2`;
    const byDisposal = await h.sql<{ agency_id: string; d: string; n: number }[]>`
      select agency_id, d, count(*)::int as n from ledger_items, unnest(disposals) d where campaign_id = ${campaignId} group by 1, 2`;
    const events = await h.sql<{ agency_id: string; type: string; step: string; n: number }[]>`
      select agency_id, type, step, count(*)::int as n from deadline_events where campaign_id = ${campaignId} group by 1, 2, 3`;
    const referrals = await h.sql<{ agency_id: string; n: number }[]>`
      select agency_id, count(*)::int as n from referrals where campaign_id = ${campaignId} and target = 'discipline_commission' group by 1`;
    for (const a of AGENCIES) {
      const row = agencyRows.find((r) => r[2] === a.id)!;
      expect(row[1]).toBe(a.name);
      const l = ledger.find((x) => x.agency_id === a.id)!;
      for (const key of [
        'found',
        'area.A',
        'area.B',
        'area.C',
        'area.D',
        'rectified',
        'closedOtherwise',
        'inProgress',
        'overdue',
        'listed',
      ]) {
        expect([a.id, key, num(row, key)]).toEqual([a.id, key, l[key]]);
      }
      for (const s of ITEM_SOURCES)
        expect([a.id, s, num(row, `source.${s}`)]).toEqual([
          a.id,
          s,
          bySource.find((x) => x.agency_id === a.id && x.source === s)?.n ?? 0,
        ]);
      for (const d of DISPOSALS)
        expect([a.id, d, num(row, `disposal.${d}`)]).toEqual([
          a.id,
          d,
          byDisposal.find((x) => x.agency_id === a.id && x.d === d)?.n ?? 0,
        ]);
      const ev = events.filter((e) => e.agency_id === a.id);
      expect(num(row, 'remindersSent')).toBe(ev.filter((e) => e.type === 'reminder').reduce((s, e) => s + e.n, 0));
      for (const step of ESCALATION_ACTIONS)
        expect(num(row, `escalation.${step}`)).toBe(ev.find((e) => e.type === 'escalation' && e.step === step)?.n ?? 0);
      expect(num(row, 'disciplinaryReferrals')).toBe(referrals.find((r) => r.agency_id === a.id)?.n ?? 0);
      const rate = row[col('rectificationRate')];
      expect(rate).toBe((Math.round((Number(l.rectified) * 1000) / Number(l.found)) / 10).toFixed(1));
    }

    // The city total is the whole ledger; the subtotals add up to it, column by column.
    const [all] = await h.sql<{ found: number; rectified: number; listed: number }[]>`
      select count(*)::int as found, count(*) filter (where status = 'closed' and closure->>'kind' = 'rectified')::int as rectified,
             count(*) filter (where listed)::int as listed
      from ledger_items where campaign_id = ${campaignId}`;
    expect(num(total, 'found')).toBe(all.found);
    expect(num(total, 'found')).toBe(expected.items);
    expect(num(total, 'rectified')).toBe(all.rectified);
    expect(num(total, 'rectified')).toBe(expected.rectified);
    expect(num(total, 'closedOtherwise')).toBe(expected.closedOtherwise);
    expect(num(total, 'listed')).toBe(all.listed);
    expect(num(total, 'source.spot_check')).toBe(3);
    expect(num(total, 'disciplinaryReferrals')).toBe(expected.referred);
    expect(num(total, 'escalation.overdue')).toBeGreaterThanOrEqual(1);
    expect(num(total, 'escalation.listed_supervision')).toBe(expected.listedByHand + 1);
    expect(total[col('rectificationRate')]).toBe((Math.round((all.rectified * 1000) / all.found) / 10).toFixed(1));
    const countKeys = STATISTICS_COLUMNS.map((c) => c.key).filter(
      (k) => !['county', 'agency', 'agencyId', 'rectificationRate', 'standardsFiledOn'].includes(k),
    );
    for (const key of countKeys) {
      expect([key, subtotals.reduce((s, r) => s + num(r, key), 0)]).toEqual([key, num(total, key)]);
      expect([key, agencyRows.reduce((s, r) => s + num(r, key), 0)]).toEqual([key, num(total, key)]);
    }
    for (const sub of subtotals) {
      const members = agencyRows.filter((r) => r[0] === sub[0]);
      for (const key of countKeys)
        expect([sub[0], key, members.reduce((s, r) => s + num(r, key), 0)]).toEqual([sub[0], key, num(sub, key)]);
    }
    const [{ n: shapotouItems }] = await h.sql<{ n: number }[]>`
      select count(*)::int as n from ledger_items where campaign_id = ${campaignId} and agency_id in ${h.sql(AGENCIES.filter((a) => a.jurisdictionId === 'shapotou').map((a) => a.id))}`;
    expect(
      num(
        subtotals.find((r) => r[0] === '沙坡头区')!,
        'found',
      ),
    ).toBe(shapotouItems);

    // Deliverables and complaints.
    const row = (id: string) => agencyRows.find((r) => r[2] === id)!;
    expect([num(row('rpt-city-env'), 'rulesEstablished'), num(row('rpt-city-env'), 'rulesRevised')]).toEqual([2, 1]);
    expect(row('rpt-zn-market')[col('standardsFiledOn')]).toBe('2020-09-28');
    expect(num(row('rpt-zn-market'), 'standardsFiled')).toBe(1);
    expect(num(total, 'standardsFiled')).toBe(1);
    expect(total[col('standardsFiledOn')]).toBe('');
    expect(
      ['complaintsReceived', 'complaintsSubstantiated', 'complaintsReferred'].map((k) => num(row('rpt-zn-water'), k)),
    ).toEqual([2, 1, 1]);
    expect(['complaintsReceived', 'complaintsSubstantiated', 'complaintsReferred'].map((k) => num(total, k))).toEqual([
      3, 1, 1,
    ]);

    // The JSON report holds the same rows.
    const json = await http.get(`/v1/campaigns/${campaignId}/reports/statistics`, bureau);
    expect(json.status).toBe(200);
    expect(json.body.rows).toHaveLength(rows.length);
    expect(json.body.rows[json.body.rows.length - 1].counts.found).toBe(all.found);
    expect(json.body.columns.map((c: { header: string }) => c.header)).toEqual(header);
  });

  test("a county bureau's report covers its county only; agencies may not read reports", async () => {
    const { res, text } = await download(
      `${h.api.url}/v1/campaigns/${campaignId}/reports/statistics.csv`,
      countyBureau,
    );
    expect(res.status).toBe(200);
    const rows = parseCsv(text.slice(1)).slice(1);
    expect(rows.map((r) => `${r[0]}|${r[1]}`)).toEqual([
      '沙坡头区|Market, "Supervision" 沙坡头区',
      '沙坡头区|沙坡头区交通运输局',
      '沙坡头区|沙坡头区城市管理局',
      '沙坡头区|小计',
      '沙坡头区|合计',
    ]);
    expect(rows[3].slice(3)).toEqual(rows[4].slice(3));
    expect(
      (await http.get(`/v1/campaigns/${campaignId}/reports/statistics.csv`, agencyKeys['rpt-sp-urban'])).status,
    ).toBe(403);
    expect(
      (await http.get(`/v1/campaigns/${campaignId}/reports/contacts.csv`, agencyKeys['rpt-sp-urban'])).status,
    ).toBe(403);
  });

  test('contacts.csv (Attachment 1): the D2 contact where reported, else the one given at definition', async () => {
    const { res, bytes, text } = await download(`${h.api.url}/v1/campaigns/${campaignId}/reports/contacts.csv`, bureau);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(['县区', '单位', '姓名', '职务', '联系电话', '电子邮箱', '信息来源']);
    expect(rows).toHaveLength(AGENCIES.length);
    const byName = Object.fromEntries(rows.map((r) => [r[1], r]));
    expect(byName['Market, "Supervision" 沙坡头区']).toEqual([
      '沙坡头区',
      'Market, "Supervision" 沙坡头区',
      '刘洋',
      '法规科科长',
      "'+86 955 7010099",
      'ly@example.gov.cn',
      '报送（D2）',
    ]);
    expect(byName['市生态环境局']).toEqual([
      '市直',
      '市生态环境局',
      '王明',
      '科长',
      '0955-7010001',
      'wm@example.gov.cn',
      '部署时登记',
    ]);
    expect(byName['沙坡头区城市管理局']).toEqual(['沙坡头区', '沙坡头区城市管理局', '', '', '', '', '未报送']);
  });
});
