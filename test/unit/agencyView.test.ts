import { settingsOf, type CampaignSettings } from '../../domain/campaign';
import { viewAgency } from '../../domain/agencyView';
import type { AgencyState, DeliverableState, TakenStep } from '../../domain/contract';
import { DELIVERABLE_CODES, calendarInYear, type DeliverableCode } from '../../domain/template';

const ms = (iso: string) => Date.parse(iso);
const stored = (iso: string) => new Date(iso).toISOString();
const ZHONGWEI_2020 = calendarInYear(2020);
const SETTINGS: CampaignSettings = settingsOf({}, 2020);
const WORKING_SETTINGS: CampaignSettings = settingsOf({ policy: { dayKind: 'working' } }, 2020);

const AGENCY = { id: 'city-market', name: '中卫市市场监督管理局', jurisdictionId: 'zhongwei' };

/** An agency on the Zhongwei 2020 calendar, every deliverable armed at the campaign start, with some changed. */
function agencyState(changes: Partial<Record<DeliverableCode, Partial<DeliverableState>>> = {}): AgencyState {
  return {
    campaignId: 'zw-2020',
    agency: AGENCY,
    phase: 'deployment',
    deliverables: DELIVERABLE_CODES.map((code) => ({
      code,
      late: false,
      subject: { kind: 'deliverable', id: code },
      dueAt: stored(ZHONGWEI_2020.deadlines[code]),
      armedAt: stored(ZHONGWEI_2020.phases[0].startsAt),
      metAt: null,
      listed: false,
      taken: [],
      moves: [],
      ...changes[code],
    })),
    checklist: {},
    itemsByChecklist: {},
  };
}

const step = (type: TakenStep['type'], name: string, deadline: string): TakenStep => ({
  type,
  step: name,
  deadline: stored(deadline),
  scheduledFor: stored(deadline),
  occurredAt: stored(deadline),
});
const lights = (view: ReturnType<typeof viewAgency>) =>
  Object.fromEntries(view.deliverables.map((d) => [d.code, d.light]));

