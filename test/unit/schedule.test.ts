import fc from 'fast-check';
import { DateTime } from 'luxon';
import { ESCALATION_ACTIONS, PolicySchema, type EscalationAction, type Policy } from '../../domain/campaign';
import { shiftInstant } from '../../domain/policy/durations';
import {
  LIGHT_ORDER,
  deadlineLight,
  deadlineSchedule,
  dayCalendar,
  worstLight,
  type Light,
  type ScheduleStep,
} from '../../domain/policy/schedule';
import { DEFAULT_POLICY, calendarInYear } from '../../domain/template';

/** The plan laid into 2020, the year it was written for. */
const ZHONGWEI_2020_CALENDAR = calendarInYear(2020);

const SHANGHAI = 'Asia/Shanghai';
const ms = (iso: string) => Date.parse(iso);
const local = (atMs: number) => DateTime.fromMillis(atMs, { zone: SHANGHAI }).toISO({ suppressMilliseconds: true });

/**
 * The default policy of SPEC §8 with some fields changed, validated as a campaign definition would be. These tests are
 * about how the ladder counts, so its window is the whole day: every step at its counted instant (the default
 * window, 09:00–18:00 on working days, is test/unit/deliveryWindow.test.ts).
 */
const policyWith = (changes: Partial<Policy> = {}): Policy =>
  PolicySchema.parse({
    ...structuredClone(DEFAULT_POLICY),
    delivery: { days: 'all', hours: '00:00-24:00' },
    ...changes,
  });
const CALENDAR_DAYS = policyWith();
const WORKING_DAYS = policyWith({ dayKind: 'working' });

const CAMPAIGN_START = ms(ZHONGWEI_2020_CALENDAR.phases[0].startsAt); // 2020-06-01T00:00:00+08:00
const D1_DUE = ms(ZHONGWEI_2020_CALENDAR.deadlines.D1);
const D4_DUE = ms(ZHONGWEI_2020_CALENDAR.deadlines.D4);

/** A schedule as people read it: [type, step, local instant]. */
const readable = (steps: ScheduleStep[]) => steps.map((s) => [s.type, s.step, local(s.atMs)]);

describe('the default D1 deadline', () => {
  test('"by 2020-06-10" means the end of that day in Shanghai', () => {
    expect(ZHONGWEI_2020_CALENDAR.deadlines.D1).toBe('2020-06-10T23:59:59+08:00');
    expect(D1_DUE).toBe(Date.UTC(2020, 5, 10, 15, 59, 59));
  });

  test('with calendar days: reminders 7, 3 and 1 days before, overdue at T, notice at T+3d, listed at T+10d', () => {
    expect(readable(deadlineSchedule(D1_DUE, CAMPAIGN_START, CALENDAR_DAYS, SHANGHAI))).toEqual([
      ['reminder', 'P7D', '2020-06-03T23:59:59+08:00'],
      ['reminder', 'P3D', '2020-06-07T23:59:59+08:00'],
      ['reminder', 'P1D', '2020-06-09T23:59:59+08:00'],
      ['escalation', 'overdue', '2020-06-10T23:59:59+08:00'],
      ['escalation', 'supervision_notice', '2020-06-13T23:59:59+08:00'],
      ['escalation', 'listed_supervision', '2020-06-20T23:59:59+08:00'],
    ]);
  });

  test('with working days: weekends are skipped on both sides of Wednesday 06-10', () => {
    // back: 06-09 (1), 06-08 (2), weekend, 06-05 (3), 06-04 (4), 06-03 (5), 06-02 (6), Monday 06-01 (7)
    // forward: 06-11 (1), 06-12 (2), weekend, 06-15 (3), … 06-19 (7), weekend, 06-22 (8), 06-23 (9), 06-24 (10)
    expect(readable(deadlineSchedule(D1_DUE, CAMPAIGN_START, WORKING_DAYS, SHANGHAI))).toEqual([
      ['reminder', 'P7D', '2020-06-01T23:59:59+08:00'],
      ['reminder', 'P3D', '2020-06-05T23:59:59+08:00'],
      ['reminder', 'P1D', '2020-06-09T23:59:59+08:00'],
      ['escalation', 'overdue', '2020-06-10T23:59:59+08:00'],
      ['escalation', 'supervision_notice', '2020-06-15T23:59:59+08:00'],
      ['escalation', 'listed_supervision', '2020-06-24T23:59:59+08:00'],
    ]);
  });
});

