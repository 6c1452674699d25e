import fc from 'fast-check';
import {
  DEFAULT_SAMPLE_SHARE,
  randomCount,
  sampleAgencies,
  seededGenerator,
  type MustReason,
} from '../../domain/policy/sampling';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `agency-${String(i + 1).padStart(3, '0')}`);

/** Distinct agency ids and a subset that must be sampled, each with a reason. */
const population = fc
  .uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,12}$/), { minLength: 0, maxLength: 60 })
  .chain((agencyIds) =>
    fc.record({
      agencyIds: fc.constant(agencyIds),
      must: fc
        .subarray(agencyIds)
        .chain((m) =>
          fc
            .tuple(...m.map((id) => fc.tuple(fc.constant(id), fc.constantFrom<MustReason>('overdue', 'listed'))))
            .map((pairs) => new Map(pairs)),
        ),
    }),
  );
/** Shares as whole per-mille, so the expected count can be computed in integers: ceil(p × n / 1000). */
const perMille = fc.integer({ min: 0, max: 1000 });

describe('spot-check sampling', () => {
  test('the default share is 20%, and the sample is every must-one plus ceil(share × others) drawn at random', () => {
    expect(DEFAULT_SAMPLE_SHARE).toBe(0.2);
    const sample = sampleAgencies({
      agencyIds: ids(20),
      must: { 'agency-003': 'overdue', 'agency-010': 'listed' },
      seed: 'zhongwei-2020',
    });
    expect(sample.filter((s) => s.reason !== 'random')).toEqual([
      { agencyId: 'agency-003', reason: 'overdue' },
      { agencyId: 'agency-010', reason: 'listed' },
    ]);
    expect(sample.filter((s) => s.reason === 'random')).toHaveLength(4); // ceil(0.2 × 18) = 4
  });

  test('the same seed gives the same sample on every machine: a pinned result', () => {
    // If this changes, samples recorded in earlier campaigns can no longer be reproduced from their seeds.
    const sample = sampleAgencies({
      agencyIds: ids(20),
      must: { 'agency-003': 'overdue', 'agency-010': 'listed' },
      seed: 'zhongwei-2020',
    });
    expect(sample).toEqual([
      { agencyId: 'agency-003', reason: 'overdue' },
      { agencyId: 'agency-008', reason: 'random' },
      { agencyId: 'agency-010', reason: 'listed' },
      { agencyId: 'agency-011', reason: 'random' },
      { agencyId: 'agency-012', reason: 'random' },
      { agencyId: 'agency-015', reason: 'random' },
    ]);
    const next = seededGenerator('abc');
    expect([next(), next(), next()]).toEqual([3135866217, 1265128672, 4157716740]);
  });

  test('the order the ids arrive in does not matter; duplicates and must-ones outside the list are ignored', () => {
    const forward = sampleAgencies({ agencyIds: ids(30), must: {}, share: 0.3, seed: 's' });
    const backward = sampleAgencies({
      agencyIds: [...ids(30)].reverse().concat(ids(5)),
      must: { 'not-an-agency': 'listed' },
      share: 0.3,
      seed: 's',
    });
    expect(backward).toEqual(forward);
    expect(forward).toHaveLength(9);
  });

  test('edge cases: no agencies, share 0 and share 1', () => {
    expect(sampleAgencies({ agencyIds: [], must: {}, seed: 'x' })).toEqual([]);
    expect(sampleAgencies({ agencyIds: ids(5), must: { 'agency-002': 'listed' }, share: 0, seed: 'x' })).toEqual([
      { agencyId: 'agency-002', reason: 'listed' },
    ]);
    expect(sampleAgencies({ agencyIds: ids(5), must: {}, share: 1, seed: 'x' }).map((s) => s.agencyId)).toEqual(ids(5));
  });

  test('the count ignores floating-point noise and refuses shares outside 0 … 1', () => {
    expect(0.07 * 100).toBeGreaterThan(7); // 7.000000000000001
    expect(randomCount(0.07, 100)).toBe(7);
    expect(randomCount(0.14, 100)).toBe(14);
    expect(randomCount(0.2, 18)).toBe(4);
    expect(randomCount(0.01, 1)).toBe(1);
    expect(randomCount(0.5, 0)).toBe(0);
    expect(() => randomCount(1.5, 3)).toThrow(RangeError);
    expect(() => randomCount(Number.NaN, 3)).toThrow(RangeError);
  });

  test('property: the same seed gives the same sample', () => {
    fc.assert(
      fc.property(population, perMille, fc.string(), ({ agencyIds, must }, p, seed) => {
        const a = sampleAgencies({ agencyIds, must, share: p / 1000, seed });
        const shuffled = [...agencyIds].reverse();
        const b = sampleAgencies({ agencyIds: shuffled, must: new Map(must), share: p / 1000, seed });
        expect(b).toEqual(a);
      }),
    );
  });

  test('property: every must-one is in the sample with its reason; the rest are random draws from the others', () => {
    fc.assert(
      fc.property(population, perMille, fc.string(), ({ agencyIds, must }, p, seed) => {
        const sample = sampleAgencies({ agencyIds, must, share: p / 1000, seed });
        const byId = new Map(sample.map((s) => [s.agencyId, s.reason]));
        expect(byId.size).toBe(sample.length); // no agency twice
        for (const [id, reason] of must) expect(byId.get(id)).toBe(reason);
        for (const s of sample) {
          expect(agencyIds).toContain(s.agencyId);
          if (s.reason === 'random') expect(must.has(s.agencyId)).toBe(false);
        }
        const sorted = sample.map((s) => s.agencyId);
        expect(sorted).toEqual([...sorted].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      }),
    );
  });

  test('property: the size is must + ceil(share × others)', () => {
    fc.assert(
      fc.property(population, perMille, fc.string(), ({ agencyIds, must }, p, seed) => {
        const others = agencyIds.length - must.size;
        const expected = must.size + Math.floor((p * others + 999) / 1000);
        expect(sampleAgencies({ agencyIds, must, share: p / 1000, seed })).toHaveLength(expected);
      }),
    );
  });

  test('property: different seeds usually give different samples', () => {
    // 40 agencies, 8 drawn: C(40, 8) ≈ 7.7e7 samples, so two seeds agree by chance about once in 10^7.
    const agencyIds = ids(40);
    let same = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (s1, s2) => {
        fc.pre(s1 !== s2);
        runs += 1;
        const a = sampleAgencies({ agencyIds, must: {}, seed: s1 });
        const b = sampleAgencies({ agencyIds, must: {}, seed: s2 });
        if (JSON.stringify(a) === JSON.stringify(b)) same += 1;
      }),
      { numRuns: 300 },
    );
    expect(same).toBeLessThanOrEqual(Math.ceil(runs * 0.01));
  });

  test('property: every agency is drawn about as often as any other (no bias toward the start of the id order)', () => {
    const agencyIds = ids(10);
    const counts = new Map(agencyIds.map((id) => [id, 0]));
    for (let i = 0; i < 5000; i++) {
      for (const s of sampleAgencies({ agencyIds, must: {}, share: 0.2, seed: `seed-${i}` }))
        counts.set(s.agencyId, counts.get(s.agencyId)! + 1);
    }
    // each agency is expected 1000 times (5000 × 2 / 10); ±15% is far outside chance for a fair draw
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });
});
