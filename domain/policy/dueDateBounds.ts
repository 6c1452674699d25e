import { DateTime } from 'luxon';

/**
 * How far a rectification may be scheduled: what 一时难以整改 lists with a timetable may outlast the campaign, by a
 * few years (a building, a system to procure), never by centuries — 9999-12-31 is a typing error or a way to park an
 * item forever, and no reminder ladder should be planned for it.
 */
export const YEARS_AFTER_CLOSE = 3;

/** The latest due date an item of a campaign may have: the end of the day, YEARS_AFTER_CLOSE years after its close. */
export function latestDueAt(calendar: { closesAt: string; timeZone: string }): DateTime {
  return DateTime.fromISO(calendar.closesAt, { zone: calendar.timeZone })
    .plus({ years: YEARS_AFTER_CLOSE })
    .endOf('day');
}

/** Why a due date (or a proposed new one) is out of reason for the campaign, in Chinese; null when it is not. */
export function dueTooFar(dueAt: string, calendar: { closesAt: string; timeZone: string }): string | null {
  const latest = latestDueAt(calendar);
  if (DateTime.fromISO(dueAt).toMillis() <= latest.toMillis()) return null;
  return `整改期限不能晚于 ${latest.toISODate()}（专项整治结束后 ${YEARS_AFTER_CLOSE} 年内）`;
}
