import { DateTime } from 'luxon';
import { shiftInstant, splitDuration, type DayCalendar } from '../policy/durations';

/**
 * When the objection window of a draft opened at `draftedAt` ends: `window` counted in the campaign's working days
 * whatever its ladder counts (五个工作日), to the end of the last day; a window of hours or seconds only (a drill) ends
 * exactly that long after.
 */
export function objectionWindowEnd(draftedAt: string, window: string, cal: DayCalendar): string {
  const working = { ...cal, dayKind: 'working' as const };
  const end = shiftInstant(Date.parse(draftedAt), window, 1, working);
  if (splitDuration(window).days === 0) return new Date(end).toISOString();
  return DateTime.fromMillis(end, { zone: cal.timeZone }).endOf('day').toUTC().toISO()!;
}
