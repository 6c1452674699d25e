import fc from 'fast-check';
import {
  COUNT_KEYS,
  STATISTICS_COLUMNS,
  contactCells,
  groupAgencies,
  rectificationRate,
  statisticsCells,
  statisticsTable,
  zeroCounts,
  type StatAgency,
  type StatisticsFacts,
  type StatisticsRow,
} from '../../domain/statistics';
import { BOM, csvField, toCsv } from '../../api/csv';
import { ITEM_SOURCES } from '../../domain/ledger';

const ROOT = {
  id: 'zhongwei',
  name: '中卫市',
  children: [
    { id: 'shapotou', name: '沙坡头区', children: [{ id: 'wenchang', name: '文昌镇' }] },
    { id: 'zhongning', name: '中宁县' },
    { id: 'haiyuan', name: '海原县' },
  ],
};

const AGENCIES: StatAgency[] = [
  { id: 'sp-b', name: '沙坡头区市场监管局', path: ['zhongwei', 'shapotou'] },
  { id: 'sp-a', name: '沙坡头区城管局', path: ['zhongwei', 'shapotou'] },
  { id: 'sp-town', name: '文昌镇综合执法队', path: ['zhongwei', 'shapotou', 'wenchang'] },
  { id: 'zn-a', name: '中宁县交通局', path: ['zhongwei', 'zhongning'] },
  { id: 'city-a', name: '市生态环境局', path: ['zhongwei'] },
];

const noFacts = (): StatisticsFacts => ({
  items: [],
  disposals: [],
  referrals: [],
  events: [],
  complaints: [],
  rules: [],
  standards: [],
});
const SCOPE = { id: 'zhongwei', name: '中卫市' };

const rowOf = (rows: StatisticsRow[], agencyId: string) => rows.find((r) => r.agencyId === agencyId)!;