describe('the default D4 deadline (2020-09-30) across National Day, with working days', () => {
  test('the 3-day reminder falls on the Sunday make-up day and escalations skip the holiday week', () => {
    // back: 09-29 (1), 09-28 (2), Sunday 09-27 worked (3), Saturday off, 09-25 (4), 09-24 (5), 09-23 (6), 09-22 (7)
    // forward: 10-01…08 off, 10-09 (1), Saturday 10-10 worked (2), 10-12 (3), 10-13…16 (4–7), 10-19 (8), 10-20 (9), 10-21 (10)
    expect(readable(deadlineSchedule(D4_DUE, CAMPAIGN_START, WORKING_DAYS, SHANGHAI))).toEqual([
      ['reminder', 'P7D', '2020-09-22T23:59:59+08:00'],
      ['reminder', 'P3D', '2020-09-27T23:59:59+08:00'],
      ['reminder', 'P1D', '2020-09-29T23:59:59+08:00'],
      ['escalation', 'overdue', '2020-09-30T23:59:59+08:00'],
      ['escalation', 'supervision_notice', '2020-10-12T23:59:59+08:00'],
      ['escalation', 'listed_supervision', '2020-10-21T23:59:59+08:00'],
    ]);
  });

  test('with calendar days the holidays do not matter', () => {
    expect(readable(deadlineSchedule(D4_DUE, CAMPAIGN_START, CALENDAR_DAYS, SHANGHAI)).map(([, , at]) => at)).toEqual([
      '2020-09-23T23:59:59+08:00',
      '2020-09-27T23:59:59+08:00',
      '2020-09-29T23:59:59+08:00',
      '2020-09-30T23:59:59+08:00',
      '2020-10-03T23:59:59+08:00',
      '2020-10-10T23:59:59+08:00',
    ]);
  });
});

describe('arming: nobody is reminded of a deadline before it exists', () => {
  test('an item created on 06-05 for 06-10 skips the 7-day reminder but keeps the later ones', () => {
    const schedule = deadlineSchedule(D1_DUE, ms('2020-06-05T10:00:00+08:00'), CALENDAR_DAYS, SHANGHAI);
    expect(schedule.filter((s) => s.type === 'reminder').map((s) => s.step)).toEqual(['P3D', 'P1D']);
  });

  test('a reminder falling exactly at the arming instant is still sent', () => {
    const schedule = deadlineSchedule(D1_DUE, ms('2020-06-07T23:59:59+08:00'), CALENDAR_DAYS, SHANGHAI);
    expect(schedule.filter((s) => s.type === 'reminder').map((s) => s.step)).toEqual(['P3D', 'P1D']);
  });

  test('a deadline already missed when armed has no reminders but every escalation', () => {
    const schedule = deadlineSchedule(D1_DUE, ms('2020-06-20T09:00:00+08:00'), CALENDAR_DAYS, SHANGHAI);
    expect(schedule.map((s) => [s.type, s.step])).toEqual([
      ['escalation', 'overdue'],
      ['escalation', 'supervision_notice'],
      ['escalation', 'listed_supervision'],
    ]);
  });

  test('a zero reminder offset would fall at the due instant itself and is never sent', () => {
    const schedule = deadlineSchedule(
      D1_DUE,
      CAMPAIGN_START,
      policyWith({ reminders: ['P0D', 'PT0S', 'P1D'] }),
      SHANGHAI,
    );
    expect(schedule.filter((s) => s.type === 'reminder').map((s) => s.step)).toEqual(['P1D']);
  });
});

