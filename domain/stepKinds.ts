import type { SubjectKind } from './contract';

/*
 * What each step of a deadline's ladder means (SPEC §8), in one table: who is told, which numbered document it
 * issues, what it does to the deadline and its light, what it does per subject, and its words. Everything that acts
 * on a step reads this table; adding a step kind is one row here plus its wording (docs/STEP_KINDS.md).
 *
 * This module is imported by workflows: it must stay free of zod and Node built-ins (test/integration/workflowBundle).
 */

/** Who must hear of a step. `responsible_party` is whoever must act on the subject: the agency, or for a complaint the investigating bureau. */
export type Audience =
  'responsible_party' | 'agency_head' | 'supervising_bureau' | 'government' | 'discipline_commission';

/**
 * What a ladder's subject is, for what a step means: a deliverable to hand in, a ledger item to rectify, a complaint
 * to investigate, or a transfer (移送) owed — a ledger item classified as a disciplinary lead.
 */
export type LadderSubject = 'deliverable' | 'item' | 'complaint' | 'transfer';
export const LADDER_SUBJECTS: readonly LadderSubject[] = ['deliverable', 'item', 'complaint', 'transfer'];

/**
 * The numbered document a step issues (domain/documents.ts): one per addressee, kind and issuing day, naming every
 * matter that reached the step that day (services/documents/register.ts).
 */
export type StepDocument = 'supervision_notice' | 'listed_supervision' | 'referral_letter';

/** What a step does to its subject: tell the audience only, or also refer the subject to the discipline commission. */
export type SubjectEffect = 'notify' | 'refer' | 'refer_and_meet';

interface Wording {
  /** The step's name on screens and in report headers. */
  label: string;
  /** The step in a notification; `no` is the document number when the step issued one. */
  describe(subject: LadderSubject, no: string | null): string;
}

export interface StepKind {
  type: 'reminder' | 'escalation';
  audience: readonly Audience[];
  document: StepDocument | null;
  /** What the step marks on the deadline: overdue (慢作为, counted and shown), listed (挂牌督办: red until met). */
  marks: { overdue?: true; listed?: true };
  /** The light an unmet deadline shows from this step's instant on, whether or not it has been taken yet. */
  light: 'orange' | 'red' | null;
  effect: Record<LadderSubject, SubjectEffect>;
  zh: Wording;
  en: Wording;
}

const notifyAll: Record<LadderSubject, SubjectEffect> = {
  deliverable: 'notify',
  item: 'notify',
  complaint: 'notify',
  transfer: 'notify',
};

/** How the ladder's subject failed its deadline, for the words of a referral: 报送 a deliverable, 整改 an item … */
const FAILED_ZH: Record<LadderSubject, string> = {
  deliverable: '逾期未报送',
  item: '逾期未整改',
  complaint: '逾期未办结',
  transfer: '逾期未移送',
};
const FAILED_EN: Record<LadderSubject, string> = {
  deliverable: 'not submitted in time',
  item: 'not rectified in time',
  complaint: 'not concluded in time',
  transfer: 'not transferred in time',
};
const zhNo = (no: string | null) => (no ? ` ${no}` : '');
const enNo = (no: string | null) => (no ? ` No. ${no}` : '');

