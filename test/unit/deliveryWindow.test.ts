import { DateTime } from 'luxon';
import { PolicySchema, type Policy } from '../../domain/campaign';
import {
  DEFAULT_DELIVERY,
  gatherInstant,
  isAlwaysOpen,
  nextWindowOpening,
  reminderInstant,
  type DeliveryPolicy,
} from '../../domain/policy/deliveryWindow';
import type { DayCalendar } from '../../domain/policy/durations';
import { plannedSteps } from '../../domain/policy/ladder';
import { deadlineSchedule } from '../../domain/policy/schedule';
import { DEFAULT_POLICY } from '../../domain/template';

/*
 * Expected instants are read off the official calendar by hand: 2026's arrangement as the State Council published it
 * (春节 2026-02-15…23 off, Saturdays 02-14 and 02-28 worked; 端午 2026-06-19…21), and weekdays from a printed calendar.
 * The bundled chinese-days 1.5.7 stops at 2026: for 2027 the campaign's policy lists the Spring Festival days itself,
 * as README "Which days the ladder counts" says a bureau does before the package has the year — here the statutory
 * 除夕 to 初三 (2027-02-05…08; 02-06 is 初一), which the State Council's 2027 notice must be checked against.
 */
const SHANGHAI = 'Asia/Shanghai';
const at = (local: string) => DateTime.fromISO(local, { zone: SHANGHAI }).toMillis();
const local = (ms: number) => DateTime.fromMillis(ms, { zone: SHANGHAI }).toFormat("yyyy-MM-dd'T'HH:mm:ss ccc");
const cal = (o: Partial<DayCalendar> = {}): DayCalendar => ({
  timeZone: SHANGHAI,
  dayKind: 'calendar',
  holidays: [],
  workdays: [],
  ...o,
});
const SPRING_2027 = ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'];
const ALL_DAY: DeliveryPolicy = { days: 'all', hours: '00:00-24:00' };

describe('the delivery window: 09:00–18:00 on working days by default', () => {
  test('a message due on a Saturday goes out on Monday at 09:00', () => {
    // 2026-06-13 is a Saturday; Monday 06-15 is a working day
    expect(local(nextWindowOpening(at('2026-06-13T10:30:00'), DEFAULT_DELIVERY, cal()))).toBe(
      '2026-06-15T09:00:00 Mon',
    );
  });

  test('inside the window a message goes at once; after 18:00 at the next morning’s opening', () => {
    expect(local(nextWindowOpening(at('2026-06-10T17:59:59'), DEFAULT_DELIVERY, cal()))).toBe(
      '2026-06-10T17:59:59 Wed',
    );
    expect(local(nextWindowOpening(at('2026-06-10T23:59:59'), DEFAULT_DELIVERY, cal()))).toBe(
      '2026-06-11T09:00:00 Thu',
    );
    expect(local(nextWindowOpening(at('2026-06-11T06:00:00'), DEFAULT_DELIVERY, cal()))).toBe(
      '2026-06-11T09:00:00 Thu',
    );
  });

  test('the 2026 Spring Festival: a message due in the holiday goes on the first working day after it', () => {
    // 02-15…23 off; Tuesday 02-24 is the first working day after
    expect(local(nextWindowOpening(at('2026-02-17T12:00:00'), DEFAULT_DELIVERY, cal()))).toBe(
      '2026-02-24T09:00:00 Tue',
    );
    // Saturday 02-14 is a make-up working day: the window is open on it
    expect(local(nextWindowOpening(at('2026-02-14T08:00:00'), DEFAULT_DELIVERY, cal()))).toBe(
      '2026-02-14T09:00:00 Sat',
    );
  });

  test('the 2027 Spring Festival, from the holidays the policy lists: the first working day after is Tuesday 02-09', () => {
    const c = cal({ holidays: SPRING_2027 });
    expect(local(nextWindowOpening(at('2027-02-05T10:00:00'), DEFAULT_DELIVERY, c))).toBe('2027-02-09T09:00:00 Tue');
    expect(local(nextWindowOpening(at('2027-02-04T23:59:59'), DEFAULT_DELIVERY, c))).toBe('2027-02-09T09:00:00 Tue');
  });

  test('a year nobody knows counts Monday to Friday rather than refusing to send', () => {
    // 2031-01-01 is a Wednesday; without an arrangement it is an ordinary weekday
    expect(local(nextWindowOpening(at('2031-01-01T07:00:00'), DEFAULT_DELIVERY, cal()))).toBe(
      '2031-01-01T09:00:00 Wed',
    );
  });

  test('{"days":"all","hours":"00:00-24:00"} delivers at once; other windows of all days still wait for the hour', () => {
    expect(isAlwaysOpen(ALL_DAY)).toBe(true);
    expect(isAlwaysOpen(DEFAULT_DELIVERY)).toBe(false);
    expect(nextWindowOpening(at('2026-06-13T03:00:00'), ALL_DAY, cal())).toBe(at('2026-06-13T03:00:00'));
    const evenings: DeliveryPolicy = { days: 'all', hours: '08:30-20:00' };
    expect(local(nextWindowOpening(at('2026-06-13T03:00:00'), evenings, cal()))).toBe('2026-06-13T08:30:00 Sat');
  });

  test('a gathering boundary rounds up to the period, and an instant on one stays', () => {
    expect(gatherInstant(Date.UTC(2026, 5, 15, 1, 0, 1), 60_000)).toBe(Date.UTC(2026, 5, 15, 1, 1, 0));
    expect(gatherInstant(Date.UTC(2026, 5, 15, 1, 1, 0), 60_000)).toBe(Date.UTC(2026, 5, 15, 1, 1, 0));
  });
});