describe('ordering and duplicates', () => {
  test('an escalation ladder listed out of order is taken in time order', () => {
    const policy = policyWith({
      escalation: [
        { after: 'P10D', action: 'listed_supervision' },
        { after: 'PT0S', action: 'overdue' },
        { after: 'P3D', action: 'supervision_notice' },
      ],
    });
    expect(
      deadlineSchedule(D1_DUE, CAMPAIGN_START, policy, SHANGHAI)
        .filter((s) => s.type === 'escalation')
        .map((s) => s.step),
    ).toEqual(['overdue', 'supervision_notice', 'listed_supervision']);
  });

  test('escalations at the same instant keep the ladder’s own order', () => {
    const both = (first: EscalationAction, second: EscalationAction) =>
      deadlineSchedule(
        D1_DUE,
        CAMPAIGN_START,
        policyWith({
          reminders: [],
          escalation: [
            { after: 'PT0S', action: first },
            { after: 'P0D', action: second },
          ],
        }),
        SHANGHAI,
      ).map((s) => s.step);
    expect(both('overdue', 'discipline_referral')).toEqual(['overdue', 'discipline_referral']);
    expect(both('discipline_referral', 'overdue')).toEqual(['discipline_referral', 'overdue']);
  });

  test('a reminder offset listed twice is sent once', () => {
    const schedule = deadlineSchedule(
      D1_DUE,
      CAMPAIGN_START,
      policyWith({ reminders: ['P3D', 'P1D', 'P3D'] }),
      SHANGHAI,
    );
    expect(schedule.filter((s) => s.type === 'reminder').map((s) => s.step)).toEqual(['P3D', 'P1D']);
  });

  test('reminders with a time part are exact: PT36H before 23:59:59 on 06-10 is 11:59:59 on 06-09', () => {
    const schedule = deadlineSchedule(D1_DUE, CAMPAIGN_START, policyWith({ reminders: ['PT36H'] }), SHANGHAI);
    expect(readable(schedule)[0]).toEqual(['reminder', 'PT36H', '2020-06-09T11:59:59+08:00']);
  });
});

// ---- schedule properties ----------------------------------------------------------------------------------------

const DAY = 86_400_000;
const offset = fc.oneof(
  fc.integer({ min: 0, max: 15 }).map((n) => `P${n}D`),
  fc.integer({ min: 0, max: 72 }).map((n) => `PT${n}H`),
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 23 })).map(([d, h]) => `P${d}DT${h}H`),
  fc.integer({ min: 0, max: 2 }).map((n) => `P${n}W`),
);
const ladder = fc
  .tuple(
    fc.shuffledSubarray([...ESCALATION_ACTIONS], { minLength: 1 }),
    fc.array(offset, { minLength: ESCALATION_ACTIONS.length, maxLength: ESCALATION_ACTIONS.length }),
  )
  .map(([actions, afters]) => actions.map((action, i) => ({ action, after: afters[i] })));
const anyPolicy = fc
  .record({
    dayKind: fc.constantFrom<Policy['dayKind']>('calendar', 'working'),
    reminders: fc.array(offset, { maxLength: 6 }),
    escalation: ladder,
  })
  .map((p) => policyWith(p));
/** Due instants across the 2020 campaign and its holidays; arming up to 30 days either side. */
const due = fc.integer({ min: ms('2020-05-15T00:00:00+08:00'), max: ms('2020-11-30T23:59:59+08:00') });
const armedAround = (dueMs: number) => fc.integer({ min: dueMs - 30 * DAY, max: dueMs + 30 * DAY });
const dueAndArmed = due.chain((d) => fc.tuple(fc.constant(d), armedAround(d)));

