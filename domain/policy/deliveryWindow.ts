import { DateTime } from 'luxon';
import { isWorkingDay, splitDuration, UnknownCalendarYear, type DayCalendar } from './durations';

/*
 * When messages pushed to people may go (SPEC §16, docs/NOTIFICATIONS.md "Working hours"): within the delivery window
 * — by default 09:00–18:00 on working days of the official calendar, in the campaign's time zone. The in-app inbox
 * shows everything at once; email, webhooks, robots and SMS wait for the window. Pure functions, bundled into the
 * workflows: no zod, no Node built-ins.
 */

export interface DeliveryPolicy {
  /** working: the official calendar's working days (and the policy's own holidays and workdays); all: every day */
  days: 'working' | 'all';
  /** "HH:MM-HH:MM", local time; "00:00-24:00" is the whole day */
  hours: string;
  /** steps whose messages go at once, whatever the hour (e.g. "listed_supervision") */
  immediate?: string[];
}

export const DEFAULT_DELIVERY: DeliveryPolicy = { days: 'working', hours: '09:00-18:00' };

export const HOURS_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** The window's opening and closing, in minutes after local midnight. */
export function windowMinutes(hours: string): { open: number; close: number } {
  const m = HOURS_PATTERN.exec(hours);
  if (!m) throw new RangeError(`not a delivery window: ${hours}`);
  const open = Number(m[1]) * 60 + Number(m[2]);
  const close = Number(m[3]) * 60 + Number(m[4]);
  if (close <= open || close > 24 * 60) throw new RangeError(`a delivery window closes after it opens: ${hours}`);
  return { open, close };
}

/** {"days":"all","hours":"00:00-24:00"}: every message goes at its instant. */
export function isAlwaysOpen(p: DeliveryPolicy): boolean {
  const { open, close } = windowMinutes(p.hours);
  return p.days === 'all' && open === 0 && close === 24 * 60;
}

/**
 * Whether messages go out on a local day. A year whose official arrangement nobody has told the product about counts
 * Monday to Friday: a message late by a holiday is better than a campaign that cannot send at all (the ladder itself
 * still refuses such a year when it counts working days, durations.ts).
 */
export function isDeliveryDay(day: DateTime, p: DeliveryPolicy, cal: DayCalendar): boolean {
  if (p.days === 'all') return true;
  try {
    return isWorkingDay(day, cal);
  } catch (err) {
    if (!(err instanceof UnknownCalendarYear)) throw err;
    return day.weekday <= 5;
  }
}

/** Days searched for an open window: longer than any holiday. */
const SEARCH_DAYS = 60;

/** The first instant at or after `atMs` inside a window: `atMs` itself when the window is open then. */
export function nextWindowOpening(atMs: number, p: DeliveryPolicy, cal: DayCalendar): number {
  if (isAlwaysOpen(p)) return atMs;
  const { open, close } = windowMinutes(p.hours);
  const start = DateTime.fromMillis(atMs, { zone: cal.timeZone }).startOf('day');
  for (let i = 0; i < SEARCH_DAYS; i += 1) {
    const day = start.plus({ days: i });
    if (!isDeliveryDay(day, p, cal)) continue;
    const opens = day.plus({ minutes: open }).toMillis();
    if (atMs < opens) return opens;
    if (atMs < day.plus({ minutes: close }).toMillis()) return atMs;
  }
  throw new RangeError(`no delivery window within ${SEARCH_DAYS} days of ${new Date(atMs).toISOString()}`);
}

/**
 * When a reminder fires. One counted in whole days ("P3D": three days before a deadline at 23:59:59) fires at the
 * opening of the window on its day — on the delivery day before, if its day is off — so it is read that morning
 * rather than sent at midnight. Offsets with hours or seconds, and a window of the whole day, keep their instant.
 */
export function reminderInstant(nominalMs: number, offset: string, p: DeliveryPolicy, cal: DayCalendar): number {
  const { days, millis } = splitDuration(offset);
  if (days === 0 || millis !== 0 || isAlwaysOpen(p)) return nominalMs;
  const { open } = windowMinutes(p.hours);
  let day = DateTime.fromMillis(nominalMs, { zone: cal.timeZone }).startOf('day');
  for (let i = 0; i < SEARCH_DAYS && !isDeliveryDay(day, p, cal); i += 1) day = day.minus({ days: 1 });
  return day.plus({ minutes: open }).toMillis();
}

/** When a step's messages are pushed: at once for an immediate step, else in the first window from its instant. */
export function pushInstant(atMs: number, step: string, p: DeliveryPolicy, cal: DayCalendar): number {
  if (p.immediate?.includes(step)) return atMs;
  return nextWindowOpening(atMs, p, cal);
}

/** Within an open window, the next boundary of the gathering period (aligned to the epoch), at which a digest goes. */
export function gatherInstant(atMs: number, gatherMs: number): number {
  return gatherMs > 0 ? Math.ceil(atMs / gatherMs) * gatherMs : atMs;
}
