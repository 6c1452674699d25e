import { z } from 'zod';
import { isIsoDuration } from '../policy/durations';

/**
 * The assessment rubric (评议考核细则, SPEC §17) as campaign data: what each kind of recorded event costs, how much a
 * category may cost at most, the rectification rate's part, the bonuses, the veto and the grade bands.
 *
 * "Each category capped at its weight": a category's weight is the share of the 100 points it is worth, as a
 * published 细则 gives each 考核项目 its 分值 and deducts "扣完为止" — a category never costs more than it is worth.
 * The default weights add up to the 100 the score starts from, so deductions alone never take a score below 0.
 */

/** The kinds of recorded event that cost points, and the category each belongs to (one table, labels in Chinese). */
export const DEDUCTION_RULES = {
  deliverable_late: { category: 'deliverables', zh: '材料逾期报送', en: 'deliverable late' },
  deliverable_missing: { category: 'deliverables', zh: '截至收官未报送材料', en: 'deliverable missing at the close' },
  supervision_notice: { category: 'supervision', zh: '督办通知', en: 'supervision notice' },
  listed_supervision: { category: 'supervision', zh: '挂牌督办', en: 'listed supervision' },
  discipline_referral: { category: 'referrals', zh: '移交纪委监委', en: 'referred to the discipline commission' },
  item_overdue: { category: 'rectification', zh: '问题整改逾期', en: 'item overdue' },
  rectification_rate: { category: 'rectification', zh: '整改率低于标准', en: 'rectification rate below the line' },
  complaint_substantiated: { category: 'complaints', zh: '举报查实', en: 'substantiated complaint' },
  spot_check_finding: {
    category: 'spot_checks',
    zh: '抽查发现遗漏或不实',
    en: 'spot-check: omission or false statement',
  },
  notice_unsigned: { category: 'receipts', zh: '文书未按时签收', en: 'notice not signed for in time' },
} as const;
export type DeductionRule = keyof typeof DEDUCTION_RULES;
/** The rules an event of its own triggers (the rate's part is computed from the ledger, not from one event). */
export type EventRule = Exclude<DeductionRule, 'rectification_rate'>;
export const EVENT_RULES = (Object.keys(DEDUCTION_RULES) as DeductionRule[]).filter(
  (r): r is EventRule => r !== 'rectification_rate',
);

export const CATEGORIES = {
  deliverables: { zh: '材料报送', en: 'deliverables' },
  supervision: { zh: '督办', en: 'supervision' },
  referrals: { zh: '移交问责', en: 'referrals' },
  rectification: { zh: '问题整改', en: 'rectification' },
  complaints: { zh: '群众举报', en: 'complaints' },
  spot_checks: { zh: '抽查检查', en: 'spot checks' },
  receipts: { zh: '文书签收', en: 'receipts' },
} as const;
export type Category = keyof typeof CATEGORIES;
export const CATEGORY_KEYS = Object.keys(CATEGORIES) as Category[];

/** Honours a bonus is given for (国家级、自治区级、市级表彰). */
export const HONOURS = {
  national: { zh: '国家级表彰', en: 'national honour' },
  provincial: { zh: '省（自治区）级表彰', en: 'provincial honour' },
  municipal: { zh: '市级表彰', en: 'municipal honour' },
} as const;
export type Honour = keyof typeof HONOURS;
export const HONOUR_KEYS = Object.keys(HONOURS) as Honour[];

/** Events that make the grade 不合格 whatever the score (一票否决). */
export const VETO_KINDS = {
  disciplinary_finding: { zh: '移交线索经查实受到党纪政务处分', en: 'a referral led to a disciplinary finding' },
} as const;
export type VetoKind = keyof typeof VETO_KINDS;

export const GRADES = ['优秀', '良好', '合格', '不合格'] as const;
export type Grade = (typeof GRADES)[number];

const WindowDuration = z.string().max(40).refine(isIsoDuration, '须为 ISO 8601 时长，如 P5D');

/** Points are whole or half points (0.5 is the smallest bonus). */
const Points = z
  .number()
  .min(0)
  .max(100)
  .refine((n) => Number.isInteger(n * 2), '分值须为 0.5 的整数倍');

export const RubricSchema = z
  .strictObject({
    start: z.number().min(0).max(1000),
    deductions: z.strictObject(
      Object.fromEntries(EVENT_RULES.map((r) => [r, Points])) as Record<EventRule, typeof Points>,
    ),
    categoryWeights: z.strictObject(
      Object.fromEntries(CATEGORY_KEYS.map((c) => [c, Points])) as Record<Category, typeof Points>,
    ),
    rectificationRate: z.strictObject({
      /** the rate (percent) below which points are lost */
      threshold: z.number().min(0).max(100),
      /** points lost per 10 percentage points (or part of them) below the threshold */
      pointsPerTen: Points,
    }),
    bonuses: z.strictObject({
      ...(Object.fromEntries(HONOUR_KEYS.map((h) => [h, Points])) as Record<Honour, typeof Points>),
      cap: Points,
    }),
    veto: z.array(z.enum(Object.keys(VETO_KINDS) as [VetoKind, ...VetoKind[]])).max(10),
    /** the lower bounds of 优秀, 良好 and 合格; below the last is 不合格 */
    grades: z.strictObject({ excellent: Points, good: Points, pass: Points }),
    /** how long agencies may object to the draft, counted in the campaign's working days */
    objectionWindow: WindowDuration,
  })
  .refine((r) => r.grades.excellent > r.grades.good && r.grades.good > r.grades.pass, {
    message: '等次分数线须依次降低：优秀 > 良好 > 合格',
    path: ['grades'],
  })
  .meta({ id: 'AssessmentRubric' });
export type Rubric = z.infer<typeof RubricSchema>;

/** SPEC §17's default rubric. */
export const DEFAULT_RUBRIC: Rubric = {
  start: 100,
  deductions: {
    deliverable_late: 2,
    deliverable_missing: 5,
    supervision_notice: 3,
    listed_supervision: 6,
    discipline_referral: 10,
    item_overdue: 1,
    complaint_substantiated: 2,
    spot_check_finding: 5,
    notice_unsigned: 1,
  },
  categoryWeights: {
    deliverables: 20,
    supervision: 20,
    referrals: 20,
    rectification: 15,
    complaints: 10,
    spot_checks: 10,
    receipts: 5,
  },
  rectificationRate: { threshold: 90, pointsPerTen: 1 },
  bonuses: { national: 2, provincial: 1, municipal: 0.5, cap: 5 },
  veto: ['disciplinary_finding'],
  grades: { excellent: 90, good: 80, pass: 70 },
  objectionWindow: 'P5D',
};

/** The rubric a campaign's settings carry; campaigns created before rubrics existed assess under the default. */
export const rubricOf = (settings: { assessment?: Rubric }): Rubric => settings.assessment ?? DEFAULT_RUBRIC;
