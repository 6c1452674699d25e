import { DEFAULT_RUBRIC, RubricSchema, type Rubric } from '../../domain/assessment/rubric';
import { rankWithin, rateCost, scoreAgency, type AssessmentEvent } from '../../domain/assessment/score';

// Expected values are hand computations under SPEC §17's rubric (start 100; late −2, missing −5, notice −3,
// listed −6, referral −10, item overdue −1, complaint −2, spot-check finding −5, unsigned notice −1; bonuses
// +2/+1/+0.5 capped at +5; 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 70) and the category weights docs/ASSESSMENT.md gives
// (deliverables 20, supervision 20, referrals 20, rectification 15, complaints 10, spot checks 10, receipts 5).
const AS_OF = '2027-11-30T15:59:59.000Z';
const ev = (id: string, kind: AssessmentEvent['kind'], at: string, subject = { kind: 'deliverable', id: 'D4' }) => ({
  id,
  agencyId: 'a',
  kind,
  at,
  subject,
});
const none = { found: 0, rectified: 0 };

describe('scoreAgency under the default rubric', () => {
  it('accepts the default rubric as valid campaign data', () => {
    expect(RubricSchema.parse(DEFAULT_RUBRIC)).toEqual(DEFAULT_RUBRIC);
  });

  it('an agency with nothing against it keeps 100 and is 优秀', () => {
    const s = scoreAgency(DEFAULT_RUBRIC, [], none, [], AS_OF);
    expect(s).toMatchObject({ score: 100, grade: '优秀', deductions: [] });
  });

  it('a late deliverable after one supervision notice, each deduction naming its event', () => {
    const events = [
      ev('e-17', 'supervision_notice', '2027-10-03T01:00:00.000Z'),
      ev('submission/D4', 'deliverable_late', '2027-10-05T02:00:00.000Z'),
    ];
    const s = scoreAgency(DEFAULT_RUBRIC, events, none, [], AS_OF);
    // 100 − 3 (督办通知) − 2 (逾期报送) = 95 → 优秀
    expect(s.score).toBe(95);
    expect(s.grade).toBe('优秀');
    expect(s.deductions).toEqual([
      {
        rule: 'supervision_notice',
        category: 'supervision',
        points: 3,
        nominal: 3,
        at: '2027-10-03T01:00:00.000Z',
        eventId: 'e-17',
        subject: { kind: 'deliverable', id: 'D4' },
      },
      {
        rule: 'deliverable_late',
        category: 'deliverables',
        points: 2,
        nominal: 2,
        at: '2027-10-05T02:00:00.000Z',
        eventId: 'submission/D4',
        subject: { kind: 'deliverable', id: 'D4' },
      },
    ]);
  });

  it('bonuses add up to their cap; corrections are not capped', () => {
    const bonus = (id: string, points: number) => ({ id, kind: 'bonus' as const, points, reason: '表彰', at: AS_OF });
    const listed = [ev('e-1', 'listed_supervision', '2027-10-01T00:00:00.000Z')];
    // 100 − 6 (挂牌督办) + min(2 + 2 + 1 + 0.5 = 5.5, 5) = 99
    expect(
      scoreAgency(
        DEFAULT_RUBRIC,
        listed,
        none,
        [bonus('b1', 2), bonus('b2', 2), bonus('b3', 1), bonus('b4', 0.5)],
        AS_OF,
      ).score,
    ).toBe(99);
    // 100 − 6 + 0.5 (市级表彰) + 3 (correction) = 97.5
    const s = scoreAgency(
      DEFAULT_RUBRIC,
      listed,
      none,
      [bonus('b1', 0.5), { id: 'c1', kind: 'correction', points: 3, reason: '更正', at: AS_OF }],
      AS_OF,
    );
    expect(s.score).toBe(97.5);
  });

  it('a category stops at its weight (扣完为止) and still lists every event', () => {
    // supervision weighs 20: notices 3 + listed 6 + listed 6 + listed 6 = 21 → only 20 taken, the last listed at 5
    const events = [
      ev('n1', 'supervision_notice', '2027-07-01T00:00:00.000Z'),
      ev('l1', 'listed_supervision', '2027-07-02T00:00:00.000Z'),
      ev('l2', 'listed_supervision', '2027-07-03T00:00:00.000Z'),
      ev('l3', 'listed_supervision', '2027-07-04T00:00:00.000Z'),
      ev('l4', 'listed_supervision', '2027-07-05T00:00:00.000Z'),
    ];
    const s = scoreAgency(DEFAULT_RUBRIC, events, none, [], AS_OF);
    expect(s.deductions.map((d) => d.points)).toEqual([3, 6, 6, 5, 0]);
    // 100 − 20 = 80 → 良好
    expect(s).toMatchObject({ score: 80, grade: '良好' });
  });

  it('the rectification rate costs 1 per 10 points (or part) below 90 %, nothing without items', () => {
    // 9 of 10 closed: 90 % → 0; 17 of 20: 85 % → 5 short → 1; 3 of 4: 75 % → 15 short → 2; 0 of 3: 0 % → 90 → 9
    expect(rateCost(DEFAULT_RUBRIC, { found: 10, rectified: 9 })).toBe(0);
    expect(rateCost(DEFAULT_RUBRIC, { found: 20, rectified: 17 })).toBe(1);
    expect(rateCost(DEFAULT_RUBRIC, { found: 4, rectified: 3 })).toBe(2);
    expect(rateCost(DEFAULT_RUBRIC, { found: 3, rectified: 0 })).toBe(9);
    expect(rateCost(DEFAULT_RUBRIC, none)).toBe(0);
    // an item overdue (−1) and 3 of 4 closed (−2): 100 − 1 − 2 = 97
    const s = scoreAgency(
      DEFAULT_RUBRIC,
      [ev('o1', 'item_overdue', '2027-08-01T00:00:00.000Z', { kind: 'item', id: 'i-1' })],
      { found: 4, rectified: 3 },
      [],
      AS_OF,
    );
    expect(s.score).toBe(97);
    expect(s.deductions.at(-1)).toMatchObject({ rule: 'rectification_rate', points: 2, at: AS_OF });
  });

  it('grade bands: 90 优秀, 89.5 良好, 80 良好, 79.5 合格, 70 合格, 69.5 不合格', () => {
    const at = (score: number) => {
      const correction = { id: 'c', kind: 'correction' as const, points: score - 100, reason: '更正', at: AS_OF };
      return scoreAgency(DEFAULT_RUBRIC, [], none, [correction], AS_OF).grade;
    };
    expect([90, 89.5, 80, 79.5, 70, 69.5].map(at)).toEqual(['优秀', '良好', '良好', '合格', '合格', '不合格']);
  });

  it('a veto makes the grade 不合格 whatever the score', () => {
    const s = scoreAgency(
      DEFAULT_RUBRIC,
      [ev('r-1', 'disciplinary_finding', '2027-09-01T00:00:00.000Z', { kind: 'referral', id: 'ref-1' })],
      none,
      [],
      AS_OF,
    );
    expect(s).toMatchObject({ score: 100, grade: '不合格', vetoed: true });
    expect(s.deductions[0]).toMatchObject({ rule: 'disciplinary_finding', eventId: 'r-1' });
  });

  it('a rubric changed by the bureau prices events its way; unsigned notices count in their own category', () => {
    const rubric: Rubric = { ...DEFAULT_RUBRIC, deductions: { ...DEFAULT_RUBRIC.deductions, notice_unsigned: 2 } };
    const events = [1, 2, 3].map((n) =>
      ev(`r${n}`, 'notice_unsigned', `2027-07-0${n}T00:00:00.000Z`, { kind: 'notice', id: `n${n}` }),
    );
    // receipts weigh 5: 2 + 2 + 1 (capped) = 5 → 95
    expect(scoreAgency(rubric, events, none, [], AS_OF).score).toBe(95);
  });

  it('refuses grade lines out of order', () => {
    const bad = { ...DEFAULT_RUBRIC, grades: { excellent: 80, good: 90, pass: 70 } };
    expect(RubricSchema.safeParse(bad).success).toBe(false);
  });
});

describe('rankWithin', () => {
  it('ranks by score, equal scores sharing a rank (1, 1, 3)', () => {
    const ranked = rankWithin([
      { id: 'a', score: 95 },
      { id: 'b', score: 100 },
      { id: 'c', score: 95 },
      { id: 'd', score: 80 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });
});
