import fc from 'fast-check';
import {
  CampaignDefinitionSchema,
  calendarProblems,
  jurisdictionIds,
  phaseAt,
  phaseBoundaries,
  settingsOf,
  type Calendar,
  type CampaignPhase,
} from '../../domain/campaign';
import { DEFAULT_POLICY, PHASE_KEYS, calendarInYear } from '../../domain/template';

const ms = (iso: string) => Date.parse(iso);

const JURISDICTION = {
  id: 'zhongwei',
  name: '中卫市',
  children: [
    { id: 'shapotou', name: '沙坡头区' },
    { id: 'zhongning', name: '中宁县', children: [{ id: 'zhongning-town', name: '宁安镇' }] },
  ],
};
const AGENCIES = [
  { id: 'city-market', name: '中卫市市场监督管理局', jurisdictionId: 'zhongwei' },
  { id: 'shapotou-traffic', name: '沙坡头区交通运输局', jurisdictionId: 'shapotou' },
];
/** The Zhongwei 2020 calendar as a definition would spell it out, free to edit. */
const zhongweiCalendar = (): Calendar => calendarInYear(2020);

function definition(changes: Record<string, unknown> = {}) {
  return { name: '不作为慢作为乱作为专项整治', jurisdiction: JURISDICTION, agencies: AGENCIES, ...changes };
}

