import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isWorkday as libraryIsWorkday } from 'chinese-days';
import {
  isIsoDuration,
  isWorkingDay,
  shiftInstant,
  splitDuration,
  UnknownCalendarYear,
  type DayCalendar,
} from '../../domain/policy/durations';

/**
 * Working-day arithmetic (工作日) of SPEC §8 against China's official arrangements in Asia/Shanghai, the policy listing
 * no days of its own. The hand-worked cases come from the State Council's notices (国务院办公厅关于部分节假日安排的通知):
 * 2020: Dragon Boat 06-25 (Thu) … 06-27 (Sat) off, Sunday 06-28 worked;
 *       National Day + Mid-Autumn 10-01 (Thu) … 10-08 (Thu) off, Sunday 09-27 and Saturday 10-10 worked.
 * 2026: Dragon Boat 06-19 (Fri) … 06-21 (Sun) off, no make-up day; Mid-Autumn 09-25 (Fri) … 09-27 (Sun) off;
 *       National Day 10-01 (Thu) … 10-07 (Wed) off, Sunday 09-20 and Saturday 10-10 worked.
 */
const SHANGHAI = 'Asia/Shanghai';
const WORKING: DayCalendar = { timeZone: SHANGHAI, dayKind: 'working', holidays: [], workdays: [] };
const CALENDAR: DayCalendar = { ...WORKING, dayKind: 'calendar' };

const ms = (iso: string) => Date.parse(iso);
/** An instant as the campaign reads it: local time in Shanghai with its offset. */
const local = (atMs: number) => DateTime.fromMillis(atMs, { zone: SHANGHAI }).toISO({ suppressMilliseconds: true });
const day = (isoDate: string) => DateTime.fromISO(isoDate, { zone: SHANGHAI });

const workingDaysAfter = (from: string, n: number, cal = WORKING) => local(shiftInstant(ms(from), `P${n}D`, 1, cal));
const workingDaysBefore = (from: string, n: number, cal = WORKING) => local(shiftInstant(ms(from), `P${n}D`, -1, cal));

describe('splitDuration: the day part may count working days, the rest is exact time', () => {
  test.each([
    ['P3D', { days: 3, millis: 0 }],
    ['P1W', { days: 7, millis: 0 }],
    ['P1W2D', { days: 9, millis: 0 }],
    ['P1DT2H30M', { days: 1, millis: (2 * 60 + 30) * 60_000 }],
    ['PT36H', { days: 0, millis: 36 * 3600_000 }],
    ['PT4S', { days: 0, millis: 4000 }],
    ['PT0S', { days: 0, millis: 0 }],
  ])('%s splits into %o', (text, expected) => {
    expect(splitDuration(text)).toEqual(expected);
  });

  test.each(['P1M', 'P1Y', 'P1Y2D'])('%s is refused: months and years have no fixed length in days', (text) => {
    expect(() => splitDuration(text)).toThrow(/years and months/);
  });

  test.each(['P-1D', 'PT-5S', '-P1D'])('%s is refused: a reminder or escalation offset cannot be negative', (text) => {
    expect(() => splitDuration(text)).toThrow(/negative/);
  });

  test.each(['P1.5D', 'P0.5W'])('%s is refused: working days are counted whole', (text) => {
    expect(() => splitDuration(text)).toThrow(/whole/);
  });

  test('text that is not a duration is refused', () => {
    expect(() => splitDuration('three days')).toThrow(RangeError);
  });
});

describe('isIsoDuration: a campaign definition only accepts durations the ladder can apply', () => {
  test.each(['P3D', 'PT2S', 'PT0S', 'P1W', 'P1DT12H', 'PT1.5H'])('%s is accepted', (text) => {
    expect(isIsoDuration(text)).toBe(true);
  });
  test.each(['3D', '', 'P1M', 'P1Y', 'P-1D', '-P1D', 'P1.5D', 'yesterday'])('%s is refused', (text) => {
    expect(isIsoDuration(text)).toBe(false);
  });
});

