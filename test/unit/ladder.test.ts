import fc from 'fast-check';
import { DateTime } from 'luxon';
import { PolicySchema, type Policy } from '../../domain/campaign';
import type { TakenStep, TrackedDeadline } from '../../domain/contract';
import { lightOf, nextStep, pendingStep, plannedSteps } from '../../domain/policy/ladder';
import { deadlineSchedule, type ScheduleStep } from '../../domain/policy/schedule';
import { DEFAULT_POLICY, calendarInYear } from '../../domain/template';

/** The plan laid into 2020, the year it was written for. */
const ZHONGWEI_2020_CALENDAR = calendarInYear(2020);

const SHANGHAI = 'Asia/Shanghai';
/** The ladder's order and bookkeeping at its counted instants: a window of the whole day (deliveryWindow.test.ts has the default). */
const AT_ONCE = { days: 'all', hours: '00:00-24:00' } as const;
const POLICY: Policy = PolicySchema.parse({ ...structuredClone(DEFAULT_POLICY), delivery: AT_ONCE });
const ms = (iso: string) => Date.parse(iso);
const local = (atMs: number) => DateTime.fromMillis(atMs, { zone: SHANGHAI }).toISO({ suppressMilliseconds: true });
/** Instants are stored the way workflows store them: normalised to UTC. */
const stored = (iso: string) => new Date(iso).toISOString();

const CAMPAIGN_START = ZHONGWEI_2020_CALENDAR.phases[0].startsAt;
const D1_DUE = ZHONGWEI_2020_CALENDAR.deadlines.D1; // 2020-06-10T23:59:59+08:00
const D4_DUE = ZHONGWEI_2020_CALENDAR.deadlines.D4; // 2020-09-30T23:59:59+08:00

function tracked(id: string, dueAt: string, changes: Partial<TrackedDeadline> = {}): TrackedDeadline {
  return {
    subject: { kind: 'deliverable', id },
    dueAt: stored(dueAt),
    armedAt: stored(CAMPAIGN_START),
    metAt: null,
    listed: false,
    taken: [],
    moves: [],
    ...changes,
  };
}

/** A step as recorded once taken, for the deadline it was taken for. */
const tookFor = (dueAt: string, step: string, type: TakenStep['type'] = 'reminder'): TakenStep => ({
  type,
  step,
  deadline: stored(dueAt),
  scheduledFor: stored(dueAt),
  occurredAt: stored(dueAt),
});

const described = (s: ScheduleStep | null | undefined) => s && [s.type, s.step, local(s.atMs)];

describe('pendingStep: the step a deadline owes next', () => {
  test('a fresh D1 owes its 7-day reminder on 06-03', () => {
    expect(described(pendingStep(tracked('D1', D1_DUE), POLICY, SHANGHAI))).toEqual([
      'reminder',
      'P7D',
      '2020-06-03T23:59:59+08:00',
    ]);
  });

  test('after the 7- and 3-day reminders it owes the 1-day reminder', () => {
    const d = tracked('D1', D1_DUE, { taken: [tookFor(D1_DUE, 'P7D'), tookFor(D1_DUE, 'P3D')] });
    expect(described(pendingStep(d, POLICY, SHANGHAI))).toEqual(['reminder', 'P1D', '2020-06-09T23:59:59+08:00']);
  });

  test('after every reminder it owes the overdue mark at the due instant', () => {
    const d = tracked('D1', D1_DUE, { taken: ['P7D', 'P3D', 'P1D'].map((s) => tookFor(D1_DUE, s)) });
    expect(described(pendingStep(d, POLICY, SHANGHAI))).toEqual(['escalation', 'overdue', '2020-06-10T23:59:59+08:00']);
  });

  test('once the whole ladder is taken it owes nothing', () => {
    const d = tracked('D1', D1_DUE, {
      taken: [
        ...['P7D', 'P3D', 'P1D'].map((s) => tookFor(D1_DUE, s)),
        ...['overdue', 'supervision_notice', 'listed_supervision'].map((s) => tookFor(D1_DUE, s, 'escalation')),
      ],
    });
    expect(pendingStep(d, POLICY, SHANGHAI)).toBeNull();
  });

  test('a met deadline owes nothing, however much of its ladder is left', () => {
    expect(
      pendingStep(tracked('D1', D1_DUE, { metAt: stored('2020-06-02T10:00:00+08:00') }), POLICY, SHANGHAI),
    ).toBeNull();
    expect(
      pendingStep(tracked('D1', D1_DUE, { metAt: stored('2020-06-15T10:00:00+08:00') }), POLICY, SHANGHAI),
    ).toBeNull();
  });

  test('a moved deadline owes its reminders again: steps taken for the old due date do not count', () => {
    // D1 was due 06-10; on 06-05 the bureau moved it to 06-20 after the 7-day reminder had gone out for 06-10.
    const moved = tracked('D1', '2020-06-20T23:59:59+08:00', {
      armedAt: stored('2020-06-05T12:00:00+08:00'),
      taken: [tookFor(D1_DUE, 'P7D')],
    });
    expect(described(pendingStep(moved, POLICY, SHANGHAI))).toEqual(['reminder', 'P7D', '2020-06-13T23:59:59+08:00']);
  });

  test('lightOf reads the tracked deadline: listed is red, met is green', () => {
    const now = ms('2020-06-05T12:00:00+08:00');
    expect(lightOf(tracked('D1', D1_DUE), now, POLICY, SHANGHAI)).toBe('green');
    expect(lightOf(tracked('D1', D1_DUE), ms('2020-06-11T00:00:00+08:00'), POLICY, SHANGHAI)).toBe('orange');
    expect(lightOf(tracked('D1', D1_DUE, { listed: true }), now, POLICY, SHANGHAI)).toBe('red');
    expect(
      lightOf(
        tracked('D1', D1_DUE, { listed: true, metAt: stored('2020-06-30T10:00:00+08:00') }),
        ms('2020-07-01T00:00:00+08:00'),
        POLICY,
        SHANGHAI,
      ),
    ).toBe('green');
  });
});

