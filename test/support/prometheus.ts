/**
 * Reads a Prometheus text exposition: the value of the one sample of `name` whose labels include `labels`, or null
 * when there is none. Two matching samples are an error: the test asked too loosely.
 */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | null {
  const found: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) found.push(Number(m[3]));
  }
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0] ?? null;
}
