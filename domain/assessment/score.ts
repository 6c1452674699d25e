import {
  CATEGORY_KEYS,
  DEDUCTION_RULES,
  type Category,
  type DeductionRule,
  type EventRule,
  type Grade,
  type Rubric,
  type VetoKind,
} from './rubric';

/** What a deduction is about: a deliverable (D4), a ledger item, a complaint, a spot-check, a notice. */
export interface EventSubject {
  kind: string;
  id: string;
}

/**
 * One recorded event the rubric prices, from wherever it was recorded (deadline events, submissions, referrals,
 * complaints, spot-check records, receipts of notices): the scorer sees only this generic shape, so a new source of
 * events is a new query, never a change here.
 */
export interface AssessmentEvent {
  /** the event's id where it was recorded, so each deduction points at it */
  id: string;
  agencyId: string;
  kind: EventRule | VetoKind;
  at: string;
  subject: EventSubject;
}

/** The ledger as the rate's part counts it: items found and items closed (销号). */
export interface LedgerCount {
  found: number;
  rectified: number;
}

/** A bureau's adjustment: a bonus for an honour (capped), a correction, or the points of an accepted objection. */
export interface Adjustment {
  id: string;
  kind: 'bonus' | 'correction' | 'objection';
  points: number;
  reason: string;
  at: string;
  fileId?: string | null;
}

export interface Deduction {
  rule: DeductionRule | VetoKind;
  category: Category | 'veto';
  /** the points taken off after the category's cap: less than `nominal` once the category is spent */
  points: number;
  nominal: number;
  at: string;
  eventId?: string;
  subject?: EventSubject;
}

export interface AgencyScore {
  score: number;
  grade: Grade;
  vetoed: boolean;
  deductions: Deduction[];
  /** the bonuses as counted (their sum capped), corrections and accepted objections */
  bonusCounted: number;
  adjustmentsCounted: number;
  rate: number | null;
}

/** Half points are the finest grain: sums are kept in tenths so 0.5 + 0.5 never drifts. */
const tenths = (n: number) => Math.round(n * 10);
const fromTenths = (n: number) => n / 10;

/** The rate in percent, or null when the agency has no item (then it costs nothing). */
export const rectificationRate = ({ found, rectified }: LedgerCount): number | null =>
  found === 0 ? null : (rectified * 100) / found;

/**
 * What the rate costs: below the threshold, `pointsPerTen` for every 10 percentage points or part of them
 * (rate 85 % under 90 → 1; 75 % → 2); nothing at or above it, nothing without items.
 */
export function rateCost(rubric: Rubric, ledger: LedgerCount): number {
  const rate = rectificationRate(ledger);
  if (rate === null) return 0;
  const short = rubric.rectificationRate.threshold - rate;
  if (short <= 0) return 0;
  return Math.ceil(short / 10 - 1e-9) * rubric.rectificationRate.pointsPerTen;
}

export function gradeOf(rubric: Rubric, score: number, vetoed: boolean): Grade {
  if (vetoed) return '不合格';
  if (score >= rubric.grades.excellent) return '优秀';
  if (score >= rubric.grades.good) return '良好';
  if (score >= rubric.grades.pass) return '合格';
  return '不合格';
}

/**
 * One agency's score under a rubric, from its events, its ledger and the bureau's adjustments — pure, so a score is
 * the same wherever and whenever it is computed from the same facts. Events are taken in time order; within each
 * category the points stop at its weight (扣完为止), and the events past it are still listed, at 0.
 */
export function scoreAgency(
  rubric: Rubric,
  events: readonly AssessmentEvent[],
  ledger: LedgerCount,
  adjustments: readonly Adjustment[],
  /** when the score is taken: the time of the rate's part */
  asOf: string,
): AgencyScore {
  const left = Object.fromEntries(CATEGORY_KEYS.map((c) => [c, tenths(rubric.categoryWeights[c])])) as Record<
    Category,
    number
  >;
  const deductions: Deduction[] = [];
  let vetoed = false;
  const take = (rule: DeductionRule, nominal: number, at: string, event?: AssessmentEvent) => {
    const category = DEDUCTION_RULES[rule].category;
    const points = Math.min(tenths(nominal), left[category]);
    left[category] -= points;
    deductions.push({
      rule,
      category,
      points: fromTenths(points),
      nominal,
      at,
      ...(event ? { eventId: event.id, subject: event.subject } : {}),
    });
  };
  const ordered = [...events].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  for (const e of ordered) {
    if (e.kind in DEDUCTION_RULES) {
      take(e.kind as EventRule, rubric.deductions[e.kind as EventRule], e.at, e);
    } else if (rubric.veto.includes(e.kind as VetoKind)) {
      vetoed = true;
      deductions.push({
        rule: e.kind,
        category: 'veto',
        points: 0,
        nominal: 0,
        at: e.at,
        eventId: e.id,
        subject: e.subject,
      });
    }
  }
  const cost = rateCost(rubric, ledger);
  if (cost > 0) take('rectification_rate', cost, asOf);

  const bonus = Math.min(
    adjustments.filter((a) => a.kind === 'bonus').reduce((s, a) => s + tenths(a.points), 0),
    tenths(rubric.bonuses.cap),
  );
  const others = adjustments.filter((a) => a.kind !== 'bonus').reduce((s, a) => s + tenths(a.points), 0);
  const taken = deductions.reduce((s, d) => s + tenths(d.points), 0);
  const score = fromTenths(tenths(rubric.start) - taken + bonus + others);
  return {
    score,
    grade: gradeOf(rubric, score, vetoed),
    vetoed,
    deductions,
    bonusCounted: fromTenths(bonus),
    adjustmentsCounted: fromTenths(others),
    rate: rectificationRate(ledger),
  };
}

/**
 * Ranks within one level (市直 departments; one county's agencies): by score, highest first; equal scores share a
 * rank and the next rank skips (1, 1, 3), as a 评分表 ranks.
 */
export function rankWithin<T extends { score: number }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  return sorted.map((r) => ({ ...r, rank: sorted.findIndex((o) => o.score === r.score) + 1 }));
}
