import { at } from './campaigns';
import { deadlinesByPhase } from '../../domain/template';

/** A calendar with one deadline (D1) near and every other far away, so the events of the test are exactly D1's. */
export function oneDeadlineCalendar(base: number, d1: number) {
  const far = (s: number) => at(base, 3600 + s);
  return {
    timeZone: 'Asia/Shanghai',
    phases: [
      { key: 'deployment', startsAt: at(base, -5), endsAt: at(base, 1800) },
      { key: 'self_inspection', startsAt: far(0), endsAt: far(10) },
      { key: 'consolidation', startsAt: far(10), endsAt: far(20) },
      { key: 'spot_check', startsAt: far(20), endsAt: far(30) },
    ],
    deadlines: deadlinesByPhase(
      { deployment: at(base, 1800), self_inspection: far(5), consolidation: far(15) },
      { D1: at(base, d1) },
    ),
    closesAt: far(40),
  };
}

export const LADDER = {
  reminders: ['PT6S', 'PT3S'],
  escalation: [
    { after: 'PT0S', action: 'overdue' },
    { after: 'PT3S', action: 'supervision_notice' },
  ],
  warnWithin: 'PT3S',
};
export const LADDER_STEPS = ['PT6S', 'PT3S', 'overdue', 'supervision_notice'];