describe('nextStep: across several deadlines, the earliest step still owed', () => {
  // An immediate ledger item due 06-05, created on 06-02: its 7-day reminder (05-29) is before it existed.
  const item = () => ({
    ...tracked('item-1', '2020-06-05T23:59:59+08:00', { armedAt: stored('2020-06-02T09:00:00+08:00') }),
    subject: { kind: 'item' as const, id: 'item-1' },
  });

  test('the globally earliest step wins, wherever its deadline stands in the list', () => {
    const deadlines = [tracked('D1', D1_DUE), tracked('D4', D4_DUE), item()];
    const next = nextStep(deadlines, POLICY, SHANGHAI);
    expect(next?.index).toBe(2);
    expect(described(next?.step)).toEqual(['reminder', 'P3D', '2020-06-02T23:59:59+08:00']);
  });

  test('once that step is taken, the next earliest is D1’s 7-day reminder', () => {
    const withTaken = { ...item(), taken: [tookFor('2020-06-05T23:59:59+08:00', 'P3D')] };
    const next = nextStep([tracked('D1', D1_DUE), tracked('D4', D4_DUE), withTaken], POLICY, SHANGHAI);
    expect(next?.index).toBe(0);
    expect(described(next?.step)).toEqual(['reminder', 'P7D', '2020-06-03T23:59:59+08:00']);
  });

  test('steps due at the same instant are taken one deadline at a time, in list order', () => {
    const d1 = tracked('D1', D1_DUE);
    const d2 = tracked('D2', D1_DUE);
    const d3 = tracked('D3', D1_DUE);
    expect(nextStep([d1, d2, d3], POLICY, SHANGHAI)?.index).toBe(0);
    d1.taken.push(tookFor(D1_DUE, 'P7D'));
    expect(nextStep([d1, d2, d3], POLICY, SHANGHAI)?.index).toBe(1);
    d2.taken.push(tookFor(D1_DUE, 'P7D'));
    expect(nextStep([d1, d2, d3], POLICY, SHANGHAI)).toMatchObject({ index: 2, step: { step: 'P7D' } });
    d3.taken.push(tookFor(D1_DUE, 'P7D'));
    expect(nextStep([d1, d2, d3], POLICY, SHANGHAI)).toMatchObject({ index: 0, step: { step: 'P3D' } });
  });

  test('a met deadline yields nothing, so the next step belongs to another one', () => {
    const next = nextStep(
      [tracked('D1', D1_DUE, { metAt: stored('2020-06-02T10:00:00+08:00') }), tracked('D4', D4_DUE)],
      POLICY,
      SHANGHAI,
    );
    expect(next?.index).toBe(1);
    expect(described(next?.step)).toEqual(['reminder', 'P7D', '2020-09-23T23:59:59+08:00']);
  });

  test('the old due date of a moved deadline is forgotten: its new reminders compete with the others', () => {
    // D1 moved on 06-05 to 06-20 after its 06-10 reminders P7D and P3D had gone out; D4 untouched.
    const moved = tracked('D1', '2020-06-20T23:59:59+08:00', {
      armedAt: stored('2020-06-05T12:00:00+08:00'),
      taken: [tookFor(D1_DUE, 'P7D'), tookFor(D1_DUE, 'P3D')],
    });
    const next = nextStep([tracked('D4', D4_DUE), moved], POLICY, SHANGHAI);
    expect(next?.index).toBe(1);
    expect(described(next?.step)).toEqual(['reminder', 'P7D', '2020-06-13T23:59:59+08:00']);
  });

  test('no deadlines, or only met ones, yield nothing', () => {
    expect(nextStep([], POLICY, SHANGHAI)).toBeNull();
    const met = stored('2020-06-02T10:00:00+08:00');
    expect(
      nextStep([tracked('D1', D1_DUE, { metAt: met }), tracked('D2', D1_DUE, { metAt: met })], POLICY, SHANGHAI),
    ).toBeNull();
  });
});

