import type { Calendar } from './campaign';
import type { PhaseKey } from './template';

// The campaign calendar's phase arithmetic, apart from the zod schemas of ./campaign: workflows import it, and every
// module a workflow imports is instantiated again for each workflow the worker keeps in memory (docs/BENCHMARKS.md).

/**
 * The phase in force at an instant: the first phase whose window holds it (deployment and self-inspection overlap in
 * early June), else the last phase that has started; "closed" once the campaign has closed.
 */
export type CampaignPhase = 'not_started' | PhaseKey | 'closed';
export function phaseAt(cal: Calendar, atMs: number): CampaignPhase {
  if (atMs >= Date.parse(cal.closesAt)) return 'closed';
  const started = cal.phases.filter((p) => Date.parse(p.startsAt) <= atMs);
  const open = started.find((p) => atMs < Date.parse(p.endsAt));
  return (open ?? started[started.length - 1])?.key ?? 'not_started';
}

/** The instants at which the phase may change, in order. */
export function phaseBoundaries(cal: Calendar): number[] {
  const all = cal.phases
    .flatMap((p) => [Date.parse(p.startsAt), Date.parse(p.endsAt)])
    .concat(Date.parse(cal.closesAt));
  return [...new Set(all)].sort((a, b) => a - b);
}

export function phaseWindow(cal: Calendar, key: PhaseKey) {
  return cal.phases.find((p) => p.key === key)!;
}
