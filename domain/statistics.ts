/**
 * The statistics table (附件2 统计表, SPEC §6) and the contact roster (附件1): pure shaping of counts taken in SQL into
 * one row per agency, a subtotal per county/district (县区) and for the city-level departments (市直), and a total.
 * The column meanings are documented in docs/REPORTS.md.
 */
import type { Jurisdiction } from './campaign';
import { ESCALATION_ACTIONS } from './campaign';
import { stepLabels } from './stepKinds';
import { DISPOSALS, ITEM_SOURCES } from './ledger';
import { CHECKLIST_AREAS } from './template';

type Area = keyof typeof CHECKLIST_AREAS;
type Source = (typeof ITEM_SOURCES)[number];
type Disposal = (typeof DISPOSALS)[number];

const AREAS = Object.keys(CHECKLIST_AREAS) as Area[];

export const SOURCE_ZH: Record<Source, string> = {
  petition_report: '信访举报',
  media: '媒体曝光',
  administrative_reconsideration: '行政复议',
  administrative_litigation: '行政诉讼',
  superior_supervision: '上级督查督办',
  inspection_tour: '巡视巡察',
  special_inspection: '专项检查',
  self_found: '自查发现',
  complaint: '专项整治举报',
  spot_check: '抽查检查',
};

export const DISPOSAL_ZH: Record<Disposal, string> = {
  criticism_education: '批评教育',
  written_self_examination: '书面检查',
  rectify_by_deadline: '限期整改',
  discipline_referral: '移交纪委监委',
  public_notification: '通报曝光',
  root_cause_mechanism: '建立长效机制',
};

const STEP_ZH = stepLabels('zh');