describe('the statistics table (Attachment 2)', () => {
  test('groups: 市直 first, then each county in tree order with its whole subtree; empty counties are left out', () => {
    const groups = groupAgencies(ROOT, AGENCIES);
    expect(groups.map((g) => [g.id, g.name, g.agencies.map((a) => a.id)])).toEqual([
      ['zhongwei', '市直', ['city-a']],
      ['shapotou', '沙坡头区', ['sp-a', 'sp-b', 'sp-town']],
      ['zhongning', '中宁县', ['zn-a']],
    ]);
  });

  test('rows: agencies then a subtotal per group, and the total last', () => {
    const table = statisticsTable({ root: ROOT, scope: SCOPE, agencies: AGENCIES, facts: noFacts() });
    expect(table.rows.map((r) => `${r.kind}:${r.groupName}:${r.name}`)).toEqual([
      'agency:市直:市生态环境局',
      'subtotal:市直:小计',
      'agency:沙坡头区:沙坡头区城管局',
      'agency:沙坡头区:沙坡头区市场监管局',
      'agency:沙坡头区:文昌镇综合执法队',
      'subtotal:沙坡头区:小计',
      'agency:中宁县:中宁县交通局',
      'subtotal:中宁县:小计',
      'total:中卫市:合计',
    ]);
    expect(table.rows.every((r) => r.rectificationRate === null)).toBe(true);
  });

  test('counts: by area and source, closed as rectified or otherwise, in progress, overdue, listed, and the rate', () => {
    const facts = noFacts();
    facts.items = [
      { agencyId: 'sp-a', area: 'A', source: 'self_found', outcome: 'rectified', overdue: false, listed: false, n: 2 },
      { agencyId: 'sp-a', area: 'B', source: 'media', outcome: 'closed_otherwise', overdue: false, listed: true, n: 1 },
      { agencyId: 'sp-a', area: 'D', source: 'spot_check', outcome: 'in_progress', overdue: true, listed: true, n: 3 },
      { agencyId: 'sp-a', area: 'C', source: 'complaint', outcome: 'in_progress', overdue: false, listed: false, n: 1 },
      { agencyId: 'unknown', area: 'A', source: 'media', outcome: 'rectified', overdue: false, listed: false, n: 9 },
    ];
    facts.disposals = [
      { agencyId: 'sp-a', disposal: 'public_notification', n: 2 },
      { agencyId: 'sp-a', disposal: 'discipline_referral', n: 1 },
    ];
    facts.referrals = [{ agencyId: 'sp-a', n: 1 }];
    facts.events = [
      { agencyId: 'sp-a', type: 'reminder', step: 'P7D', n: 4 },
      { agencyId: 'sp-a', type: 'reminder', step: 'P1D', n: 2 },
      { agencyId: 'sp-a', type: 'escalation', step: 'overdue', n: 3 },
      { agencyId: 'sp-a', type: 'escalation', step: 'supervision_notice', n: 2 },
      { agencyId: 'sp-a', type: 'escalation', step: 'something_else', n: 5 },
    ];
    facts.complaints = [{ agencyId: 'sp-a', received: 3, substantiated: 1, referred: 1 }];
    facts.rules = [
      { agencyId: 'sp-a', kind: 'established', n: 2 },
      { agencyId: 'sp-a', kind: 'revised', n: 1 },
    ];
    facts.standards = [{ agencyId: 'sp-a', filedOn: '2020-09-28' }];
    const table = statisticsTable({ root: ROOT, scope: SCOPE, agencies: AGENCIES, facts });
    const row = rowOf(table.rows, 'sp-a');
    expect(row.counts).toMatchObject({
      found: 7,
      'area.A': 2,
      'area.B': 1,
      'area.C': 1,
      'area.D': 3,
      'source.self_found': 2,
      'source.media': 1,
      'source.spot_check': 3,
      'source.complaint': 1,
      rectified: 2,
      closedOtherwise: 1,
      inProgress: 4,
      overdue: 3,
      listed: 4,
      'disposal.public_notification': 2,
      'disposal.discipline_referral': 1,
      disciplinaryReferrals: 1,
      remindersSent: 6,
      'escalation.overdue': 3,
      'escalation.supervision_notice': 2,
      'escalation.listed_supervision': 0,
      complaintsReceived: 3,
      complaintsSubstantiated: 1,
      complaintsReferred: 1,
      rulesEstablished: 2,
      rulesRevised: 1,
      standardsFiled: 1,
    });
    expect(row.rectificationRate).toBe(28.6); // 2 of 7
    expect(row.standardsFiledOn).toBe('2020-09-28');
    const sub = table.rows.find((r) => r.kind === 'subtotal' && r.groupId === 'shapotou')!;
    expect(sub.counts.found).toBe(7);
    expect(sub.standardsFiledOn).toBeNull();
    const total = table.rows[table.rows.length - 1];
    expect(total.counts.found).toBe(7); // the unknown agency's items are not counted
    expect(total.counts.standardsFiled).toBe(1);
  });

  test("the rate of a subtotal comes from the summed counts, not from averaging the agencies' rates", () => {
    const facts = noFacts();
    facts.items = [
      { agencyId: 'sp-a', area: 'A', source: 'media', outcome: 'rectified', overdue: false, listed: false, n: 1 }, // 100%
      { agencyId: 'sp-b', area: 'A', source: 'media', outcome: 'in_progress', overdue: false, listed: false, n: 3 }, // 0%
    ];
    const table = statisticsTable({ root: ROOT, scope: SCOPE, agencies: AGENCIES, facts });
    expect(table.rows.find((r) => r.kind === 'subtotal' && r.groupId === 'shapotou')!.rectificationRate).toBe(25);
  });

  test('rectification rate: one decimal, rounded half up, null when nothing was found', () => {
    expect(rectificationRate(0, 0)).toBeNull();
    expect(rectificationRate(1, 3)).toBe(33.3);
    expect(rectificationRate(2, 3)).toBe(66.7);
    expect(rectificationRate(1, 16)).toBe(6.3); // 6.25
    expect(rectificationRate(5, 5)).toBe(100);
  });

  test('columns: unique keys, Chinese headers, every count column present; CSV cells match the headers', () => {
    const keys = STATISTICS_COLUMNS.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of COUNT_KEYS) expect(keys).toContain(k);
    for (const c of STATISTICS_COLUMNS) expect(c.header).toMatch(/[\u4e00-\u9fff]/);
    expect(keys.filter((k) => k.startsWith('source.'))).toHaveLength(ITEM_SOURCES.length);
    const table = statisticsTable({ root: ROOT, scope: SCOPE, agencies: AGENCIES, facts: noFacts() });
    const cells = statisticsCells(table);
    expect(cells[0][0]).toBe('县区');
    expect(cells.every((r) => r.length === STATISTICS_COLUMNS.length)).toBe(true);
    expect(cells[cells.length - 1].slice(0, 3)).toEqual(['中卫市', '合计', null]);
  });

  test('property: the total is the sum of the subtotals, and each subtotal the sum of its agencies', () => {
    const agencyId = fc.constantFrom(...AGENCIES.map((a) => a.id));
    const n = fc.integer({ min: 0, max: 50 });
    const facts = fc.record<StatisticsFacts>({
      items: fc.array(
        fc.record({
          agencyId,
          area: fc.constantFrom('A', 'B', 'C', 'D'),
          source: fc.constantFrom(...ITEM_SOURCES),
          outcome: fc.constantFrom('rectified' as const, 'closed_otherwise' as const, 'in_progress' as const),
          overdue: fc.boolean(),
          listed: fc.boolean(),
          n,
        }),
      ),
      disposals: fc.array(
        fc.record({ agencyId, disposal: fc.constantFrom('criticism_education', 'public_notification'), n }),
      ),
      referrals: fc.array(fc.record({ agencyId, n })),
      events: fc.array(
        fc.record({
          agencyId,
          type: fc.constantFrom('reminder', 'escalation'),
          step: fc.constantFrom('P1D', 'overdue', 'listed_supervision'),
          n,
        }),
      ),
      complaints: fc.array(fc.record({ agencyId, received: n, substantiated: n, referred: n })),
      rules: fc.array(fc.record({ agencyId, kind: fc.constantFrom('established', 'revised'), n })),
      standards: fc.uniqueArray(fc.record({ agencyId, filedOn: fc.constant('2020-09-01') }), {
        selector: (s) => s.agencyId,
      }),
    });
    fc.assert(
      fc.property(facts, (f) => {
        const { rows } = statisticsTable({ root: ROOT, scope: SCOPE, agencies: AGENCIES, facts: f });
        const sum = (rs: StatisticsRow[]) =>
          rs.reduce((acc, r) => {
            for (const k of COUNT_KEYS) acc[k] += r.counts[k];
            return acc;
          }, zeroCounts());
        const total = rows.filter((r) => r.kind === 'total');
        expect(total).toHaveLength(1);
        expect(total[0].counts).toEqual(sum(rows.filter((r) => r.kind === 'subtotal')));
        expect(total[0].counts).toEqual(sum(rows.filter((r) => r.kind === 'agency')));
        for (const sub of rows.filter((r) => r.kind === 'subtotal')) {
          expect(sub.counts).toEqual(sum(rows.filter((r) => r.kind === 'agency' && r.groupId === sub.groupId)));
        }
        for (const r of rows) {
          expect(r.counts.found).toBe(r.counts.rectified + r.counts.closedOtherwise + r.counts.inProgress);
          expect(r.counts.found).toBe(
            r.counts['area.A'] + r.counts['area.B'] + r.counts['area.C'] + r.counts['area.D'],
          );
        }
      }),
    );
  });
});