describe('isWorkingDay in the 2020 Chinese calendar', () => {
  test.each([
    ['2020-06-22', true, 'an ordinary Monday'],
    ['2020-06-24', true, 'the Wednesday before Dragon Boat'],
    ['2020-06-20', false, 'an ordinary Saturday'],
    ['2020-06-21', false, 'an ordinary Sunday'],
    ['2020-06-25', false, 'Dragon Boat festival (Thursday)'],
    ['2020-06-26', false, 'Dragon Boat holiday (Friday)'],
    ['2020-06-27', false, 'Dragon Boat holiday (Saturday)'],
    ['2020-06-28', true, 'Sunday make-up working day 调休'],
    ['2020-09-27', true, 'Sunday make-up working day before National Day'],
    ['2020-09-30', true, 'the Wednesday before National Day'],
    ['2020-10-01', false, 'National Day (Thursday)'],
    ['2020-10-05', false, 'National Day holiday (Monday)'],
    ['2020-10-08', false, 'last day of the National Day holiday (Thursday)'],
    ['2020-10-09', true, 'the Friday after National Day'],
    ['2020-10-10', true, 'Saturday make-up working day'],
    ['2020-10-11', false, 'the Sunday after it'],
    ['2020-10-12', true, 'an ordinary Monday'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(day(date), WORKING)).toBe(expected);
  });

  test('a day listed both as holiday and as make-up workday counts as worked', () => {
    const cal: DayCalendar = { ...WORKING, holidays: ['2020-06-22'], workdays: ['2020-06-22'] };
    expect(isWorkingDay(day('2020-06-22'), cal)).toBe(true);
  });
});

describe('shiftInstant with working days: hand-worked 2020 cases', () => {
  test('3 working days before Saturday 2020-10-10 (a make-up day) is 2020-09-29, same time of day', () => {
    expect(workingDaysBefore('2020-10-10T23:59:59+08:00', 1)).toBe('2020-10-09T23:59:59+08:00');
    expect(workingDaysBefore('2020-10-10T23:59:59+08:00', 2)).toBe('2020-09-30T23:59:59+08:00');
    expect(workingDaysBefore('2020-10-10T23:59:59+08:00', 3)).toBe('2020-09-29T23:59:59+08:00');
  });

  test('1 working day after Wednesday 2020-06-24 is the Sunday make-up day 2020-06-28', () => {
    expect(workingDaysAfter('2020-06-24T09:30:00+08:00', 1)).toBe('2020-06-28T09:30:00+08:00');
  });

  test('3 working days after 2020-09-30: 10-09 (Fri), 10-10 (Sat make-up), then Monday 2020-10-12', () => {
    expect(workingDaysAfter('2020-09-30T23:59:59+08:00', 1)).toBe('2020-10-09T23:59:59+08:00');
    expect(workingDaysAfter('2020-09-30T23:59:59+08:00', 2)).toBe('2020-10-10T23:59:59+08:00');
    expect(workingDaysAfter('2020-09-30T23:59:59+08:00', 3)).toBe('2020-10-12T23:59:59+08:00');
  });

  test('from Friday 2020-09-25: Sunday 09-27 is worked, so 5 working days later is 10-09', () => {
    // 09-27 (1), 09-28 (2), 09-29 (3), 09-30 (4), holidays 10-01…10-08, 10-09 (5)
    expect(workingDaysAfter('2020-09-25T10:00:00+08:00', 1)).toBe('2020-09-27T10:00:00+08:00');
    expect(workingDaysAfter('2020-09-25T10:00:00+08:00', 5)).toBe('2020-10-09T10:00:00+08:00');
  });

  test('back from Monday 2020-06-29: the Sunday make-up day, then over the Dragon Boat holiday to 06-24', () => {
    expect(workingDaysBefore('2020-06-29T18:00:00+08:00', 1)).toBe('2020-06-28T18:00:00+08:00');
    expect(workingDaysBefore('2020-06-29T18:00:00+08:00', 2)).toBe('2020-06-24T18:00:00+08:00');
  });

  test('a week (P1W) is seven working days: Monday 06-22 + P1W is Thursday 07-02', () => {
    // 06-23 (1), 06-24 (2), 06-25…27 off, 06-28 (3), 06-29 (4), 06-30 (5), 07-01 (6), 07-02 (7)
    expect(local(shiftInstant(ms('2020-06-22T12:00:00+08:00'), 'P1W', 1, WORKING))).toBe('2020-07-02T12:00:00+08:00');
  });

  test('starting on a day off counts from the next (or previous) working day', () => {
    expect(workingDaysAfter('2020-10-03T08:00:00+08:00', 1)).toBe('2020-10-09T08:00:00+08:00');
    expect(workingDaysBefore('2020-10-11T08:00:00+08:00', 1)).toBe('2020-10-10T08:00:00+08:00');
    expect(workingDaysBefore('2020-10-04T08:00:00+08:00', 1)).toBe('2020-09-30T08:00:00+08:00');
  });

  test('days are read in the campaign time zone, not in UTC', () => {
    // 05:00 in Shanghai on Monday 06-29 is still Sunday 06-28 in UTC. One working day back is the Sunday make-up
    // day 06-28 in Shanghai; reading days in UTC would step from Sunday 06-28 over the holiday to Wednesday 06-24.
    expect(workingDaysBefore('2020-06-28T21:00:00Z', 1)).toBe('2020-06-28T05:00:00+08:00');
  });

  test('the time part of a duration is exact and added after the working days', () => {
    expect(local(shiftInstant(ms('2020-06-24T23:00:00+08:00'), 'P1DT2H', 1, WORKING))).toBe(
      '2020-06-29T01:00:00+08:00',
    );
    expect(local(shiftInstant(ms('2020-06-29T01:00:00+08:00'), 'PT3H', -1, WORKING))).toBe('2020-06-28T22:00:00+08:00');
  });

  test('a zero duration leaves the instant where it is', () => {
    const t = ms('2020-10-03T08:00:00+08:00');
    expect(shiftInstant(t, 'PT0S', 1, WORKING)).toBe(t);
    expect(shiftInstant(t, 'P0D', -1, WORKING)).toBe(t);
    expect(shiftInstant(t, 'PT0S', 1, CALENDAR)).toBe(t);
  });
});