/** Columns that hold counts: summed into subtotals and totals. */
export const COUNT_KEYS = [
  'found',
  ...AREAS.map((a) => `area.${a}` as const),
  ...ITEM_SOURCES.map((s) => `source.${s}` as const),
  'rectified',
  'closedOtherwise',
  'inProgress',
  'overdue',
  'disciplinaryReferrals',
  ...DISPOSALS.map((d) => `disposal.${d}` as const),
  'rulesEstablished',
  'rulesRevised',
  'standardsFiled',
  'complaintsReceived',
  'complaintsSubstantiated',
  'complaintsReferred',
  'listed',
  'remindersSent',
  ...ESCALATION_ACTIONS.map((s) => `escalation.${s}` as const),
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Record<CountKey, number>;

export type RowKind = 'agency' | 'subtotal' | 'total';

export interface StatisticsRow {
  kind: RowKind;
  /** The county/district (or the city, for 市直 and the total) the row belongs to. */
  groupId: string;
  groupName: string;
  agencyId: string | null;
  /** The agency's name; 小计 / 合计 on subtotal and total rows. */
  name: string;
  counts: Counts;
  /** rectified ÷ found × 100, one decimal; null when nothing was found. */
  rectificationRate: number | null;
  /** The date the agency filed its discretionary standards (D6 filedOn); null on subtotal and total rows. */
  standardsFiledOn: string | null;
}

export interface Column {
  key: string;
  header: string;
  value: (row: StatisticsRow) => string | number | null;
}

const count = (key: CountKey) => (row: StatisticsRow) => row.counts[key];

/** The table's columns in order: the JSON key, the Chinese CSV header, and how a row fills it. */
export const STATISTICS_COLUMNS: readonly Column[] = [
  { key: 'county', header: '县区', value: (r) => r.groupName },
  { key: 'agency', header: '单位', value: (r) => r.name },
  { key: 'agencyId', header: '单位编号', value: (r) => r.agencyId },
  { key: 'found', header: '发现问题（个）', value: count('found') },
  ...AREAS.map((a) => ({ key: `area.${a}`, header: `${a}类·${CHECKLIST_AREAS[a]}（个）`, value: count(`area.${a}`) })),
  ...ITEM_SOURCES.map((s) => ({
    key: `source.${s}`,
    header: `来源·${SOURCE_ZH[s]}（个）`,
    value: count(`source.${s}`),
  })),
  { key: 'rectified', header: '已整改销号（个）', value: count('rectified') },
  { key: 'closedOtherwise', header: '无法整改或撤销销号（个）', value: count('closedOtherwise') },
  { key: 'inProgress', header: '正在整改（个）', value: count('inProgress') },
  { key: 'overdue', header: '逾期未整改（个）', value: count('overdue') },
  {
    key: 'rectificationRate',
    header: '整改率（%）',
    value: (r) => (r.rectificationRate === null ? null : r.rectificationRate.toFixed(1)),
  },
  { key: 'disciplinaryReferrals', header: '移交纪委监委问题线索（件）', value: count('disciplinaryReferrals') },
  ...DISPOSALS.map((d) => ({
    key: `disposal.${d}`,
    header: `处置·${DISPOSAL_ZH[d]}（件）`,
    value: count(`disposal.${d}`),
  })),
  { key: 'rulesEstablished', header: '新建制度（项）', value: count('rulesEstablished') },
  { key: 'rulesRevised', header: '修订制度（项）', value: count('rulesRevised') },
  { key: 'standardsFiled', header: '裁量基准已备案（家）', value: count('standardsFiled') },
  { key: 'standardsFiledOn', header: '裁量基准备案日期', value: (r) => r.standardsFiledOn },
  { key: 'complaintsReceived', header: '受理举报（件）', value: count('complaintsReceived') },
  { key: 'complaintsSubstantiated', header: '举报属实（件）', value: count('complaintsSubstantiated') },
  { key: 'complaintsReferred', header: '举报提出处理建议（件）', value: count('complaintsReferred') },
  { key: 'listed', header: '挂牌督办问题（个）', value: count('listed') },
  { key: 'remindersSent', header: '发送提醒（次）', value: count('remindersSent') },
  ...ESCALATION_ACTIONS.map((s) => ({
    key: `escalation.${s}`,
    header: `升级·${STEP_ZH[s]}（次）`,
    value: count(`escalation.${s}`),
  })),
];

// ---- what the SQL counts hand in ----

export interface StatAgency {
  id: string;
  name: string;
  /** Jurisdiction ids from the campaign's root down to the agency's own jurisdiction. */
  path: readonly string[];
}

/** How an item stands: closed as rectified, closed otherwise (unrectifiable, withdrawn), or still being worked on. */
export type ItemOutcome = 'rectified' | 'closed_otherwise' | 'in_progress';

export interface StatisticsFacts {
  /** Ledger items grouped by agency, checklist area, source, outcome and the two flags. */
  items: {
    agencyId: string;
    area: string;
    source: string;
    outcome: ItemOutcome;
    overdue: boolean;
    listed: boolean;
    n: number;
  }[];
  /** Items by disposal kind (an item with two disposals counts once under each). */
  disposals: { agencyId: string; disposal: string; n: number }[];
  /** Referrals to the discipline commission (移交纪委监委). */
  referrals: { agencyId: string; n: number }[];
  /** Reminders and escalations recorded (deadline_events), any subject. */
  events: { agencyId: string; type: string; step: string; n: number }[];
  complaints: { agencyId: string; received: number; substantiated: number; referred: number }[];
  /** Rules reported in D8, by kind. */
  rules: { agencyId: string; kind: string; n: number }[];
  /** D6 filing dates. */
  standards: { agencyId: string; filedOn: string }[];
}

export interface StatisticsTable {
  columns: { key: string; header: string }[];
  rows: StatisticsRow[];
}

/** 市直: the departments at the root of the jurisdiction tree form a group of their own. */
export const CITY_LEVEL = '市直';

export const zeroCounts = (): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts;

/** rectified ÷ found as a percentage with one decimal, rounded half up; null when nothing was found. */
export function rectificationRate(rectified: number, found: number): number | null {
  if (found <= 0) return null;
  return Math.round((rectified * 1000) / found) / 10;
}

function addInto(target: Counts, add: Counts): void {
  for (const k of COUNT_KEYS) target[k] += add[k];
}

function isKey<K extends string>(keys: readonly string[], k: string): k is K {
  return keys.includes(k);
}

/** The counts of each agency from the facts; facts about agencies not listed are ignored. */
export function countsByAgency(agencyIds: readonly string[], f: StatisticsFacts): Map<string, Counts> {
  const byAgency = new Map(agencyIds.map((id) => [id, zeroCounts()]));
  const at = (id: string) => byAgency.get(id);
  for (const g of f.items) {
    const c = at(g.agencyId);
    if (!c) continue;
    c.found += g.n;
    if (isKey<CountKey>(COUNT_KEYS, `area.${g.area}`)) c[`area.${g.area}` as CountKey] += g.n;
    if (isKey<CountKey>(COUNT_KEYS, `source.${g.source}`)) c[`source.${g.source}` as CountKey] += g.n;
    if (g.outcome === 'rectified') c.rectified += g.n;
    else if (g.outcome === 'closed_otherwise') c.closedOtherwise += g.n;
    else c.inProgress += g.n;
    if (g.overdue && g.outcome === 'in_progress') c.overdue += g.n;
    if (g.listed) c.listed += g.n;
  }
  for (const d of f.disposals) {
    const c = at(d.agencyId);
    if (c && isKey<CountKey>(COUNT_KEYS, `disposal.${d.disposal}`)) c[`disposal.${d.disposal}` as CountKey] += d.n;
  }
  for (const r of f.referrals) {
    const c = at(r.agencyId);
    if (c) c.disciplinaryReferrals += r.n;
  }
  for (const e of f.events) {
    const c = at(e.agencyId);
    if (!c) continue;
    if (e.type === 'reminder') c.remindersSent += e.n;
    else if (e.type === 'escalation' && isKey<CountKey>(COUNT_KEYS, `escalation.${e.step}`))
      c[`escalation.${e.step}` as CountKey] += e.n;
  }
  for (const x of f.complaints) {
    const c = at(x.agencyId);
    if (!c) continue;
    c.complaintsReceived += x.received;
    c.complaintsSubstantiated += x.substantiated;
    c.complaintsReferred += x.referred;
  }
  for (const r of f.rules) {
    const c = at(r.agencyId);
    if (!c) continue;
    if (r.kind === 'established') c.rulesEstablished += r.n;
    else if (r.kind === 'revised') c.rulesRevised += r.n;
  }
  for (const s of f.standards) {
    const c = at(s.agencyId);
    if (c) c.standardsFiled = 1;
  }
  return byAgency;
}

interface Group {
  id: string;
  name: string;
  agencies: StatAgency[];
}

/**
 * The groups of the table in order: the city-level departments (agencies whose jurisdiction is the root itself) first,
 * then each county/district (a child of the root) in the order of the campaign's jurisdiction tree. An agency belongs
 * to the county whose subtree holds it, however deep.
 */
export function groupAgencies(root: Jurisdiction, agencies: readonly StatAgency[]): Group[] {
  const groups: Group[] = [
    { id: root.id, name: CITY_LEVEL, agencies: [] },
    ...(root.children ?? []).map((c) => ({ id: c.id, name: c.name, agencies: [] as StatAgency[] })),
  ];
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const a of agencies) {
    const county = a.path.length > 1 && a.path[0] === root.id ? byId.get(a.path[1]) : undefined;
    (county ?? groups[0]).agencies.push(a);
  }
  for (const g of groups) g.agencies.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return groups.filter((g) => g.agencies.length > 0);
}

