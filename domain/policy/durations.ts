import { DateTime, Duration } from 'luxon';

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
  const { years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0, milliseconds = 0 } = d.toObject();
  if (years || months) throw new RangeError(`years and months are not allowed in a campaign duration: ${text}`);
  if ([weeks, days, hours, minutes, seconds, milliseconds].some((n) => n < 0)) {
    throw new RangeError(`a campaign duration cannot be negative: ${text}`);
  }
  // Working days are counted whole: half a working day has no meaning, and calendar days must agree with them.
  if (!Number.isInteger(weeks * 7 + days)) throw new RangeError(`days and weeks must be whole in a campaign duration: ${text}`);
  // Ten years bounds the working-day walk, which steps a day at a time inside a workflow task.
  if (weeks * 7 + days > MAX_DAYS) throw new RangeError(`a campaign duration cannot exceed ${MAX_DAYS} days: ${text}`);
  return { days: weeks * 7 + days, millis: Duration.fromObject({ hours, minutes, seconds, milliseconds }).toMillis() };
}

/** The working-day calendar of a campaign: weekends and holidays are off, make-up days (调休) are worked. */
export interface DayCalendar {
  timeZone: string;
  dayKind: 'calendar' | 'working';
  holidays: readonly string[];
  workdays: readonly string[];
}

export function isWorkingDay(day: DateTime, cal: DayCalendar): boolean {
  const iso = day.toISODate()!;
  if (cal.workdays.includes(iso)) return true;
  if (cal.holidays.includes(iso)) return false;
  return day.weekday <= 5;
}

/**
 * Moves an instant by a duration in the campaign's calendar: with working days, each day of the duration's day part
 * steps to the next (or previous) working day at the same local time; the time part is exact.
 */
export function shiftInstant(atMs: number, duration: string, direction: 1 | -1, cal: DayCalendar): number {
  const { days, millis } = splitDuration(duration);
  let t = DateTime.fromMillis(atMs, { zone: cal.timeZone });
  if (cal.dayKind === 'working') {
    for (let left = days; left > 0; ) {
      t = t.plus({ days: direction });
      if (isWorkingDay(t, cal)) left -= 1;
    }
  } else {
    t = t.plus({ days: days * direction });
  }
  return t.toMillis() + millis * direction;
}

export function durationMillis(duration: string): number {
  return Duration.fromISO(duration).toMillis();
}
