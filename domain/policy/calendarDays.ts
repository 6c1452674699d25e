import { DateTime } from 'luxon';
import { kindOfDay, knowsYear, UnknownCalendarYear, type DayCalendar, type DayKind } from './durations';
import { officialDay } from './officialCalendar';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  /** The festival a holiday or make-up working day belongs to (春节, 国庆节, …). */
  name?: string;
}

/** The longest span GET /v1/calendar lists at once: a campaign's year and a little either side. */
export const MAX_CALENDAR_DAYS = 400;

/**
 * Every day from `from` to `to` (ISO dates, both included) as the working-day arithmetic counts it, with the
 * official name of each holiday and make-up day. A day of a year nobody knows throws UnknownCalendarYear.
 */
export function calendarDays(
  from: string,
  to: string,
  cal: Pick<DayCalendar, 'holidays' | 'workdays'> = { holidays: [], workdays: [] },
): CalendarDay[] {
  const days: CalendarDay[] = [];
  const last = DateTime.fromISO(to, { zone: 'UTC' });
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); d <= last; d = d.plus({ days: 1 })) {
    if (!knowsYear(d.year, cal)) throw new UnknownCalendarYear(d.year);
    const date = d.toISODate()!;
    const kind = kindOfDay(date, d.weekday, cal);
    const name = kind === 'holiday' || kind === 'makeup_workday' ? officialDay(date)?.name : undefined;
    days.push({ date, kind, ...(name ? { name } : {}) });
  }
  return days;
}
