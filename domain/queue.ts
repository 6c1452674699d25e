/**
 * The desk (SPEC §15): what waits for whom, one row per kind of work. A kind names the role whose queue holds it, the
 * object it is about (what its link opens) and its words; its rows come from one small query module each
 * (services/queue/).
 */
export const QUEUE_KINDS = {
  deliverable_to_review: { role: 'bureau', subject: 'deliverable', zh: '待审核材料' },
  item_to_verify: { role: 'bureau', subject: 'item', zh: '待销号问题' },
  complaint_to_investigate: { role: 'bureau', subject: 'complaint', zh: '待调查举报' },
  complaint_to_conclude: { role: 'bureau', subject: 'complaint', zh: '待办结举报' },
  notice_unsigned: { role: 'bureau', subject: 'document', zh: '逾期未签收通知' },
  agency_overdue: { role: 'bureau', subject: 'agency', zh: '逾期单位' },
  due_soon: { role: 'agency', subject: 'deliverable', zh: '即将到期' },
  returned: { role: 'agency', subject: 'deliverable', zh: '被退回材料' },
  notice_to_sign: { role: 'agency', subject: 'document', zh: '待签收通知' },
  referral_to_sign: { role: 'discipline', subject: 'document', zh: '待签收移送函' },
} as const satisfies Record<string, { role: 'bureau' | 'agency' | 'discipline'; subject: string; zh: string }>;

export type QueueKind = keyof typeof QUEUE_KINDS;
export const QUEUE_KIND_NAMES = Object.keys(QUEUE_KINDS) as [QueueKind, ...QueueKind[]];

/** What the agency's "due soon" looks ahead: a deadline within this many days (or already past) is due soon. */
export const DUE_SOON_DAYS = 7;

export interface QueueItem {
  kind: QueueKind;
  campaignId: string;
  agencyId?: string;
  agencyName?: string;
  subject: { kind: string; id: string };
  title: string;
  /** Since when it has waited (the submission, the report of rectification, the complaint's arrival, the deadline). */
  since: string;
  dueAt?: string;
}