export interface StatisticsInput {
  /** The campaign's jurisdiction tree: its root is the city, the root's children the counties/districts. */
  root: Jurisdiction;
  /** The jurisdiction the table covers (the bureau's): its name labels the total row. */
  scope: { id: string; name: string };
  agencies: readonly StatAgency[];
  facts: StatisticsFacts;
}

/**
 * Attachment 2: each group's agency rows followed by its subtotal (小计), then the total (合计) of every agency in the
 * table. Subtotals and the total add up the counts; their rectification rate is computed from the summed counts, not
 * averaged over agencies.
 */
export function statisticsTable(input: StatisticsInput): StatisticsTable {
  const counts = countsByAgency(
    input.agencies.map((a) => a.id),
    input.facts,
  );
  const filedOn = new Map(input.facts.standards.map((s) => [s.agencyId, s.filedOn]));
  const rows: StatisticsRow[] = [];
  const total = zeroCounts();
  for (const g of groupAgencies(input.root, input.agencies)) {
    const sub = zeroCounts();
    for (const a of g.agencies) {
      const c = counts.get(a.id)!;
      addInto(sub, c);
      rows.push({
        kind: 'agency',
        groupId: g.id,
        groupName: g.name,
        agencyId: a.id,
        name: a.name,
        counts: c,
        rectificationRate: rectificationRate(c.rectified, c.found),
        standardsFiledOn: filedOn.get(a.id) ?? null,
      });
    }
    addInto(total, sub);
    rows.push({
      kind: 'subtotal',
      groupId: g.id,
      groupName: g.name,
      agencyId: null,
      name: '小计',
      counts: sub,
      rectificationRate: rectificationRate(sub.rectified, sub.found),
      standardsFiledOn: null,
    });
  }
  rows.push({
    kind: 'total',
    groupId: input.scope.id,
    groupName: input.scope.name,
    agencyId: null,
    name: '合计',
    counts: total,
    rectificationRate: rectificationRate(total.rectified, total.found),
    standardsFiledOn: null,
  });
  return { columns: STATISTICS_COLUMNS.map(({ key, header }) => ({ key, header })), rows };
}

/** The table as CSV cells: the header row, then one row per table row. */
export function statisticsCells(table: StatisticsTable): (string | number | null)[][] {
  return [STATISTICS_COLUMNS.map((c) => c.header), ...table.rows.map((r) => STATISTICS_COLUMNS.map((c) => c.value(r)))];
}

// ---- Attachment 1: the contact roster ----

export interface ContactPerson {
  name: string;
  post?: string;
  phone?: string;
  email?: string;
}

export interface RosterAgency extends StatAgency {
  /** The contact the agency reported in D2, if it has. */
  reported: ContactPerson | null;
  /** The contact given when the campaign was defined. */
  defined: ContactPerson | null;
}

export const CONTACT_HEADERS = ['县区', '单位', '姓名', '职务', '联系电话', '电子邮箱', '信息来源'] as const;

/** Attachment 1: one row per agency, grouped like the statistics table; the D2 report wins over the definition. */
export function contactCells(root: Jurisdiction, agencies: readonly RosterAgency[]): (string | null)[][] {
  const rows: (string | null)[][] = [[...CONTACT_HEADERS]];
  for (const g of groupAgencies(root, agencies)) {
    for (const a of g.agencies as RosterAgency[]) {
      const c = a.reported ?? a.defined;
      const source = a.reported ? '报送（D2）' : a.defined ? '部署时登记' : '未报送';
      rows.push([g.name, a.name, c?.name ?? null, c?.post ?? null, c?.phone ?? null, c?.email ?? null, source]);
    }
  }
  return rows;
}
