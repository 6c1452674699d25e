import type { Policy } from '../campaign';
import type { TrackedDeadline } from '../contract';
import { deadlineSchedule, deadlineLight, type Light, type ScheduleStep } from './schedule';

/** Whether a deadline still unmet has had its overdue step (慢作为) taken for its current due date. */
export function isMarkedOverdue(d: TrackedDeadline): boolean {
  const due = Date.parse(d.dueAt);
  return !d.metAt && d.taken.some((t) => t.step === 'overdue' && Date.parse(t.deadline) === due);
}

/** The step a deadline owes next: the first of its schedule not yet taken for its current due date. */
export function pendingStep(d: TrackedDeadline, policy: Policy, timeZone: string): ScheduleStep | null {
  if (d.metAt) return null;
  const due = Date.parse(d.dueAt);
  const taken = new Set(d.taken.filter((t) => Date.parse(t.deadline) === due).map((t) => t.step));
  const schedule = deadlineSchedule(Date.parse(d.dueAt), Date.parse(d.armedAt), policy, timeZone);
  return schedule.find((s) => !taken.has(s.step)) ?? null;
}

/**
 * Across several deadlines, the step to take next: the earliest pending one. Taking steps one at a time in this order
 * is what makes recovery after downtime take every missed step, in order, once.
 */
export function nextStep(deadlines: readonly TrackedDeadline[], policy: Policy, timeZone: string) {
  let best: { index: number; step: ScheduleStep } | null = null;
  deadlines.forEach((d, index) => {
    const step = pendingStep(d, policy, timeZone);
    if (step && (!best || step.atMs < best.step.atMs)) best = { index, step };
  });
  return best as { index: number; step: ScheduleStep } | null;
}

export function lightOf(d: TrackedDeadline, nowMs: number, policy: Policy, timeZone: string): Light {
  return deadlineLight({ dueMs: Date.parse(d.dueAt), metMs: d.metAt ? Date.parse(d.metAt) : null, listed: d.listed }, nowMs, policy, timeZone);
}
