import type { CampaignSettings } from './campaign';
import type { AgencyState, DeliverableState, Subject } from './contract';
import { lightOf, plannedSteps, type PlannedStep } from './policy/ladder';
import { worstLight, type Light } from './policy/schedule';

export interface AgencyView extends Omit<AgencyState, 'deliverables'> {
  deliverables: (DeliverableState & { light: Light; plannedSteps: PlannedStep[] })[];
  /** The earliest deadline still ahead that is not met; one already passed is `overdue`, never "next". */
  nextDeadline: { subject: Subject; dueAt: string } | null;
  light: Light;
  overdue: boolean;
  listed: boolean;
  remindersSent: number;
  escalationsTaken: number;
}

/** Derives what operators see of an agency at a given instant: lights move with the clock, not with events. */
export function viewAgency(state: AgencyState, settings: CampaignSettings, nowMs: number): AgencyView {
  const { policy, calendar } = settings;
  const deliverables = state.deliverables.map((d) => ({
    ...d,
    light: lightOf(d, nowMs, policy, calendar.timeZone),
    plannedSteps: plannedSteps(d, policy, calendar.timeZone),
  }));
  const open = deliverables.filter((d) => !d.metAt).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const taken = deliverables.flatMap((d) => d.taken);
  return {
    ...state,
    deliverables,
    nextDeadline: nextDeadlineOf(deliverables, nowMs),
    light: worstLight(open.map((d) => d.light)),
    overdue: open.some((d) => Date.parse(d.dueAt) <= nowMs),
    listed: deliverables.some((d) => d.listed && !d.metAt),
    remindersSent: taken.filter((t) => t.type === 'reminder' && !t.missed).length,
    escalationsTaken: taken.filter((t) => t.type === 'escalation').length,
  };
}

/** The earliest unmet deadline after `nowMs` (a deadline at `nowMs` itself has passed: overdue from the due instant). */
export function nextDeadlineOf(
  deadlines: readonly { subject: Subject; dueAt: string; metAt: string | null }[],
  nowMs: number,
): { subject: Subject; dueAt: string } | null {
  const ahead = deadlines
    .filter((d) => !d.metAt && Date.parse(d.dueAt) > nowMs)
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return ahead[0] ? { subject: ahead[0].subject, dueAt: ahead[0].dueAt } : null;
}
