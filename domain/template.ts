import { DateTime } from 'luxon';

/**
 * The Zhongwei campaign plan (卫法办发〔2020〕13号) as data: the default every campaign definition starts from, laid
 * into the year it runs in. Nothing else in the code base may repeat these dates, codes or offsets.
 */

/** The four phases of the plan (方法步骤), in order. */
export const PHASE_KEYS = ['deployment', 'self_inspection', 'consolidation', 'spot_check'] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];

/** Deliverables D1–D8, the phase each belongs to (SPEC §2), and the task as an official document names it (`task`). */
export const DELIVERABLES = {
  D1: { phase: 'deployment', zh: '工作措施', en: 'Work measures', task: '报送工作措施' },
  D2: {
    phase: 'deployment',
    zh: '专项整治工作联系人（附件1）',
    en: 'Contact person (Attachment 1)',
    task: '报送联系人',
  },
  D3: {
    phase: 'deployment',
    zh: '公布监督举报电话、邮箱',
    en: 'Published supervision channels',
    task: '公布监督举报渠道',
  },
  D4: {
    phase: 'self_inspection',
    zh: '自查情况及问题清单',
    en: 'Self-assessment and problem ledger',
    task: '报送自查情况及问题清单',
  },
  D5: { phase: 'self_inspection', zh: '自查整改情况公开', en: 'Self-inspection made public', task: '公开自查整改情况' },
  D6: {
    phase: 'self_inspection',
    zh: '行政裁量基准制定修改及备案',
    en: 'Discretionary standards filed',
    task: '制定修改行政裁量基准并备案',
  },
  D7: {
    phase: 'consolidation',
    zh: '专项整治工作总结及统计表（附件2）',
    en: 'Campaign summary and statistics (Attachment 2)',
    task: '报送工作总结及统计表',
  },
  D8: { phase: 'consolidation', zh: '建章立制', en: 'Rules established or revised', task: '建章立制' },
} as const satisfies Record<string, { phase: PhaseKey; zh: string; en: string; task: string }>;
export type DeliverableCode = keyof typeof DELIVERABLES;
export const DELIVERABLE_CODES = Object.keys(DELIVERABLES) as DeliverableCode[];

/**
 * A due value for every deliverable from one value per phase, with some set apart: calendars written by hand (compressed
 * ones in tests and the bench, the dashboard's drill preset) name each phase's due time, so a deliverable added to
 * DELIVERABLES gets a deadline in each of them without another edit.
 */
export function deadlinesByPhase<T>(
  byPhase: Partial<Record<PhaseKey, T>>,
  apart: Partial<Record<DeliverableCode, T>> = {},
): Record<DeliverableCode, T> {
  return Object.fromEntries(
    DELIVERABLE_CODES.map((code) => {
      const due = apart[code] ?? byPhase[DELIVERABLES[code].phase];
      if (due === undefined) throw new RangeError(`no deadline for ${code} (phase ${DELIVERABLES[code].phase})`);
      return [code, due];
    }),
  ) as Record<DeliverableCode, T>;
}

/** The self-inspection checklist (整治内容): 4 areas, 17 items (SPEC §3). */
export const CHECKLIST = {
  A1: { area: 'A', zh: '行政执法责任制修订完善并落实' },
  A2: { area: 'A', zh: '行政执法三项制度和行政裁量基准制度' },
  A3: { area: 'A', zh: '行政执法与刑事司法衔接' },
  A4: { area: 'A', zh: '执法争议协调、联合执法、谁执法谁普法' },
  A5: { area: 'A', zh: '行政执法案例指导制度和案件分析' },
  B1: { area: 'B', zh: '执法主体：人员资格与证件，无临时机构、辅助人员单独执法' },
  B2: { area: 'B', zh: '执法依据：执法依据和执法事项清单' },
  B3: { area: 'B', zh: '执法程序：职权分解到岗、流程图公开、告知权利救济' },
  B4: { area: 'B', zh: '执法行为：首问负责、限时办结、出庭应诉、履行判决和国家赔偿' },
  B5: { area: 'B', zh: '执法文书：统一格式、有法定依据' },
  C1: { area: 'C', zh: '评议考核结果用于奖惩和任免' },
  C2: { area: 'C', zh: '执法责任倒查和追究，尤其复议撤销、应诉败诉' },
  C3: { area: 'C', zh: '投诉举报渠道公开并处理、信息按时公开、案卷评查' },
  D1: { area: 'D', zh: '慵懒散慢、衙门作风、特权思想' },
  D2: { area: 'D', zh: '责任心不强、纪律涣散、服务意识差、办事慢' },
  D3: { area: 'D', zh: '关系案、人情案、徇私舞弊、以权谋私' },
  D4: { area: 'D', zh: '执法人员培训和证件管理' },
} as const satisfies Record<string, { area: 'A' | 'B' | 'C' | 'D'; zh: string }>;
export type ChecklistCode = keyof typeof CHECKLIST;
export const CHECKLIST_CODES = Object.keys(CHECKLIST) as ChecklistCode[];
export const CHECKLIST_AREAS = { A: '行政执法制度建设', B: '职责履行', C: '执法过错追责', D: '队伍建设' } as const;