describe('recovery after downtime (property)', () => {
  // Taking nextStep one at a time, as the agency workflow does after an outage, must take every owed step of every
  // unmet deadline, in time order, each once: never skipped, never doubled.
  const DAY = 86_400_000;
  const deadlineArb = fc.record({
    dueMs: fc.integer({ min: ms('2020-06-01T00:00:00+08:00'), max: ms('2020-11-30T23:59:59+08:00') }),
    armedBefore: fc.integer({ min: -5 * DAY, max: 20 * DAY }),
    met: fc.boolean(),
  });
  const policyArb = fc
    .record({
      dayKind: fc.constantFrom<Policy['dayKind']>('calendar', 'working'),
      reminders: fc.array(
        fc.integer({ min: 0, max: 10 }).map((n) => `P${n}D`),
        { maxLength: 4 },
      ),
    })
    .map((p) => PolicySchema.parse({ ...structuredClone(DEFAULT_POLICY), delivery: AT_ONCE, ...p }));

  test('every step is taken once, in time order', () => {
    fc.assert(
      fc.property(fc.array(deadlineArb, { minLength: 1, maxLength: 6 }), policyArb, (specs, policy) => {
        const deadlines = specs.map((s, i) =>
          tracked(`d${i}`, new Date(s.dueMs).toISOString(), {
            armedAt: new Date(s.dueMs - s.armedBefore).toISOString(),
            metAt: s.met ? new Date(s.dueMs).toISOString() : null,
          }),
        );
        const owed = deadlines.flatMap((d, index) =>
          d.metAt
            ? []
            : deadlineSchedule(Date.parse(d.dueAt), Date.parse(d.armedAt), policy, SHANGHAI).map((step) => ({
                index,
                step,
              })),
        );

        const takenInOrder: { index: number; step: ScheduleStep }[] = [];
        for (let guard = 0; guard <= owed.length; guard += 1) {
          const next = nextStep(deadlines, policy, SHANGHAI);
          if (!next) break;
          takenInOrder.push(next);
          const d = deadlines[next.index];
          d.taken.push({
            type: next.step.type,
            step: next.step.step,
            deadline: d.dueAt,
            scheduledFor: '',
            occurredAt: '',
          });
        }

        expect(nextStep(deadlines, policy, SHANGHAI)).toBeNull();
        const times = takenInOrder.map((t) => t.step.atMs);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        const key = (t: { index: number; step: ScheduleStep }) => `${t.index}/${t.step.step}@${t.step.atMs}`;
        expect(takenInOrder.map(key).sort()).toEqual(owed.map(key).sort());
      }),
    );
  });
});

describe('plannedSteps: the instants a ladder fires, the taken ones marked', () => {
  test('an open deadline lists its whole ladder in calendar days; the steps taken carry takenAt', () => {
    const d = tracked('D1', D1_DUE, { taken: [tookFor(D1_DUE, 'P7D'), tookFor(D1_DUE, 'P3D')] });
    expect(
      plannedSteps(d, POLICY, SHANGHAI).map((s) => [s.step, local(Date.parse(s.at)), s.takenAt !== undefined]),
    ).toEqual([
      ['P7D', '2020-06-03T23:59:59+08:00', true],
      ['P3D', '2020-06-07T23:59:59+08:00', true],
      ['P1D', '2020-06-09T23:59:59+08:00', false],
      ['overdue', '2020-06-10T23:59:59+08:00', false],
      ['supervision_notice', '2020-06-13T23:59:59+08:00', false],
      ['listed_supervision', '2020-06-20T23:59:59+08:00', false],
    ]);
  });

  test('a deadline met keeps only the steps taken before: nothing more will fire', () => {
    const d = tracked('D1', D1_DUE, { metAt: stored('2020-06-08T10:00:00+08:00'), taken: [tookFor(D1_DUE, 'P7D')] });
    expect(plannedSteps(d, POLICY, SHANGHAI).map((s) => s.step)).toEqual(['P7D']);
  });

  test('steps taken for an earlier due date are not shown against the new one', () => {
    const moved = '2020-06-20T23:59:59+08:00';
    const d = tracked('D1', moved, { taken: [tookFor(D1_DUE, 'P7D')] });
    expect(plannedSteps(d, POLICY, SHANGHAI).filter((s) => s.takenAt)).toEqual([]);
  });
});