/** Why a definition is refused: "path: message" for each issue. */
function refusals(def: unknown): string[] {
  const result = CampaignDefinitionSchema.safeParse(def);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('CampaignDefinitionSchema accepts sound definitions', () => {
  test('a definition that relies on the Zhongwei template', () => {
    expect(refusals(definition())).toEqual([]);
  });

  test('a definition spelling out the Zhongwei calendar and a working-day policy', () => {
    expect(refusals(definition({ calendar: zhongweiCalendar(), policy: { dayKind: 'working' } }))).toEqual([]);
  });

  test('an agency may hang off any node of the jurisdiction tree, however deep', () => {
    expect(
      refusals(
        definition({
          agencies: [...AGENCIES, { id: 'town-police', name: '宁安镇派出所', jurisdictionId: 'zhongning-town' }],
        }),
      ),
    ).toEqual([]);
  });

  test('the template calendar has no problems of its own', () => {
    expect(calendarProblems(zhongweiCalendar())).toEqual([]);
  });
});

describe('CampaignDefinitionSchema refuses broken definitions, naming what is wrong', () => {
  test('phases listed out of the plan’s order', () => {
    const calendar = zhongweiCalendar();
    [calendar.phases[2], calendar.phases[3]] = [calendar.phases[3], calendar.phases[2]];
    expect(refusals(definition({ calendar }))).toEqual(
      expect.arrayContaining([
        'calendar.phases.2.key: phase 3 must be "consolidation"',
        'calendar.phases.3.key: phase 4 must be "spot_check"',
      ]),
    );
  });

  test('a phase that starts before the one it follows', () => {
    const calendar = zhongweiCalendar();
    calendar.phases[2].startsAt = '2020-05-20T00:00:00+08:00'; // consolidation before self-inspection began
    expect(refusals(definition({ calendar }))).toEqual([
      'calendar.phases.2: phase "consolidation" is out of order: it must not start or end before "self_inspection"',
    ]);
  });

  test('a phase that ends before the one it follows ends', () => {
    const calendar = zhongweiCalendar();
    calendar.phases[3].endsAt = '2020-10-25T23:59:59+08:00';
    calendar.phases[3].startsAt = '2020-10-21T00:00:00+08:00';
    expect(refusals(definition({ calendar }))).toContain(
      'calendar.phases.3: phase "spot_check" is out of order: it must not start or end before "consolidation"',
    );
  });

  test('a phase that ends before it starts', () => {
    const calendar = zhongweiCalendar();
    calendar.phases[3].endsAt = '2020-10-31T00:00:00+08:00';
    expect(refusals(definition({ calendar }))).toContain('calendar.phases.3: phase "spot_check" ends before it starts');
  });

  test('a deliverable due after its phase has ended', () => {
    const calendar = zhongweiCalendar();
    calendar.deadlines.D7 = '2020-11-05T23:59:59+08:00';
    expect(refusals(definition({ calendar }))).toEqual([
      'calendar.deadlines.D7: deadline D7 lies outside its phase "consolidation"',
    ]);
  });

  test('a deliverable due before its phase has started', () => {
    const calendar = zhongweiCalendar();
    calendar.deadlines.D1 = '2020-05-31T23:59:59+08:00';
    expect(refusals(definition({ calendar }))).toEqual([
      'calendar.deadlines.D1: deadline D1 lies outside its phase "deployment"',
    ]);
  });

  test('a deadline one second after its phase ends is outside it; at the very end it is inside', () => {
    const calendar = zhongweiCalendar();
    calendar.deadlines.D4 = '2020-10-01T00:00:00+08:00';
    expect(refusals(definition({ calendar }))).toEqual([
      'calendar.deadlines.D4: deadline D4 lies outside its phase "self_inspection"',
    ]);
    calendar.deadlines.D4 = calendar.phases[1].endsAt;
    expect(refusals(definition({ calendar }))).toEqual([]);
  });

  test('a campaign that closes before its last phase ends', () => {
    const calendar = zhongweiCalendar();
    calendar.closesAt = '2020-11-10T00:00:00+08:00';
    expect(refusals(definition({ calendar }))).toEqual([
      'calendar.closesAt: the campaign closes before its last phase ends',
    ]);
  });

  test('two agencies with the same id', () => {
    const agencies = [...AGENCIES, { id: 'city-market', name: '另一个市场监管局', jurisdictionId: 'zhongning' }];
    expect(refusals(definition({ agencies }))).toEqual(['agencies.2.id: agency id "city-market" appears twice']);
  });

  test('an agency in a jurisdiction that is not in the tree', () => {
    const agencies = [{ id: 'yinchuan-police', name: '银川市公安局', jurisdictionId: 'yinchuan' }, ...AGENCIES];
    expect(refusals(definition({ agencies }))).toEqual(['agencies.0.jurisdictionId: unknown jurisdiction "yinchuan"']);
  });

  test('the same jurisdiction id twice in the tree, even at different depths', () => {
    const jurisdiction = {
      ...JURISDICTION,
      children: [
        ...JURISDICTION.children,
        { id: 'haiyuan', name: '海原县', children: [{ id: 'shapotou', name: '重复的沙坡头区' }] },
      ],
    };
    expect(refusals(definition({ jurisdiction }))).toEqual(['jurisdiction: jurisdiction id "shapotou" appears twice']);
  });

  test('a child reusing the city’s own id', () => {
    const jurisdiction = { id: 'zhongwei', name: '中卫市', children: [{ id: 'zhongwei', name: '中卫市（重复）' }] };
    expect(refusals(definition({ jurisdiction, agencies: [AGENCIES[0]] }))).toEqual([
      'jurisdiction: jurisdiction id "zhongwei" appears twice',
    ]);
  });

  test('several problems are all reported at once', () => {
    const agencies = [...AGENCIES, { ...AGENCIES[1] }, { id: 'x', name: 'x', jurisdictionId: 'nowhere' }];
    const calendar = zhongweiCalendar();
    calendar.deadlines.D8 = '2020-12-01T00:00:00+08:00';
    expect(refusals(definition({ agencies, calendar })).sort()).toEqual([
      'agencies.2.id: agency id "shapotou-traffic" appears twice',
      'agencies.3.jurisdictionId: unknown jurisdiction "nowhere"',
      'calendar.deadlines.D8: deadline D8 lies outside its phase "consolidation"',
    ]);
  });

  test('an unknown time zone', () => {
    expect(refusals(definition({ calendar: { ...zhongweiCalendar(), timeZone: 'Asia/Zhongwei' } }))).toEqual([
      'calendar.timeZone: an IANA time zone',
    ]);
  });

  test.each(['P1M', 'P1Y', 'P-1D', 'P1.5D', '3 days'])(
    'a reminder offset of %s, which the ladder could not apply',
    (offset) => {
      expect(refusals(definition({ policy: { reminders: ['P3D', offset] } }))).toEqual([
        'policy.reminders.1: an ISO 8601 duration such as P3D or PT2S',
      ]);
    },
  );

  test('an escalation ladder with no steps, or an unknown action', () => {
    expect(refusals(definition({ policy: { escalation: [] } }))).toHaveLength(1);
    expect(refusals(definition({ policy: { escalation: [{ after: 'P1D', action: 'public_shaming' }] } }))[0]).toMatch(
      /^policy\.escalation\.0\.action:/,
    );
  });

  test('a policy field the template does not know', () => {
    expect(refusals(definition({ policy: { reminderz: ['P1D'] } }))).toHaveLength(1);
  });

  test('a calendar missing a deliverable deadline', () => {
    const calendar = zhongweiCalendar() as unknown as { deadlines: Record<string, string> };
    delete calendar.deadlines.D5;
    expect(refusals(definition({ calendar }))[0]).toMatch(/^calendar\.deadlines\.D5:/);
  });
});

describe('settingsOf fills in the Zhongwei plan laid into a year', () => {
  test('without a calendar or policy, a campaign runs the plan’s dates in the year given and SPEC §8’s ladder', () => {
    const { calendar, policy } = settingsOf(CampaignDefinitionSchema.parse(definition()), 2020);
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    expect(calendar.phases.map((p) => [p.key, p.startsAt, p.endsAt])).toEqual([
      ['deployment', '2020-06-01T00:00:00+08:00', '2020-06-10T23:59:59+08:00'],
      ['self_inspection', '2020-06-01T00:00:00+08:00', '2020-09-30T23:59:59+08:00'],
      ['consolidation', '2020-10-01T00:00:00+08:00', '2020-10-31T23:59:59+08:00'],
      ['spot_check', '2020-11-01T00:00:00+08:00', '2020-11-15T23:59:59+08:00'],
    ]);
    expect(calendar.deadlines).toEqual({
      D1: '2020-06-10T23:59:59+08:00',
      D2: '2020-06-10T23:59:59+08:00',
      D3: '2020-06-10T23:59:59+08:00',
      D4: '2020-09-30T23:59:59+08:00',
      D5: '2020-09-30T23:59:59+08:00',
      D6: '2020-09-30T23:59:59+08:00',
      D7: '2020-10-20T23:59:59+08:00',
      D8: '2020-10-31T23:59:59+08:00',
    });
    expect(calendar.closesAt).toBe('2020-11-30T23:59:59+08:00');
    expect(policy).toEqual({
      dayKind: 'calendar',
      // the official arrangement comes from the calendar library; the policy lists only a bureau's own days
      holidays: [],
      workdays: [],
      reminders: ['P7D', 'P3D', 'P1D'],
      escalation: [
        { after: 'PT0S', action: 'overdue' },
        { after: 'P3D', action: 'supervision_notice' },
        { after: 'P10D', action: 'listed_supervision' },
      ],
      warnWithin: 'P3D',
      itemDue: { immediate: 'P15D', disciplinary_lead: 'P5D' },
      complaintInvestigation: 'P15D',
      noticePrefix: '卫法督',
      // SPEC §14: one working day to sign for a notice (calendar days under this policy)
      receipt: 'P1D',
    });
  });

  test('a partial policy changes only what it names', () => {
    const { policy } = settingsOf(
      CampaignDefinitionSchema.parse(definition({ policy: { dayKind: 'working', reminders: ['P2D'] } })),
      2027,
    );
    expect(policy.dayKind).toBe('working');
    expect(policy.reminders).toEqual(['P2D']);
    expect(policy.escalation).toEqual(DEFAULT_POLICY.escalation);
    expect(policy.holidays).toEqual([]);
    expect(policy.workdays).toEqual([]);
    expect(policy.warnWithin).toBe('P3D');
  });

  test('a given calendar is used as given', () => {
    const calendar = zhongweiCalendar();
    calendar.deadlines.D7 = '2020-10-25T23:59:59+08:00';
    expect(settingsOf({ calendar }).calendar.deadlines.D7).toBe('2020-10-25T23:59:59+08:00');
  });

  test('each campaign gets its own copy: changing one campaign’s settings leaves the template alone', () => {
    const first = settingsOf({}, 2020);
    first.policy.holidays.push('2020-12-25');
    first.policy.escalation[0].after = 'P1D';
    first.calendar.deadlines.D1 = '2020-06-30T23:59:59+08:00';
    const second = settingsOf({}, 2020);
    expect(second.policy.holidays).not.toContain('2020-12-25');
    expect(second.policy.escalation[0].after).toBe('PT0S');
    expect(second.calendar.deadlines.D1).toBe('2020-06-10T23:59:59+08:00');
  });
});

describe('jurisdictionIds', () => {
  test('lists the whole tree, root first', () => {
    expect(jurisdictionIds(JURISDICTION)).toEqual(['zhongwei', 'shapotou', 'zhongning', 'zhongning-town']);
  });
});

describe('phaseAt on the Zhongwei 2020 calendar', () => {
  const calendar = zhongweiCalendar();
  test.each<[string, CampaignPhase]>([
    ['2020-05-31T23:59:59+08:00', 'not_started'],
    ['2020-06-01T00:00:00+08:00', 'deployment'], // deployment and self-inspection overlap: the first holds
    ['2020-06-10T23:59:58+08:00', 'deployment'],
    ['2020-06-11T00:00:00+08:00', 'self_inspection'],
    ['2020-09-30T12:00:00+08:00', 'self_inspection'],
    ['2020-09-30T23:59:59.500+08:00', 'self_inspection'], // the last second of the day: ended, but nothing newer started
    ['2020-10-01T00:00:00+08:00', 'consolidation'],
    ['2020-10-31T23:59:58+08:00', 'consolidation'],
    ['2020-11-01T00:00:00+08:00', 'spot_check'],
    ['2020-11-20T12:00:00+08:00', 'spot_check'], // after spot-checks, before the final report
    ['2020-11-30T23:59:58+08:00', 'spot_check'],
    ['2020-11-30T23:59:59+08:00', 'closed'],
    ['2021-03-01T00:00:00+08:00', 'closed'],
  ])('at %s the campaign is in %s', (at, expected) => {
    expect(phaseAt(calendar, ms(at))).toBe(expected);
  });
});

describe('phaseBoundaries', () => {
  test('the Zhongwei calendar may change phase at eight instants, in order, the shared start once', () => {
    expect(phaseBoundaries(zhongweiCalendar())).toEqual(
      [
        '2020-06-01T00:00:00+08:00',
        '2020-06-10T23:59:59+08:00',
        '2020-09-30T23:59:59+08:00',
        '2020-10-01T00:00:00+08:00',
        '2020-10-31T23:59:59+08:00',
        '2020-11-01T00:00:00+08:00',
        '2020-11-15T23:59:59+08:00',
        '2020-11-30T23:59:59+08:00',
      ].map(ms),
    );
  });

  const ORDER: CampaignPhase[] = ['not_started', ...PHASE_KEYS, 'closed'];
  const instant = fc.integer({ min: ms('2020-05-01T00:00:00+08:00'), max: ms('2020-12-31T23:59:59+08:00') });

  test('the phase only changes at a boundary (property)', () => {
    const calendar = zhongweiCalendar();
    const boundaries = phaseBoundaries(calendar);
    fc.assert(
      fc.property(instant, (t) => {
        const lastBoundary = boundaries.filter((b) => b <= t).pop();
        expect(phaseAt(calendar, t)).toBe(lastBoundary === undefined ? 'not_started' : phaseAt(calendar, lastBoundary));
      }),
    );
  });

  test('phases only move forward in time (property)', () => {
    const calendar = zhongweiCalendar();
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(ORDER.indexOf(phaseAt(calendar, late))).toBeGreaterThanOrEqual(ORDER.indexOf(phaseAt(calendar, early)));
      }),
    );
  });
});