describe('a reminder counted in days fires at the opening of the window on its day', () => {
  test('on a working day at 09:00; on a Saturday at 09:00 of the Friday before', () => {
    // P3D of a deadline by Tuesday 2026-06-16 23:59:59 is Saturday 06-13 23:59:59 → Friday 06-12 09:00
    expect(local(reminderInstant(at('2026-06-13T23:59:59'), 'P3D', DEFAULT_DELIVERY, cal()))).toBe(
      '2026-06-12T09:00:00 Fri',
    );
    expect(local(reminderInstant(at('2026-06-10T23:59:59'), 'P1D', DEFAULT_DELIVERY, cal()))).toBe(
      '2026-06-10T09:00:00 Wed',
    );
  });

  test('in the 2027 Spring Festival (policy holidays) on the last working day before it', () => {
    // 2027-02-07 is a Sunday inside the listed holiday; 02-04 (Thursday) is the last working day before
    const c = cal({ holidays: SPRING_2027 });
    expect(local(reminderInstant(at('2027-02-07T23:59:59'), 'P1D', DEFAULT_DELIVERY, c))).toBe(
      '2027-02-04T09:00:00 Thu',
    );
  });

  test('offsets with hours or seconds, and a window of the whole day, keep their instant', () => {
    const nominal = at('2026-06-13T23:59:59');
    expect(reminderInstant(nominal, 'PT36H', DEFAULT_DELIVERY, cal())).toBe(nominal);
    expect(reminderInstant(nominal, 'PT4S', DEFAULT_DELIVERY, cal())).toBe(nominal);
    expect(reminderInstant(nominal, 'P1DT2H', DEFAULT_DELIVERY, cal())).toBe(nominal);
    expect(reminderInstant(nominal, 'P3D', ALL_DAY, cal())).toBe(nominal);
  });
});

describe('a 2027 deadline under the default policy: plannedSteps show when a step fires and when it is pushed', () => {
  const policy: Policy = PolicySchema.parse({ ...structuredClone(DEFAULT_POLICY) });
  const due = at('2027-06-10T23:59:59'); // Thursday

  test('reminders at 09:00 of their day (Thursday 06-03, Monday 06-07, Wednesday 06-09); escalations at their instants, pushed next morning', () => {
    const steps = deadlineSchedule(due, at('2027-06-01T00:00:00'), policy, SHANGHAI);
    expect(steps.map((s) => [s.step, local(s.atMs), local(s.pushAtMs)])).toEqual([
      ['P7D', '2027-06-03T09:00:00 Thu', '2027-06-03T09:00:00 Thu'],
      ['P3D', '2027-06-07T09:00:00 Mon', '2027-06-07T09:00:00 Mon'],
      ['P1D', '2027-06-09T09:00:00 Wed', '2027-06-09T09:00:00 Wed'],
      ['overdue', '2027-06-10T23:59:59 Thu', '2027-06-11T09:00:00 Fri'],
      // 06-13 and 06-20 are Sundays: pushed on the Mondays (2027 is not in the package: its weekdays count)
      ['supervision_notice', '2027-06-13T23:59:59 Sun', '2027-06-14T09:00:00 Mon'],
      ['listed_supervision', '2027-06-20T23:59:59 Sun', '2027-06-21T09:00:00 Mon'],
    ]);
  });

  test('a reminder never fires before its schedule was armed: armed at 10:00 on its day, it fires at 10:00', () => {
    const steps = deadlineSchedule(due, at('2027-06-09T10:00:00'), policy, SHANGHAI);
    expect(steps.filter((s) => s.type === 'reminder').map((s) => [s.step, local(s.atMs)])).toEqual([
      ['P1D', '2027-06-09T10:00:00 Wed'],
    ]);
  });

  test('plannedSteps carry both instants', () => {
    const planned = plannedSteps(
      {
        subject: { kind: 'deliverable', id: 'D1' },
        dueAt: new Date(due).toISOString(),
        armedAt: new Date(at('2027-06-01T00:00:00')).toISOString(),
        metAt: null,
        listed: false,
        taken: [],
        moves: [],
      },
      policy,
      SHANGHAI,
    );
    expect(planned.find((s) => s.step === 'overdue')).toMatchObject({
      at: new Date(due).toISOString(),
      pushAt: new Date(at('2027-06-11T09:00:00')).toISOString(),
    });
  });
});

describe('the policy validates its window', () => {
  test.each(['09:00-18:00', '00:00-24:00', '08:30-12:00'])('%s is a window', (hours) => {
    expect(PolicySchema.partial().safeParse({ delivery: { days: 'working', hours } }).success).toBe(true);
  });
  test.each(['18:00-09:00', '9:00-18:00', '09:00-24:30', '09:00'])('%s is refused', (hours) => {
    expect(PolicySchema.partial().safeParse({ delivery: { days: 'working', hours } }).success).toBe(false);
  });
});