describe('viewAgency: what operators see of one agency at an instant', () => {
  test('early in deployment all is green and the next deadline is D1 on 06-10', () => {
    const view = viewAgency(agencyState(), SETTINGS, ms('2020-06-05T12:00:00+08:00'));
    expect(view.light).toBe('green');
    expect(view.deliverables.every((d) => d.light === 'green')).toBe(true);
    expect(view.nextDeadline).toEqual({
      subject: { kind: 'deliverable', id: 'D1' },
      dueAt: stored('2020-06-10T23:59:59+08:00'),
    });
    expect(view).toMatchObject({ overdue: false, listed: false, remindersSent: 0, escalationsTaken: 0 });
  });

  test('within three days of 06-10 the deployment deliverables turn yellow, and so does the agency', () => {
    const view = viewAgency(agencyState(), SETTINGS, ms('2020-06-08T12:00:00+08:00'));
    expect(lights(view)).toEqual({
      D1: 'yellow',
      D2: 'yellow',
      D3: 'yellow',
      D4: 'green',
      D5: 'green',
      D6: 'green',
      D7: 'green',
      D8: 'green',
    });
    expect(view.light).toBe('yellow');
    expect(view.overdue).toBe(false);
  });

  test('D1 submitted, D2 and D3 missed: the agency is overdue and orange, and its next deadline is D4 on 09-30, not the passed 06-10', () => {
    const state = agencyState({ D1: { metAt: stored('2020-06-09T16:00:00+08:00') } });
    const view = viewAgency(state, SETTINGS, ms('2020-06-12T09:00:00+08:00'));
    expect(lights(view)).toMatchObject({ D1: 'green', D2: 'orange', D3: 'orange', D4: 'green' });
    expect(view.light).toBe('orange');
    expect(view.overdue).toBe(true);
    expect(view.nextDeadline).toEqual({
      subject: { kind: 'deliverable', id: 'D4' },
      dueAt: stored('2020-09-30T23:59:59+08:00'),
    });
  });

  test('overdue from the due instant itself', () => {
    expect(viewAgency(agencyState(), SETTINGS, ms('2020-06-10T23:59:58+08:00')).overdue).toBe(false);
    expect(viewAgency(agencyState(), SETTINGS, ms('2020-06-10T23:59:59+08:00')).overdue).toBe(true);
  });

  test('a deliverable submitted late no longer counts against the agency', () => {
    const late = stored('2020-06-14T10:00:00+08:00');
    const state = agencyState({
      D1: { metAt: late, late: true },
      D2: { metAt: late, late: true },
      D3: { metAt: late, late: true },
    });
    const view = viewAgency(state, SETTINGS, ms('2020-06-20T09:00:00+08:00'));
    expect(view).toMatchObject({
      light: 'green',
      overdue: false,
      nextDeadline: { subject: { id: 'D4' }, dueAt: stored('2020-09-30T23:59:59+08:00') },
    });
  });

  test('past the supervision notice the agency is red; with working days the same Sunday is still orange', () => {
    const sunday = ms('2020-06-14T12:00:00+08:00'); // notice: 06-13 (calendar days), Monday 06-15 (working days)
    expect(viewAgency(agencyState(), SETTINGS, sunday).light).toBe('red');
    expect(viewAgency(agencyState(), WORKING_SETTINGS, sunday).light).toBe('orange');
  });

  test('a deliverable under listed supervision makes the agency red and listed until it is submitted', () => {
    const listed = agencyState({ D2: { listed: true } });
    const before = viewAgency(listed, SETTINGS, ms('2020-06-05T12:00:00+08:00'));
    expect(before).toMatchObject({ light: 'red', listed: true });
    const submitted = agencyState({ D2: { listed: true, metAt: stored('2020-06-25T10:00:00+08:00') } });
    const after = viewAgency(submitted, SETTINGS, ms('2020-06-26T12:00:00+08:00'));
    expect(after.listed).toBe(false);
    expect(after.deliverables.find((d) => d.code === 'D2')?.light).toBe('green');
  });

  test('the agency light is the worst of its open deliverables', () => {
    const state = agencyState({ D3: { listed: true }, D1: { metAt: stored('2020-06-01T10:00:00+08:00') } });
    expect(viewAgency(state, SETTINGS, ms('2020-06-08T12:00:00+08:00')).light).toBe('red');
  });

  test('reminders and escalations are counted across deliverables, including those sent before a deadline moved', () => {
    const d1Old = '2020-06-10T23:59:59+08:00';
    const d1New = '2020-06-20T23:59:59+08:00';
    const state = agencyState({
      D1: {
        dueAt: stored(d1New),
        taken: [step('reminder', 'P7D', d1Old), step('reminder', 'P3D', d1Old), step('reminder', 'P7D', d1New)],
      },
      D2: {
        taken: [
          ...['P7D', 'P3D', 'P1D'].map((s) => step('reminder', s, d1Old)),
          step('escalation', 'overdue', d1Old),
          step('escalation', 'supervision_notice', d1Old),
        ],
      },
    });
    const view = viewAgency(state, SETTINGS, ms('2020-06-15T09:00:00+08:00'));
    expect(view.remindersSent).toBe(6);
    expect(view.escalationsTaken).toBe(2);
    // D2 and D3 (06-10) have passed: the moved D1 (06-20) is what lies ahead
    expect(view.nextDeadline).toEqual({
      subject: { kind: 'deliverable', id: 'D1' },
      dueAt: stored('2020-06-20T23:59:59+08:00'),
    });
  });

  test('the next deadline is never one that has passed: at, just before and just after the 06-10 instant', () => {
    const next = (iso: string) => viewAgency(agencyState(), SETTINGS, ms(iso)).nextDeadline;
    expect(next('2020-06-10T23:59:58+08:00')).toEqual({
      subject: { kind: 'deliverable', id: 'D1' },
      dueAt: stored('2020-06-10T23:59:59+08:00'),
    });
    expect(next('2020-06-10T23:59:59+08:00')).toEqual({
      subject: { kind: 'deliverable', id: 'D4' },
      dueAt: stored('2020-09-30T23:59:59+08:00'),
    });
    expect(next('2020-10-01T00:00:00+08:00')).toEqual({
      subject: { kind: 'deliverable', id: 'D7' },
      dueAt: stored('2020-10-20T23:59:59+08:00'),
    });
    expect(next('2020-10-25T08:00:00+08:00')).toEqual({
      subject: { kind: 'deliverable', id: 'D8' },
      dueAt: stored('2020-10-31T23:59:59+08:00'),
    });
    // everything open but every deadline passed: nothing is "next", the agency is overdue
    expect(viewAgency(agencyState(), SETTINGS, ms('2020-11-01T00:00:00+08:00'))).toMatchObject({
      nextDeadline: null,
      overdue: true,
    });
  });

  test('once everything is delivered there is no next deadline and the agency is green', () => {
    const met = stored('2020-06-09T10:00:00+08:00');
    const state = agencyState(Object.fromEntries(DELIVERABLE_CODES.map((c) => [c, { metAt: met }])));
    expect(viewAgency(state, SETTINGS, ms('2020-11-20T12:00:00+08:00'))).toMatchObject({
      nextDeadline: null,
      light: 'green',
      overdue: false,
      listed: false,
    });
  });

  test('the view carries the agency’s own facts through and leaves the state untouched', () => {
    const state = agencyState();
    state.checklist.A1 = { answer: 'compliant', answeredAt: stored('2020-06-15T10:00:00+08:00') };
    state.itemsByChecklist.B3 = 2;
    const copy = structuredClone(state);
    const view = viewAgency(state, SETTINGS, ms('2020-06-20T12:00:00+08:00'));
    expect(view).toMatchObject({
      campaignId: 'zw-2020',
      agency: AGENCY,
      phase: 'deployment',
      checklist: copy.checklist,
      itemsByChecklist: { B3: 2 },
    });
    expect(state).toEqual(copy);
  });
});
