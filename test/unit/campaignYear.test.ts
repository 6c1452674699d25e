import { CampaignDefinitionSchema } from '../../domain/campaign';
import { settleDefinition } from '../../domain/campaignYear';
import { defaultCampaignYear } from '../../domain/template';

/** The plan's dates (卫法办发〔2020〕13号): D1–D3 by 06-10, D4–D6 by 09-30, D7 by 10-20, D8 by 10-31, close 11-30. */
const ms = (iso: string) => Date.parse(iso);
const definition = (changes: Record<string, unknown> = {}) =>
  CampaignDefinitionSchema.parse({
    name: '不作为慢作为乱作为专项整治',
    jurisdiction: { id: 'zhongwei', name: '中卫市' },
    agencies: [{ id: 'city-market', name: '中卫市市场监督管理局', jurisdictionId: 'zhongwei' }],
    ...changes,
  });

describe('the year a campaign defined without one runs in', () => {
  test.each([
    ['2026-01-15T09:00:00+08:00', 2026],
    ['2026-11-30T23:59:58+08:00', 2026], // the close, 11-30 23:59:59 in Zhongwei, is still ahead
    ['2026-11-30T23:59:59+08:00', 2027],
    ['2026-12-01T10:00:00+08:00', 2027], // the day of writing: 2026 has closed
    ['2026-12-31T20:00:00Z', 2027], // already 2027-01-01 04:00 in Zhongwei
  ])('at %s: %i', (now, year) => {
    expect(defaultCampaignYear(ms(now))).toBe(year);
  });

  test('on 2026-12-01 the README example (calendar omitted) is laid into 2027, its first reminder a week before 06-10', () => {
    const { settings } = settleDefinition(definition(), ms('2026-12-01T10:00:00+08:00'));
    expect(settings?.calendar.phases[0].startsAt).toBe('2027-06-01T00:00:00+08:00');
    expect(settings?.calendar.deadlines.D1).toBe('2027-06-10T23:59:59+08:00');
    expect(settings?.calendar.closesAt).toBe('2027-11-30T23:59:59+08:00');
  });

  test('a given year is used as given', () => {
    const { settings } = settleDefinition(definition({ year: 2028 }), ms('2026-12-01T10:00:00+08:00'));
    expect(settings?.calendar.deadlines.D7).toBe('2028-10-20T23:59:59+08:00');
  });

  test('year and calendar together are refused as a bad request', () => {
    const calendar = settleDefinition(definition({ year: 2027 }), ms('2026-12-01T10:00:00+08:00')).settings!.calendar;
    expect(CampaignDefinitionSchema.safeParse({ ...definition(), year: 2027, calendar }).success).toBe(false);
  });
});

describe('refusals on arrival', () => {
  const now = ms('2026-12-01T10:00:00+08:00');

  test('a 2020 definition has closed before it starts: campaign_closed_on_arrival naming the close', () => {
    const { refusal } = settleDefinition(definition({ year: 2020 }), now);
    expect(refusal?.code).toBe('campaign_closed_on_arrival');
    expect(refusal?.message).toContain('2020-11-30');
  });

  test('deadlines already past are refused, by name, unless allowPastDeadlines', () => {
    const inJuly = ms('2027-07-01T09:00:00+08:00');
    const { refusal } = settleDefinition(definition({ year: 2027 }), inJuly);
    expect(refusal?.code).toBe('deadlines_in_past');
    expect(refusal?.message).toMatch(/D1（2027-06-10）、D2（2027-06-10）、D3（2027-06-10）；/);
    expect(refusal?.details).toHaveLength(3);
    expect(settleDefinition(definition({ year: 2027, allowPastDeadlines: true }), inJuly).settings).toBeDefined();
  });

  test('working days in 2027 are refused naming 2027 while the library has no 2027 arrangement', () => {
    const { refusal } = settleDefinition(definition({ year: 2027, policy: { dayKind: 'working' } }), now);
    expect(refusal?.code).toBe('calendar_year_unknown');
    expect(refusal?.message).toContain('2027');
  });

  test("a bureau that lists 2027's days in its policy makes 2027 known", () => {
    // The bureau's own entry (not an official arrangement, which does not exist yet at the time of writing).
    const policy = { dayKind: 'working', holidays: ['2027-10-01'] };
    expect(settleDefinition(definition({ year: 2027, policy }), now).settings?.policy.holidays).toEqual(['2027-10-01']);
  });

  test('calendar days need no arrangement: the default policy runs in 2027', () => {
    expect(settleDefinition(definition({ year: 2027 }), now).refusal).toBeUndefined();
  });

  test('a 2026 campaign in working days is accepted in January 2026: the library has 2026', () => {
    expect(
      settleDefinition(definition({ policy: { dayKind: 'working' } }), ms('2026-01-05T09:00:00+08:00')).settings,
    ).toBeDefined();
  });
});
