import type { CampaignSettings } from './campaign';
import type { AgencyState, DeliverableState, Subject } from './contract';
import { lightOf, plannedSteps, type PlannedStep } from './policy/ladder';
import { worstLight, type Light } from './policy/schedule';

export interface AgencyView extends Omit<AgencyState, 'deliverables'> {
  deliverables: (DeliverableState & { light: Light; plannedSteps: PlannedStep[] })[];
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
    nextDeadline: open[0] ? { subject: open[0].subject, dueAt: open[0].dueAt } : null,
    light: worstLight(open.map((d) => d.light)),
    overdue: open.some((d) => Date.parse(d.dueAt) <= nowMs),
    listed: deliverables.some((d) => d.listed && !d.metAt),
    remindersSent: taken.filter((t) => t.type === 'reminder' && !t.missed).length,
    escalationsTaken: taken.filter((t) => t.type === 'escalation').length,
  };
}
