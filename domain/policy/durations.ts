import { DateTime, Duration } from 'luxon';
import { OFFICIAL_YEARS, officialDay } from './officialCalendar';

/** Days and the rest of an ISO 8601 duration: day parts may count working days (工作日), the rest is exact time. */
export interface SplitDuration {
  days: number;
  millis: number;
}

/** A duration a campaign can use: exactly what `splitDuration` accepts, so a definition never holds one it cannot apply. */
export function isIsoDuration(text: string): boolean {
  if (!/^P/.test(text)) return false;
  try {
    splitDuration(text);
    return true;
  } catch {
    return false;
  }
}

const MAX_DAYS = 3660;

export function splitDuration(text: string): SplitDuration {
  const d = Duration.fromISO(text);
  if (!d.isValid) throw new RangeError(`not an ISO 8601 duration: ${text}`);
  const {
    years = 0,
    months = 0,
    weeks = 0,
    days = 0,
    hours = 0,
    minutes = 0,
    seconds = 0,
    milliseconds = 0,
  } = d.toObject();
  if (years || months) throw new RangeError(`years and months are not allowed in a campaign duration: ${text}`);
  if ([weeks, days, hours, minutes, seconds, milliseconds].some((n) => n < 0)) {
    throw new RangeError(`a campaign duration cannot be negative: ${text}`);
  }
  // Working days are counted whole: half a working day has no meaning, and calendar days must agree with them.
  if (!Number.isInteger(weeks * 7 + days))
    throw new RangeError(`days and weeks must be whole in a campaign duration: ${text}`);
  // Ten years bounds the working-day walk, which steps a day at a time inside a workflow task.
  if (weeks * 7 + days > MAX_DAYS) throw new RangeError(`a campaign duration cannot exceed ${MAX_DAYS} days: ${text}`);
  return { days: weeks * 7 + days, millis: Duration.fromObject({ hours, minutes, seconds, milliseconds }).toMillis() };
}

/**
 * The working-day calendar of a campaign: weekends and official holidays are off, official make-up days (调休) are
 * worked; the policy's own `holidays` and `workdays` add to the official arrangement and win over it.
 */
export interface DayCalendar {
  timeZone: string;
  dayKind: 'calendar' | 'working';
  holidays: readonly string[];
  workdays: readonly string[];
}

/** Working days were asked of a year nobody has told the product about: neither the library nor the policy. */
export class UnknownCalendarYear extends RangeError {
  constructor(readonly year: number) {
    super(
      `the official holiday arrangement for ${year} is not known: update the calendar library, or list ${year}'s holidays and make-up working days in the policy`,
    );
    this.name = 'UnknownCalendarYear';
  }
}

/** A year counts as known when the bundled arrangement has it or the policy lists days of it. */
export function knowsYear(year: number, cal: Pick<DayCalendar, 'holidays' | 'workdays'>): boolean {
  const prefix = `${year}-`;
  return (
    OFFICIAL_YEARS.has(year) ||
    cal.holidays.some((d) => d.startsWith(prefix)) ||
    cal.workdays.some((d) => d.startsWith(prefix))
  );
}

/** What a day is under a calendar: the policy's own lists first, then the official arrangement, then the week. */
export function kindOfDay(iso: string, weekday: number, cal: Pick<DayCalendar, 'holidays' | 'workdays'>): DayKind {
  if (cal.workdays.includes(iso)) return 'makeup_workday';
  if (cal.holidays.includes(iso)) return 'holiday';
  const official = officialDay(iso);
  if (official) return official.kind;
  return weekday <= 5 ? 'workday' : 'weekend';
}
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export function isWorkingDay(day: DateTime, cal: DayCalendar): boolean {
  return isWorkingDate(day.toISODate()!, day.year, day.weekday, cal);
}

function isWorkingDate(iso: string, year: number, weekday: number, cal: DayCalendar): boolean {
  if (!knowsYear(year, cal)) throw new UnknownCalendarYear(year);
  const kind = kindOfDay(iso, weekday, cal);
  return kind === 'workday' || kind === 'makeup_workday';
}

const DAY_MS = 86_400_000;

/**
 * How many calendar days `days` working days span from a local date, stepping one day at a time. The days are walked
 * as plain dates (UTC arithmetic on the local calendar date), which is what a day of the calendar is and far cheaper
 * than a zoned date-time per step.
 */
function workingDaySpan(from: DateTime, days: number, direction: 1 | -1, cal: DayCalendar): number {
  let date = Date.UTC(from.year, from.month - 1, from.day);
  let span = 0;
  for (let left = days; left > 0;) {
    date += direction * DAY_MS;
    span += 1;
    const d = new Date(date);
    if (isWorkingDate(d.toISOString().slice(0, 10), d.getUTCFullYear(), d.getUTCDay() || 7, cal)) left -= 1;
  }
  return span;
}

/**
 * Moves an instant by a duration in the campaign's calendar: with working days, each day of the duration's day part
 * steps to the next (or previous) working day at the same local time; the time part is exact. A working day in a year
 * the calendar does not know throws UnknownCalendarYear: guessing from weekends alone would be silently wrong.
 */
export function shiftInstant(atMs: number, duration: string, direction: 1 | -1, cal: DayCalendar): number {
  const { days, millis } = splitDuration(duration);
  const t = DateTime.fromMillis(atMs, { zone: cal.timeZone });
  const calendarDays = cal.dayKind === 'working' ? workingDaySpan(t, days, direction, cal) : days;
  return t.plus({ days: calendarDays * direction }).toMillis() + millis * direction;
}

export function durationMillis(duration: string): number {
  return Duration.fromISO(duration).toMillis();
}