describe('the contact roster (Attachment 1)', () => {
  test('the contact reported in D2 wins over the one given at definition; agencies with neither are listed empty', () => {
    const cells = contactCells(ROOT, [
      {
        ...AGENCIES[0],
        reported: { name: '张三', post: '科长', phone: '0955-1', email: 'z@example.gov.cn' },
        defined: { name: '旧联系人' },
      },
      { ...AGENCIES[4], reported: null, defined: { name: '李四', phone: '0955-2' } },
      { ...AGENCIES[3], reported: null, defined: null },
    ]);
    expect(cells).toEqual([
      ['县区', '单位', '姓名', '职务', '联系电话', '电子邮箱', '信息来源'],
      ['市直', '市生态环境局', '李四', null, '0955-2', null, '部署时登记'],
      ['沙坡头区', '沙坡头区市场监管局', '张三', '科长', '0955-1', 'z@example.gov.cn', '报送（D2）'],
      ['中宁县', '中宁县交通局', null, null, null, null, '未报送'],
    ]);
  });
});

describe('CSV', () => {
  test('BOM, CRLF, quoting of commas, quotes and line breaks; numbers and empty cells as they are', () => {
    expect(
      toCsv([
        ['a', 1, null],
        ['x,y', 'say "hi"', 'two\nlines'],
      ]),
    ).toBe(`${BOM}a,1,\r\n"x,y","say ""hi""","two\nlines"\r\n`);
    expect(toCsv([['单位']]).startsWith('\uFEFF单位')).toBe(true);
  });

  test('text a spreadsheet would run as a formula is defused; negative numbers are not', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+86 955')).toBe("'+86 955");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-3)).toBe('-3');
    expect(csvField('66.7')).toBe('66.7');
  });
});
