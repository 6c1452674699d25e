/**
 * A document title broken into lines as GB/T 9704-2012 §7.3.1 asks: "回行时，要做到词意完整，排列对称，长短适宜，间距恰当",
 * a trapezoid or diamond. A title breaks only where a phrase ends — after 关于/关于对, before 关于 (after the issuer),
 * after 、，, before 的 (so "的督办通知" stays whole), before a verb phrase or 等…, after an organisation's name, around
 * 《…》 — never inside a word ("督办 / 通知", "监督 / 管理局"). Among the breaks that fit the fewest lines wins the one whose
 * lines are most even; on a tie the lower line is the longer (正梯形). Only a title with no phrase boundary that fits is
 * cut by length.
 */

/** Phrases a line may start with (a break goes before them), and their cost: 0 is a natural break */
const STARTS: [string, number][] = [
  ['关于', 0],
  ['的', 1],
  ['等', 1],
  ['《', 1],
  ...[
    '予以',
    '未按期',
    '未按时',
    '逾期',
    '督促',
    '报送',
    '落实',
    '解除',
    '移送',
    '退回',
    '公布',
    '开展',
    '加强',
    '进一步',
    '做好',
    '印发',
  ].map((w): [string, number] => [w, 1]),
];

/** Phrases a line may end with (a break goes after them) */
const ENDS: [string, number][] = [
  ['关于对', 0],
  ['、', 0],
  ['，', 0],
  ['》', 1],
  ...['管理局', '委员会', '人民政府', '办公室', '中心', '局', '厅'].map((w): [string, number] => [w, 1]),
  // a place name before the agency's: 中卫市沙坡头区 / 市场监督管理局
  ...['区', '县', '市'].map((w): [string, number] => [w, 2]),
];

/** Characters that continue a word after a one-character suffix (局长, 市场, 县委, 区域 …): no break there */
const CONTINUES = '长员会属级内外场委政直辖域民';

/** break positions (index of the first character of the next line) with their cost */
function breakPoints(chars: string[]): Map<number, number> {
  const text = chars.join('');
  const points = new Map<number, number>();
  const add = (at: number, cost: number) => {
    if (at <= 0 || at >= chars.length) return;
    points.set(at, Math.min(cost, points.get(at) ?? cost));
  };
  for (let i = 0; i < chars.length; i++) {
    const rest = text.slice(i);
    for (const [w, cost] of STARTS) if (rest.startsWith(w)) add(i, cost);
    for (const [w, cost] of ENDS)
      if (rest.startsWith(w) && !(w.length === 1 && w !== '、' && w !== '，' && CONTINUES.includes(chars[i + 1] ?? '')))
        add(i + w.length, cost);
    // 关于 ends a line too, unless 对 follows (关于对 is the phrase then)
    if (rest.startsWith('关于') && chars[i + 2] !== '对') add(i + 2, 0);
  }
  // never between the phrase's head and its last word: 的督办通知, 的通知书, 的函 stay whole
  const tail = text.lastIndexOf('的');
  for (const at of [...points.keys()]) if (tail >= 0 && at > tail) points.delete(at);
  return points;
}

interface Choice {
  breaks: number[];
  cost: number;
}

export function breakTitle(title: string, maxChars: number): string[] {
  const chars = [...title];
  if (chars.length <= maxChars) return [title];
  const points = breakPoints(chars);
  const candidates = [...points.keys()].sort((a, b) => a - b);
  let best: { lines: number; spread: number; cost: number; trapezoid: boolean; breaks: number[] } | null = null;
  const consider = (c: Choice) => {
    const bounds = [0, ...c.breaks, chars.length];
    const lengths = bounds.slice(1).map((b, i) => b - bounds[i]);
    const score = {
      lines: lengths.length,
      spread: Math.max(...lengths) - Math.min(...lengths),
      cost: c.cost,
      trapezoid: lengths[lengths.length - 1] >= lengths[0],
      breaks: c.breaks,
    };
    const better =
      !best ||
      score.lines < best.lines ||
      (score.lines === best.lines &&
        (score.spread * 2 + score.cost < best.spread * 2 + best.cost ||
          (score.spread * 2 + score.cost === best.spread * 2 + best.cost && score.trapezoid && !best.trapezoid)));
    if (better) best = score;
  };
  const search = (from: number, c: Choice) => {
    if (chars.length - from <= maxChars) consider(c);
    for (const at of candidates)
      if (at > from && at - from <= maxChars) search(at, { breaks: [...c.breaks, at], cost: c.cost + points.get(at)! });
  };
  search(0, { breaks: [], cost: 0 });
  const breaks = best ? (best as { breaks: number[] }).breaks : byLength(chars.length, maxChars);
  const bounds = [0, ...breaks, chars.length];
  return bounds.slice(1).map((b, i) => chars.slice(bounds[i], b).join(''));
}

/** even lines when no phrase boundary fits */
function byLength(length: number, maxChars: number): number[] {
  const lines = Math.ceil(length / maxChars);
  const per = Math.ceil(length / lines);
  return Array.from({ length: lines - 1 }, (_, i) => (i + 1) * per);
}
