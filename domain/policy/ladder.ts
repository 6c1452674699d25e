import type { Policy } from '../campaign';
import type { TrackedDeadline } from '../contract';
import { UnknownCalendarYear } from './durations';
import { stepKindOf } from '../stepKinds';
import { deadlineSchedule, deadlineLight, type Light, type ScheduleStep } from './schedule';

/** Whether a deadline still unmet has had its overdue step (慢作为) taken for its current due date. */
export function isMarkedOverdue(d: TrackedDeadline): boolean {
  const due = Date.parse(d.dueAt);
  return !d.metAt && d.taken.some((t) => stepKindOf(t)?.marks.overdue && Date.parse(t.deadline) === due);
}

/** The step a deadline owes next: the first of its schedule not yet taken for its current due date. */
export function pendingStep(d: TrackedDeadline, policy: Policy, timeZone: string, windows = true): ScheduleStep | null {
  if (d.metAt) return null;
  const due = Date.parse(d.dueAt);
  const taken = new Set(d.taken.filter((t) => Date.parse(t.deadline) === due).map((t) => t.step));
  const schedule = deadlineSchedule(Date.parse(d.dueAt), Date.parse(d.armedAt), policy, timeZone, windows);
  const from = d.stepsFrom ? Date.parse(d.stepsFrom) : -Infinity;
  return schedule.find((s) => !taken.has(s.step) && s.atMs >= from) ?? null;
}

/**
 * Across several deadlines, the step to take next: the earliest pending one. Taking steps one at a time in this order
 * is what makes recovery after downtime take every missed step, in order, once.
 */
export function nextStep(deadlines: readonly TrackedDeadline[], policy: Policy, timeZone: string, windows = true) {
  let best: { index: number; step: ScheduleStep } | null = null;
  deadlines.forEach((d, index) => {
    const step = pendingStep(d, policy, timeZone, windows);
    if (step && (!best || step.atMs < best.step.atMs)) best = { index, step };
  });
  return best as { index: number; step: ScheduleStep } | null;
}

export function lightOf(d: TrackedDeadline, nowMs: number, policy: Policy, timeZone: string): Light {
  return deadlineLight(
    {
      dueMs: Date.parse(d.dueAt),
      metMs: d.metAt ? Date.parse(d.metAt) : null,
      listed: d.listed,
      liftedMs: d.liftedAt ? Date.parse(d.liftedAt) : null,
    },
    nowMs,
    policy,
    timeZone,
  );
}

/** One step of a deadline's ladder as people read it: when it fires, and when it was taken if it has been. */
export interface PlannedStep {
  type: ScheduleStep['type'];
  step: string;
  at: string;
  /** when its messages are pushed to people (the delivery window from `at`); the inbox has them at `at` */
  pushAt: string;
  takenAt?: string;
}

/**
 * The instants a deadline's ladder fires for its current due date (API.md: plannedSteps), the taken ones marked. A
 * deadline met has no steps left to fire: only those taken before it was met remain. Should its ladder reach a year
 * whose holiday arrangement is unknown, only the taken steps are shown: the rest cannot be placed yet.
 */
export function plannedSteps(d: TrackedDeadline, policy: Policy, timeZone: string): PlannedStep[] {
  const due = Date.parse(d.dueAt);
  const taken = new Map(d.taken.filter((t) => Date.parse(t.deadline) === due).map((t) => [t.step, t]));
  const asTaken = (step: string) => {
    const t = taken.get(step);
    return t ? { takenAt: t.occurredAt } : {};
  };
  let schedule: ScheduleStep[];
  try {
    schedule = deadlineSchedule(due, Date.parse(d.armedAt), policy, timeZone);
  } catch (err) {
    if (!(err instanceof UnknownCalendarYear)) throw err;
    schedule = [];
  }
  const planned = schedule
    .filter((s) => !d.metAt || taken.has(s.step))
    .map((s) => ({
      type: s.type,
      step: s.step,
      at: new Date(s.atMs).toISOString(),
      pushAt: new Date(s.pushAtMs).toISOString(),
      ...asTaken(s.step),
    }));
  // a step taken under an earlier policy or calendar than today's schedule still belongs on the record
  const placed = new Set(planned.map((p) => p.step));
  const others = [...taken.values()]
    .filter((t) => !placed.has(t.step))
    .map((t) => ({ type: t.type, step: t.step, at: t.scheduledFor, pushAt: t.scheduledFor, takenAt: t.occurredAt }));
  return [...planned, ...others].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** A deadline as the API shows it: with its planned steps under the campaign's policy and calendar. */
export function withPlannedSteps(d: TrackedDeadline, settings: { policy: Policy; calendar: { timeZone: string } }) {
  return { ...d, plannedSteps: plannedSteps(d, settings.policy, settings.calendar.timeZone) };
}