describe('deadlineSchedule (properties)', () => {
  test('the schedule is sorted by time', () => {
    fc.assert(
      fc.property(dueAndArmed, anyPolicy, ([dueMs, armedMs], policy) => {
        const at = deadlineSchedule(dueMs, armedMs, policy, SHANGHAI).map((s) => s.atMs);
        expect(at).toEqual([...at].sort((a, b) => a - b));
      }),
    );
  });

  test('no reminder falls before the deadline was armed, nor at or after the due instant', () => {
    fc.assert(
      fc.property(dueAndArmed, anyPolicy, ([dueMs, armedMs], policy) => {
        for (const s of deadlineSchedule(dueMs, armedMs, policy, SHANGHAI).filter((x) => x.type === 'reminder')) {
          expect(s.atMs).toBeGreaterThanOrEqual(armedMs);
          expect(s.atMs).toBeLessThan(dueMs);
        }
      }),
    );
  });

  test('a reminder offset is sent exactly once when its instant lies in [armed, due), else never', () => {
    fc.assert(
      fc.property(dueAndArmed, anyPolicy, ([dueMs, armedMs], policy) => {
        const reminders = deadlineSchedule(dueMs, armedMs, policy, SHANGHAI).filter((s) => s.type === 'reminder');
        const cal = dayCalendar(policy, SHANGHAI);
        for (const offsetText of new Set(policy.reminders)) {
          const at = shiftInstant(dueMs, offsetText, -1, cal);
          const sent = reminders.filter((s) => s.step === offsetText);
          expect(sent).toEqual(
            at >= armedMs && at < dueMs ? [{ type: 'reminder', step: offsetText, atMs: at, pushAtMs: at }] : [],
          );
        }
        expect(reminders.every((s) => policy.reminders.includes(s.step))).toBe(true);
      }),
    );
  });

  test('every escalation of the ladder is present exactly once, at or after the due instant', () => {
    fc.assert(
      fc.property(dueAndArmed, anyPolicy, ([dueMs, armedMs], policy) => {
        const escalations = deadlineSchedule(dueMs, armedMs, policy, SHANGHAI).filter((s) => s.type === 'escalation');
        expect(escalations.map((s) => s.step).sort()).toEqual(policy.escalation.map((e) => e.action).sort());
        for (const s of escalations) expect(s.atMs).toBeGreaterThanOrEqual(dueMs);
      }),
    );
  });

  test('recomputing gives an identical schedule', () => {
    fc.assert(
      fc.property(dueAndArmed, anyPolicy, ([dueMs, armedMs], policy) => {
        const first = deadlineSchedule(dueMs, armedMs, policy, SHANGHAI);
        expect(deadlineSchedule(dueMs, armedMs, structuredClone(policy), SHANGHAI)).toEqual(first);
      }),
    );
  });

  test('arming later only drops reminders; every other step stays where it was', () => {
    fc.assert(
      fc.property(
        due,
        fc.integer({ min: -30 * DAY, max: 30 * DAY }),
        fc.integer({ min: 0, max: 30 * DAY }),
        anyPolicy,
        (dueMs, early, delay, policy) => {
          const armedEarly = dueMs + early;
          const armedLate = armedEarly + delay;
          const expected = deadlineSchedule(dueMs, armedEarly, policy, SHANGHAI).filter(
            (s) => s.type === 'escalation' || s.atMs >= armedLate,
          );
          expect(deadlineSchedule(dueMs, armedLate, policy, SHANGHAI)).toEqual(expected);
        },
      ),
    );
  });

  test('armed at the campaign start, nothing comes before it except escalations of a deadline itself before it', () => {
    fc.assert(
      fc.property(due, anyPolicy, (dueMs, policy) => {
        for (const s of deadlineSchedule(dueMs, CAMPAIGN_START, policy, SHANGHAI)) {
          if (s.atMs < CAMPAIGN_START) {
            expect(s.type).toBe('escalation');
            expect(dueMs).toBeLessThan(CAMPAIGN_START);
          }
        }
      }),
    );
  });
});

// ---- lights -----------------------------------------------------------------------------------------------------

