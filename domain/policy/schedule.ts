import type { Policy } from '../campaign';
import { stepKindOf } from '../stepKinds';
import { shiftInstant, type DayCalendar } from './durations';
import { DEFAULT_DELIVERY, pushInstant, reminderInstant, type DeliveryPolicy } from './deliveryWindow';

/** One step of a deadline's ladder: a reminder before it (提醒) or an escalation after it (督办). */
export interface ScheduleStep {
  type: 'reminder' | 'escalation';
  /** The reminder's offset (e.g. "P3D") or the escalation action (e.g. "supervision_notice"). */
  step: string;
  atMs: number;
  /** when its messages are pushed (email, webhooks, robots, SMS): in the delivery window from atMs */
  pushAtMs: number;
}

export const deliveryOf = (policy: Pick<Policy, 'delivery'>): DeliveryPolicy => policy.delivery ?? DEFAULT_DELIVERY;

export function dayCalendar(policy: Policy, timeZone: string): DayCalendar {
  return { timeZone, dayKind: policy.dayKind, holidays: policy.holidays, workdays: policy.workdays };
}

/**
 * The ordered reminder and escalation instants of one deadline. Reminders that would fall before the schedule was
 * armed (the campaign start, or the moment an item was created or its deadline moved) are left out: nobody can be
 * reminded of a deadline before it exists. Escalations are always kept: a deadline set in the past is still missed.
 *
 * With `windows` (workflows that took the delivery-window patch, and every view), a reminder counted in whole days
 * fires at the opening of the delivery window on its day (deliveryWindow.ts), never before the schedule was armed;
 * escalations keep their instants. Every step says when its pushes go.
 */
export function deadlineSchedule(
  dueMs: number,
  armedMs: number,
  policy: Policy,
  timeZone: string,
  windows = true,
): ScheduleStep[] {
  const cal = dayCalendar(policy, timeZone);
  const delivery = deliveryOf(policy);
  const at = (offset: string, nominalMs: number) =>
    windows ? Math.max(armedMs, reminderInstant(nominalMs, offset, delivery, cal)) : nominalMs;
  const push = (step: string, atMs: number) => (windows ? pushInstant(atMs, step, delivery, cal) : atMs);
  const reminders: ScheduleStep[] = policy.reminders
    .map((offset) => ({ offset, nominalMs: shiftInstant(dueMs, offset, -1, cal) }))
    .filter((r) => r.nominalMs >= armedMs && r.nominalMs < dueMs)
    .map((r) => {
      const atMs = at(r.offset, r.nominalMs);
      return { type: 'reminder' as const, step: r.offset, atMs, pushAtMs: push(r.offset, atMs) };
    });
  const escalations: ScheduleStep[] = policy.escalation.map((e) => {
    const atMs = shiftInstant(dueMs, e.after, 1, cal);
    return { type: 'escalation' as const, step: e.action, atMs, pushAtMs: push(e.action, atMs) };
  });
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