export const STEP_KINDS = {
  /** A reminder before the deadline (提醒); its step name is the offset ("P3D") and its words say how long is left. */
  reminder: {
    type: 'reminder',
    audience: ['responsible_party'],
    document: null,
    marks: {},
    light: null,
    effect: notifyAll,
    zh: { label: '提醒', describe: () => '提醒' },
    en: { label: 'reminder', describe: () => 'reminder' },
  },
  overdue: {
    type: 'escalation',
    audience: ['agency_head', 'supervising_bureau'],
    document: null,
    marks: { overdue: true },
    light: 'orange',
    effect: notifyAll,
    zh: { label: '逾期（慢作为）', describe: () => '已逾期' },
    en: { label: 'overdue (slow action)', describe: () => 'overdue' },
  },
  supervision_notice: {
    type: 'escalation',
    audience: ['agency_head', 'supervising_bureau'],
    document: 'supervision_notice',
    marks: {},
    light: 'red',
    effect: notifyAll,
    zh: { label: '督办通知', describe: (_, no) => `已逾期，督办通知${zhNo(no)}` },
    en: { label: 'supervision notice', describe: (_, no) => `overdue: supervision notice${enNo(no)}` },
  },
  listed_supervision: {
    type: 'escalation',
    audience: ['agency_head', 'supervising_bureau', 'government'],
    document: 'listed_supervision',
    marks: { listed: true },
    light: null, // red through the listed mark, which listing by hand sets too
    effect: notifyAll,
    zh: { label: '挂牌督办', describe: (_, no) => `挂牌督办${zhNo(no)}` },
    en: { label: 'listed supervision', describe: (_, no) => `listed supervision${enNo(no)}` },
  },
  discipline_referral: {
    type: 'escalation',
    audience: ['discipline_commission', 'supervising_bureau'],
    document: 'referral_letter',
    marks: {},
    light: null,
    // A disciplinary lead's deadline is for its transfer: the referral is that transfer, so it meets the deadline.
    effect: { deliverable: 'refer', item: 'refer', complaint: 'refer', transfer: 'refer_and_meet' },
    zh: { label: '移交纪委监委', describe: (s, no) => `${FAILED_ZH[s]}，已移交纪委监委${no ? `，移送函 ${no}` : ''}` },
    en: {
      label: 'referred to the discipline commission',
      describe: (s, no) =>
        `${FAILED_EN[s]}: referred to the discipline inspection and supervision commission${no ? `, referral letter No. ${no}` : ''}`,
    },
  },
} as const satisfies Record<string, StepKind>;

export type StepKindName = keyof typeof STEP_KINDS;

/** The escalation kinds a policy's ladder may name, in the table's order. */
export const ESCALATION_KINDS = (Object.keys(STEP_KINDS) as StepKindName[]).filter(
  (k) => STEP_KINDS[k].type === 'escalation',
) as Exclude<StepKindName, 'reminder'>[];

/** The kind of a recorded step: a reminder's step is its offset, an escalation's step is its kind. */
export function stepKindOf(step: { type: 'reminder' | 'escalation'; step: string }): StepKind | null {
  if (step.type === 'reminder') return STEP_KINDS.reminder;
  return Object.hasOwn(STEP_KINDS, step.step) ? (STEP_KINDS[step.step as StepKindName] as StepKind) : null;
}

/** A ledger item classified as a disciplinary lead owes a transfer; every other subject is what it says. */
export function ladderSubjectOf(kind: SubjectKind, classification?: string | null): LadderSubject {
  return kind === 'item' && classification === 'disciplinary_lead' ? 'transfer' : kind;
}

/** The audience of a step as recipients are planned (domain/notifications/recipients.ts). */
export function audienceOf(step: { type: 'reminder' | 'escalation'; step: string }, subject: SubjectKind): string[] {
  const kind = stepKindOf(step) ?? STEP_KINDS.overdue; // an unknown escalation still goes up the chain
  return kind.audience.map((a) =>
    a === 'responsible_party' ? (subject === 'complaint' ? 'investigating_bureau' : 'agency_contact') : a,
  );
}

const NOUN_ZH: Record<LadderSubject, string> = {
  deliverable: '材料',
  item: '问题整改事项',
  complaint: '举报',
  transfer: '问题线索',
};

/** The summary of a referral the ladder makes, fitting its subject: "问题线索「…」逾期未移送，系统自动移交纪委监委". */
export function referralSummary(subject: LadderSubject, label: string): string {
  return `${NOUN_ZH[subject]}「${label}」${FAILED_ZH[subject]}，系统自动移交纪委监委`;
}

/** Labels of every step kind in one language, for screens and reports. */
export function stepLabels(locale: 'zh' | 'en'): Record<StepKindName, string> {
  return Object.fromEntries(
    (Object.keys(STEP_KINDS) as StepKindName[]).map((k) => [k, STEP_KINDS[k][locale].label]),
  ) as Record<StepKindName, string>;
}