describe('shiftInstant with calendar days ignores holidays', () => {
  test('3 calendar days after 2020-09-30 is 2020-10-03 although it is a holiday', () => {
    expect(workingDaysAfter('2020-09-30T23:59:59+08:00', 3, CALENDAR)).toBe('2020-10-03T23:59:59+08:00');
  });
  test('3 calendar days before Saturday 2020-10-10 is 2020-10-07', () => {
    expect(workingDaysBefore('2020-10-10T23:59:59+08:00', 3, CALENDAR)).toBe('2020-10-07T23:59:59+08:00');
  });
});

describe('shiftInstant with working days: hand-worked 2026 cases from the official notice', () => {
  test('3 working days before Friday 2026-10-09 is 2026-09-29: 10-08, then over National Day to 09-30 and 09-29', () => {
    expect(workingDaysBefore('2026-10-09T23:59:59+08:00', 1)).toBe('2026-10-08T23:59:59+08:00');
    expect(workingDaysBefore('2026-10-09T23:59:59+08:00', 2)).toBe('2026-09-30T23:59:59+08:00');
    expect(workingDaysBefore('2026-10-09T23:59:59+08:00', 3)).toBe('2026-09-29T23:59:59+08:00');
  });

  test('Sunday 2026-09-20 is a make-up working day, Mid-Autumn 09-25…27 is off', () => {
    expect(isWorkingDay(day('2026-09-20'), WORKING)).toBe(true);
    expect(isWorkingDay(day('2026-09-19'), WORKING)).toBe(false);
    // from Friday 09-18: Sunday 09-20 (1), Monday 09-21 (2)
    expect(workingDaysAfter('2026-09-18T10:00:00+08:00', 1)).toBe('2026-09-20T10:00:00+08:00');
    // from Thursday 09-24: Mid-Autumn 09-25…27 off, 09-28 (1), 09-29 (2), 09-30 (3), National Day off, 10-08 (4)
    expect(workingDaysAfter('2026-09-24T10:00:00+08:00', 4)).toBe('2026-10-08T10:00:00+08:00');
  });

  test('after National Day 2026: 10-08 (Thu), 10-09 (Fri), Saturday 10-10 worked, then Monday 10-12', () => {
    expect(workingDaysAfter('2026-09-30T23:59:59+08:00', 1)).toBe('2026-10-08T23:59:59+08:00');
    expect(workingDaysAfter('2026-09-30T23:59:59+08:00', 3)).toBe('2026-10-10T23:59:59+08:00');
    expect(workingDaysAfter('2026-09-30T23:59:59+08:00', 4)).toBe('2026-10-12T23:59:59+08:00');
  });

  test('Dragon Boat 2026 (06-19 Fri … 06-21 Sun) has no make-up day: from Thursday 06-18 the next is Monday 06-22', () => {
    expect(workingDaysAfter('2026-06-18T09:00:00+08:00', 1)).toBe('2026-06-22T09:00:00+08:00');
    expect(workingDaysBefore('2026-06-22T09:00:00+08:00', 1)).toBe('2026-06-18T09:00:00+08:00');
  });
});

