/**
 * Spot-check sampling (抽查, SPEC §5): every agency that must be checked — one with overdue or listed ledger items or
 * deliverables — plus a random share of the others, chosen reproducibly from a seed.
 *
 * Pure and portable: the seed is hashed and the generator run with 32-bit integer arithmetic only (Math.imul, >>>),
 * over the agency ids sorted by UTF-16 code units, so the same inputs give the same sample on every machine, Node
 * version and run. Nothing here depends on the order the ids were given in.
 */

export const DEFAULT_SAMPLE_SHARE = 0.2;

/** Why an agency is in the sample. */
export type SampleReason = 'overdue' | 'listed' | 'random';
/** Why an agency is in the sample, as the printed record sheet says it. */
export const SAMPLE_REASON_ZH: Record<SampleReason, string> = {
  overdue: '存在逾期事项',
  listed: '存在挂牌督办事项',
  random: '随机抽取',
};

/** Why an agency must be sampled; an agency both overdue and listed is sampled as overdue. */
export type MustReason = Exclude<SampleReason, 'random'>;

export interface SampleInput {
  agencyIds: readonly string[];
  /** Agencies that must be sampled, with the reason; ids not among agencyIds are ignored. */
  must: ReadonlyMap<string, MustReason> | Readonly<Record<string, MustReason>>;
  /** Share of the other agencies drawn at random, 0 … 1. */
  share?: number;
  seed: string;
}

export interface SampledAgency {
  agencyId: string;
  reason: SampleReason;
}

/** Code-unit order, the same everywhere (unlike localeCompare). */
export const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * How many of `others` agencies a share draws: ceil(share × others). A product within 1e-9 of a whole number is taken
 * as that number, so floating-point noise (0.07 × 100 = 7.000000000000001) does not draw one agency too many.
 */
export function randomCount(share: number, others: number): number {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`the share must lie between 0 and 1, not ${share}`);
  if (!Number.isInteger(others) || others < 0)
    throw new RangeError(`the number of agencies must be a whole number, not ${others}`);
  const exact = share * others;
  const nearest = Math.round(exact);
  return Math.min(others, Math.abs(exact - nearest) < 1e-9 ? nearest : Math.ceil(exact));
}

/** cyrb128: a string to four 32-bit words, the state of the generator below. */
function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32: a small, well-tested 32-bit generator; returns unsigned 32-bit integers. */
export function seededGenerator(seed: string): () => number {
  let [a, b, c, d] = hashSeed(seed);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs, as sfc32's authors advise, so similar seeds diverge.
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** An unbiased integer in [0, n) by rejection sampling: identical on every machine. */
function below(next: () => number, n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

/**
 * The sample: every must-one with its reason, plus randomCount(share, others) of the others, drawn by a partial
 * Fisher–Yates shuffle of the others sorted by id. The result is sorted by agency id.
 */
export function sampleAgencies(input: SampleInput): SampledAgency[] {
  const share = input.share ?? DEFAULT_SAMPLE_SHARE;
  const ids = [...new Set(input.agencyIds)].sort(byCodeUnit);
  const must = input.must instanceof Map ? input.must : new Map(Object.entries(input.must));
  const chosen: SampledAgency[] = [];
  const others: string[] = [];
  for (const id of ids) {
    const reason = must.get(id);
    if (reason) chosen.push({ agencyId: id, reason });
    else others.push(id);
  }
  const k = randomCount(share, others.length);
  const next = seededGenerator(input.seed);
  for (let i = 0; i < k; i++) {
    const j = i + below(next, others.length - i);
    [others[i], others[j]] = [others[j], others[i]];
    chosen.push({ agencyId: others[i], reason: 'random' });
  }
  return chosen.sort((a, b) => byCodeUnit(a.agencyId, b.agencyId));
}