/**
 * The plan's dates as month-days (MM-DD), laid into whichever year a bureau runs it (calendarInYear). The plan was
 * written for 2020; its phases and deadlines fall on the same days every year.
 */
export const CAMPAIGN_DATES = {
  timeZone: 'Asia/Shanghai',
  phases: [
    { key: 'deployment', starts: '06-01', ends: '06-10' },
    { key: 'self_inspection', starts: '06-01', ends: '09-30' },
    { key: 'consolidation', starts: '10-01', ends: '10-31' },
    { key: 'spot_check', starts: '11-01', ends: '11-15' },
  ],
  deadlines: { D1: '06-10', D2: '06-10', D3: '06-10', D4: '09-30', D5: '09-30', D6: '09-30', D7: '10-20', D8: '10-31' },
  closes: '11-30',
} as const satisfies {
  timeZone: string;
  phases: readonly { key: PhaseKey; starts: string; ends: string }[];
  deadlines: Record<DeliverableCode, string>;
  closes: string;
};

/** "By D" means the end of day D in Asia/Shanghai; a phase opens at the start of its first day. */
const byEndOf = (day: string) => `${day}T23:59:59+08:00`;
const startOf = (day: string) => `${day}T00:00:00+08:00`;

/** The plan's calendar in one year: every month-day of CAMPAIGN_DATES in that year. */
export function calendarInYear(year: number) {
  const day = (monthDay: string) => `${String(year).padStart(4, '0')}-${monthDay}`;
  return {
    timeZone: CAMPAIGN_DATES.timeZone,
    phases: CAMPAIGN_DATES.phases.map((p) => ({
      key: p.key as PhaseKey,
      startsAt: startOf(day(p.starts)),
      endsAt: byEndOf(day(p.ends)),
    })),
    deadlines: Object.fromEntries(
      Object.entries(CAMPAIGN_DATES.deadlines).map(([code, monthDay]) => [code, byEndOf(day(monthDay))]),
    ) as Record<DeliverableCode, string>,
    closesAt: byEndOf(day(CAMPAIGN_DATES.closes)),
  };
}

/** The year a campaign defined at `nowMs` without a year runs in: this year while its close is ahead, else the next. */
export function defaultCampaignYear(nowMs: number): number {
  // The year as the plan's time zone counts it: 2026-12-31T20:00Z is already 2027 in Zhongwei.
  const { year } = DateTime.fromMillis(nowMs, { zone: CAMPAIGN_DATES.timeZone });
  return Date.parse(calendarInYear(year).closesAt) > nowMs ? year : year + 1;
}

/** The reminder and escalation ladder of SPEC §8. */
export const DEFAULT_POLICY = {
  /**
   * Calendar days by default, as the plan counts them. With "working", China's official holidays and make-up working
   * days (domain/policy/officialCalendar.ts) are counted; `holidays` and `workdays` add a bureau's own days to them.
   */
  dayKind: 'calendar',
  holidays: [],
  workdays: [],
  reminders: ['P7D', 'P3D', 'P1D'],
  escalation: [
    { after: 'PT0S', action: 'overdue' },
    { after: 'P3D', action: 'supervision_notice' },
    { after: 'P10D', action: 'listed_supervision' },
  ],
  /** A deadline is "yellow" when due within this span. */
  warnWithin: 'P3D',
  itemDue: { immediate: 'P15D', disciplinary_lead: 'P5D' },
  complaintInvestigation: 'P15D',
  /** Prefix of supervision notice numbers, e.g. 卫法督〔2020〕12号. */
  noticePrefix: '卫法督',
  /** The window in which an addressee signs for (签收) a document; chased once a window after (SPEC §14). */
  receipt: 'P1D',
} as const;