describe("the policy's own days add to the official arrangement", () => {
  test("a holiday of the bureau's own is skipped, a make-up day of its own is worked", () => {
    const cal: DayCalendar = { ...WORKING, holidays: ['2026-10-08'], workdays: ['2026-10-11'] };
    expect(workingDaysAfter('2026-09-30T23:59:59+08:00', 1, cal)).toBe('2026-10-09T23:59:59+08:00');
    expect(workingDaysAfter('2026-10-10T09:00:00+08:00', 1, cal)).toBe('2026-10-11T09:00:00+08:00');
  });

  test('a year the library does not know is refused by name, not counted by weekends alone', () => {
    expect(() => shiftInstant(ms('2026-12-28T12:00:00+08:00'), 'P10D', 1, WORKING)).toThrow(UnknownCalendarYear);
    expect(() => shiftInstant(ms('2026-12-28T12:00:00+08:00'), 'P10D', 1, WORKING)).toThrow(/2027/);
    // calendar days need no arrangement
    expect(workingDaysAfter('2026-12-28T12:00:00+08:00', 10, CALENDAR)).toBe('2027-01-07T12:00:00+08:00');
  });

  test("a year becomes known when the policy lists its days: a bureau enters next year's arrangement itself", () => {
    // Hypothetical days of a bureau's own, not an official arrangement: 2027-01-01 (Fri) off.
    const cal: DayCalendar = { ...WORKING, holidays: ['2027-01-01'] };
    // from Thursday 2026-12-31: Friday 01-01 off, weekend, Monday 01-04 (1)
    expect(workingDaysAfter('2026-12-31T12:00:00+08:00', 1, cal)).toBe('2027-01-04T12:00:00+08:00');
  });
});

// ---- properties -------------------------------------------------------------------------------------------------

/**
 * Every day of 2021–2026, shifted by 1 to 10 working days either way, against the library's own isWorkday (which
 * reads the same data through its own code): the n-th day it calls worked is where the arithmetic must land.
 */