describe('deadlineLight for D1 (due 2020-06-10T23:59:59+08:00) under the default policy', () => {
  const light = (now: string, d: { metMs?: number | null; listed?: boolean } = {}, policy = CALENDAR_DAYS) =>
    deadlineLight({ dueMs: D1_DUE, ...d }, ms(now), policy, SHANGHAI);

  test.each<[string, Light]>([
    ['2020-06-01T00:00:00+08:00', 'green'],
    ['2020-06-07T23:59:58+08:00', 'green'],
    ['2020-06-07T23:59:59+08:00', 'yellow'], // due within warnWithin (P3D)
    ['2020-06-10T23:59:58+08:00', 'yellow'],
    ['2020-06-10T23:59:59+08:00', 'orange'], // overdue from the due instant
    ['2020-06-13T23:59:58+08:00', 'orange'],
    ['2020-06-13T23:59:59+08:00', 'red'], // past the supervision notice (T + 3 d)
    ['2020-07-31T12:00:00+08:00', 'red'],
  ])('at %s it is %s', (now, expected) => {
    expect(light(now)).toBe(expected);
  });

  test('listed supervision turns it red whatever the clock says', () => {
    expect(light('2020-06-01T00:00:00+08:00', { listed: true })).toBe('red');
    expect(light('2020-06-11T12:00:00+08:00', { listed: true })).toBe('red');
  });

  test('a met deadline is green, even when met late or after being listed', () => {
    expect(light('2020-06-08T12:00:00+08:00', { metMs: ms('2020-06-08T09:00:00+08:00') })).toBe('green');
    expect(light('2020-06-30T12:00:00+08:00', { metMs: ms('2020-06-25T09:00:00+08:00'), listed: true })).toBe('green');
  });

  test('with working days, yellow starts 3 working days before and red waits for the notice on Monday 06-15', () => {
    expect(light('2020-06-05T23:59:58+08:00', {}, WORKING_DAYS)).toBe('green');
    expect(light('2020-06-05T23:59:59+08:00', {}, WORKING_DAYS)).toBe('yellow');
    expect(light('2020-06-14T12:00:00+08:00', {}, WORKING_DAYS)).toBe('orange'); // Sunday: red under calendar days
    expect(light('2020-06-14T12:00:00+08:00', {}, CALENDAR_DAYS)).toBe('red');
    expect(light('2020-06-15T23:59:59+08:00', {}, WORKING_DAYS)).toBe('red');
  });

  test('warnWithin comes from the policy', () => {
    const wide = policyWith({ warnWithin: 'P7D' });
    expect(light('2020-06-04T00:00:00+08:00', {}, wide)).toBe('yellow');
    expect(light('2020-06-04T00:00:00+08:00', {}, CALENDAR_DAYS)).toBe('green');
  });

  test('a ladder without a supervision notice stays orange once overdue', () => {
    const noNotice = policyWith({
      escalation: [
        { after: 'PT0S', action: 'overdue' },
        { after: 'P10D', action: 'listed_supervision' },
      ],
    });
    expect(light('2020-07-31T12:00:00+08:00', {}, noNotice)).toBe('orange');
  });

  test('the light never improves with time for an unmet, unlisted deadline (property)', () => {
    fc.assert(
      fc.property(dueAndArmed, anyPolicy, fc.integer({ min: 0, max: 40 * DAY }), ([dueMs, nowMs], policy, later) => {
        const before = deadlineLight({ dueMs }, nowMs, policy, SHANGHAI);
        const after = deadlineLight({ dueMs }, nowMs + later, policy, SHANGHAI);
        expect(LIGHT_ORDER.indexOf(after)).toBeGreaterThanOrEqual(LIGHT_ORDER.indexOf(before));
      }),
    );
  });
});

describe('worstLight', () => {
  test.each<[Light[], Light]>([
    [[], 'green'],
    [['green', 'green'], 'green'],
    [['green', 'yellow', 'green'], 'yellow'],
    [['yellow', 'orange'], 'orange'],
    [['orange', 'red', 'yellow'], 'red'],
  ])('of %j is %s', (lights, expected) => {
    expect(worstLight(lights)).toBe(expected);
  });

  test('does not depend on the order of the lights (property)', () => {
    const lights = fc.array(fc.constantFrom<Light>(...LIGHT_ORDER), { maxLength: 8 });
    fc.assert(
      fc.property(lights, (ls) => {
        expect(worstLight([...ls].reverse())).toBe(worstLight(ls));
        for (const l of ls) expect(LIGHT_ORDER.indexOf(worstLight(ls))).toBeGreaterThanOrEqual(LIGHT_ORDER.indexOf(l));
      }),
    );
  });
});
