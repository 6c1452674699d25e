import type { Policy } from '../campaign';
import { stepKindOf } from '../stepKinds';
import { shiftInstant, type DayCalendar } from './durations';

/** One step of a deadline's ladder: a reminder before it (提醒) or an escalation after it (督办). */
export interface ScheduleStep {
  type: 'reminder' | 'escalation';
  /** The reminder's offset (e.g. "P3D") or the escalation action (e.g. "supervision_notice"). */
  step: string;
  atMs: number;
}

export function dayCalendar(policy: Policy, timeZone: string): DayCalendar {
  return { timeZone, dayKind: policy.dayKind, holidays: policy.holidays, workdays: policy.workdays };
}

/**
 * The ordered reminder and escalation instants of one deadline. Reminders that would fall before the schedule was
 * armed (the campaign start, or the moment an item was created or its deadline moved) are left out: nobody can be
 * reminded of a deadline before it exists. Escalations are always kept: a deadline set in the past is still missed.
 */
export function deadlineSchedule(dueMs: number, armedMs: number, policy: Policy, timeZone: string): ScheduleStep[] {
  const cal = dayCalendar(policy, timeZone);
  const reminders: ScheduleStep[] = policy.reminders
    .map((offset) => ({ type: 'reminder' as const, step: offset, atMs: shiftInstant(dueMs, offset, -1, cal) }))
    .filter((s) => s.atMs >= armedMs && s.atMs < dueMs);
  const escalations: ScheduleStep[] = policy.escalation.map((e) => ({
    type: 'escalation' as const,
    step: e.action,
    atMs: shiftInstant(dueMs, e.after, 1, cal),
  }));
  // Stable sort: equal instants keep reminders first, then the escalation ladder's own order.
  return dedupeSteps([...reminders, ...escalations]).sort((a, b) => a.atMs - b.atMs);
}

/** Two offsets may name the same step (a policy listing "P3D" twice): it is still taken once. */
function dedupeSteps(steps: ScheduleStep[]): ScheduleStep[] {
  const seen = new Set<string>();
  return steps.filter((s) => !seen.has(s.step) && seen.add(s.step));
}

/** SPEC §8's traffic light of one deadline. */
export type Light = 'green' | 'yellow' | 'orange' | 'red';
export const LIGHT_ORDER: readonly Light[] = ['green', 'yellow', 'orange', 'red'];

export interface DeadlineView {
  dueMs: number;
  metMs?: number | null;
  /** Listed supervision (挂牌督办) turns the light red whatever the clock says. */
  listed?: boolean;
  /** Lifted (摘牌): the escalations taken up to then no longer colour it; later ones do. */
  liftedMs?: number | null;
}

export function deadlineLight(d: DeadlineView, nowMs: number, policy: Policy, timeZone: string): Light {
  if (d.metMs != null) return 'green';
  if (d.listed) return 'red';
  const cal = dayCalendar(policy, timeZone);
  if (nowMs >= d.dueMs) {
    // Past due it is orange, and from each escalation's instant on, at least the light its kind gives (督办通知: red).
    const reached = policy.escalation
      .map((e) => ({ e, atMs: shiftInstant(d.dueMs, e.after, 1, cal) }))
      .filter(({ atMs }) => nowMs >= atMs && (d.liftedMs == null || atMs > d.liftedMs))
      .map(({ e }) => e)
      .map((e) => stepKindOf({ type: 'escalation', step: e.action })?.light ?? 'orange');
    return worstLight(['orange', ...reached]);
  }
  return nowMs >= shiftInstant(d.dueMs, policy.warnWithin, -1, cal) ? 'yellow' : 'green';
}

export function worstLight(lights: Light[]): Light {
  return lights.reduce<Light>((w, l) => (LIGHT_ORDER.indexOf(l) > LIGHT_ORDER.indexOf(w) ? l : w), 'green');
}