describe("working-day arithmetic against the library's isWorkday, every day of 2021–2026", () => {
  const DAY = 86_400_000;
  const isoOf = (t: number) => new Date(t).toISOString().slice(0, 10);
  // The library asked once per day, 2020 (shifts back from early 2021) to 2026.
  const worked = new Map<string, boolean>();
  for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2027, 0, 1); t += DAY)
    worked.set(isoOf(t), libraryIsWorkday(isoOf(t)));
  /** The n-th day the library calls worked, strictly after (or before) a date; null past the years it knows. */
  const libraryShift = (date: string, n: number, direction: 1 | -1) => {
    let t = Date.parse(`${date}T00:00:00Z`);
    for (let left = n; left > 0;) {
      t += direction * DAY;
      const w = worked.get(isoOf(t));
      if (w === undefined) return null;
      if (w) left -= 1;
    }
    return isoOf(t);
  };

  test.each([2021, 2022, 2023, 2024, 2025, 2026])('%i: no shift of 1–10 working days differs', (year) => {
    const differences: string[] = [];
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY) {
      const date = isoOf(t);
      expect(isWorkingDay(day(date), WORKING)).toBe(worked.get(date));
      for (let n = 1; n <= 10; n++) {
        for (const direction of [1, -1] as const) {
          // Shifts running into 2027 need an arrangement nobody has yet (tested above).
          const expected = libraryShift(date, n, direction);
          if (expected === null) continue;
          const got = isoOf(shiftInstant(ms(`${date}T12:00:00+08:00`), `P${n}D`, direction, WORKING) + 8 * 3600_000);
          if (got !== expected)
            differences.push(`${date} ${direction > 0 ? '+' : '-'}${n}: ${got}, the library says ${expected}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });
});
// ---- properties -------------------------------------------------------------------------------------------------

/**
 * An oracle built without luxon: every day of 2019–2021 with plain UTC date arithmetic, kept when the library's
 * isWorkday says it is worked. Shanghai has had no daylight saving since 1991, so its local date is UTC + 8 h.
 */
const ORACLE_WORKING_DAYS: string[] = [];
for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2022, 0, 1); t += 86_400_000) {
  const date = new Date(t).toISOString().slice(0, 10);
  if (libraryIsWorkday(date)) ORACLE_WORKING_DAYS.push(date);
}
const shanghaiDate = (atMs: number) => new Date(atMs + 8 * 3600_000).toISOString().slice(0, 10);
const shanghaiTimeOfDay = (atMs: number) => new Date(atMs + 8 * 3600_000).toISOString().slice(11);

/** The n-th working day strictly after (or before) a local date, by the oracle. */
function oracleShift(date: string, n: number, direction: 1 | -1): string {
  if (direction === 1) return ORACLE_WORKING_DAYS.filter((d) => d > date)[n - 1];
  const before = ORACLE_WORKING_DAYS.filter((d) => d < date);
  return before[before.length - n];
}

/** Instants from May to December 2020, around both holiday periods. */
const campaignInstant = fc.integer({ min: ms('2020-05-01T00:00:00+08:00'), max: ms('2020-12-31T23:59:59+08:00') });
const dayCount = fc.integer({ min: 0, max: 40 });

describe('working-day shifts (properties)', () => {
  test('n working days forward or back lands on the n-th working day of the calendar, at the same local time', () => {
    fc.assert(
      fc.property(
        campaignInstant,
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<1 | -1>(1, -1),
        (start, n, direction) => {
          const end = shiftInstant(start, `P${n}D`, direction, WORKING);
          expect(shanghaiDate(end)).toBe(oracleShift(shanghaiDate(start), n, direction));
          expect(shanghaiTimeOfDay(end)).toBe(shanghaiTimeOfDay(start));
          expect(isWorkingDay(DateTime.fromMillis(end, { zone: SHANGHAI }), WORKING)).toBe(true);
        },
      ),
    );
  });

  test('forward then back by the same number of working days returns to the same working day and time', () => {
    const startOnWorkingDay = campaignInstant.filter((t) =>
      isWorkingDay(DateTime.fromMillis(t, { zone: SHANGHAI }), WORKING),
    );
    fc.assert(
      fc.property(startOnWorkingDay, dayCount, (start, n) => {
        const there = shiftInstant(start, `P${n}D`, 1, WORKING);
        expect(shiftInstant(there, `P${n}D`, -1, WORKING)).toBe(start);
      }),
    );
  });

  test('one more working day is always strictly later', () => {
    fc.assert(
      fc.property(campaignInstant, dayCount, (start, n) => {
        expect(shiftInstant(start, `P${n + 1}D`, 1, WORKING)).toBeGreaterThan(
          shiftInstant(start, `P${n}D`, 1, WORKING),
        );
        expect(shiftInstant(start, `P${n + 1}D`, -1, WORKING)).toBeLessThan(shiftInstant(start, `P${n}D`, -1, WORKING));
      }),
    );
  });

  test('n working days span at least n calendar days', () => {
    fc.assert(
      fc.property(campaignInstant, dayCount, fc.constantFrom<1 | -1>(1, -1), (start, n, direction) => {
        const working = Math.abs(shiftInstant(start, `P${n}D`, direction, WORKING) - start);
        expect(working).toBeGreaterThanOrEqual(Math.abs(shiftInstant(start, `P${n}D`, direction, CALENDAR) - start));
      }),
    );
  });

  test('in Shanghai (no daylight saving) n calendar days are exactly n × 24 h', () => {
    fc.assert(
      fc.property(campaignInstant, dayCount, fc.constantFrom<1 | -1>(1, -1), (start, n, direction) => {
        expect(shiftInstant(start, `P${n}D`, direction, CALENDAR)).toBe(start + direction * n * 86_400_000);
      }),
    );
  });
});
