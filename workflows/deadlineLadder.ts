import type { Policy } from '../domain/campaign';
import type { TrackedDeadline } from '../domain/contract';
import type { ScheduleStep } from '../domain/policy/schedule';
import { nextStep } from '../domain/policy/ladder';
import { stepKindOf } from '../domain/stepKinds';
import { condition, patched } from '@temporalio/workflow';
import type { Bookkeeping } from './activities';

export function newDeadline(subject: TrackedDeadline['subject'], dueAt: string, armedAt: string): TrackedDeadline {
  return {
    subject,
    dueAt: new Date(dueAt).toISOString(),
    armedAt: new Date(armedAt).toISOString(),
    metAt: null,
    listed: false,
    taken: [],
    moves: [],
  };
}

/**
 * Reminders counted in days fire at the opening of the delivery window on their day (domain/policy/deliveryWindow.ts)
 * in workflows that took this patch; those recorded before it fire at the instants their histories hold.
 */
export const PATCH_DELIVERY_WINDOW = 'delivery-window';

/** Records one step of a deadline's ladder and applies what it means to the deadline itself. */
export async function takeStep(
  d: TrackedDeadline,
  step: ScheduleStep,
  where: { campaignId: string; agencyId: string },
  books: Bookkeeping,
): Promise<void> {
  const scheduledFor = new Date(step.atMs).toISOString();
  const recorded = await books.recordDeadlineStep({
    ...where,
    subject: d.subject,
    deadline: d.dueAt,
    type: step.type,
    step: step.step,
    scheduledFor,
  });
  d.taken.push({ type: step.type, step: step.step, deadline: d.dueAt, scheduledFor, ...recorded });
  if (stepKindOf(step)?.marks.listed) d.listed = true;
}

/**
 * Takes every step that has fallen due, oldest first, and returns the instant of the next one (or null). After an
 * outage this catches up on all missed steps in order, each once.
 */
export async function takeDueSteps(
  deadlines: TrackedDeadline[],
  policy: Policy,
  timeZone: string,
  where: { campaignId: string; agencyId: string },
  books: Bookkeeping,
  /** What a step means beyond its record, e.g. a disciplinary lead referred by the system. */
  effect?: (step: ScheduleStep, deadline: TrackedDeadline) => Promise<void>,
): Promise<{ taken: number; nextAtMs: number | null }> {
  let taken = 0;
  const windows = patched(PATCH_DELIVERY_WINDOW);
  for (;;) {
    const next = nextStep(deadlines, policy, timeZone, windows);
    if (!next || next.step.atMs > Date.now()) return { taken, nextAtMs: next?.step.atMs ?? null };
    const deadline = deadlines[next.index];
    await takeStep(deadline, next.step, where, books);
    await effect?.(next.step, deadline);
    taken += 1;
  }
}

/** A workflow's change counter: handlers bump it; the watch loop wakes on it and projects each new version. */
export interface Changes {
  version(): number;
  bump(): void;
}

/**
 * The main loop of a workflow that watches one or more deadlines until it is done: takes the steps that fell due,
 * writes the projection whenever something changed, and sleeps until the next step or the next change.
 */
export async function watchDeadlines(o: {
  deadlines: TrackedDeadline[];
  policy: Policy;
  timeZone: string;
  where: { campaignId: string; agencyId: string };
  books: Bookkeeping;
  changes: Changes;
  done: () => boolean;
  project: (version: number) => Promise<void>;
  effect?: (step: ScheduleStep, deadline: TrackedDeadline) => Promise<void>;
}): Promise<void> {
  let projected = -1;
  for (;;) {
    // Captured first: a change made by a handler while this iteration awaits makes the wait below return at once.
    const seen = o.changes.version();
    const due = o.done() ? null : await takeDueSteps(o.deadlines, o.policy, o.timeZone, o.where, o.books, o.effect);
    if (due?.taken) o.changes.bump();
    if (projected !== o.changes.version()) {
      projected = o.changes.version();
      await o.project(projected);
      continue; // a handler may have changed (or finished) the state while the projection was written
    }
    if (o.done()) return;
    await condition(
      () => o.changes.version() !== seen,
      due?.nextAtMs == null ? undefined : Math.max(1, due.nextAtMs - Date.now()),
    );
  }
}
