import official from 'chinese-days/dist/chinese-days.json';
import { useHarness } from '../support/harness';
import { JURISDICTION, SECONDS_POLICY, compressedCalendar, createCampaign, eventually } from '../support/campaigns';

/** The README's first campaign, as a bureau types it: no calendar, no policy, no year. */
const README_EXAMPLE = {
  name: '中卫市行政执法不作为慢作为乱作为专项整治',
  jurisdiction: { id: 'zhongwei', name: '中卫市', children: [{ id: 'shapotou', name: '沙坡头区' }] },
  agencies: [{ id: 'market-supervision', name: '市市场监督管理局', jurisdictionId: 'zhongwei' }],
};
/** The first year after those the calendar library has an arrangement for (2027 with chinese-days 1.5.7). */
const FIRST_UNKNOWN_YEAR = Math.max(...Object.keys(official.holidays).map((d) => Number(d.slice(0, 4)))) + 1;

describe('campaigns laid into the year a bureau runs them', () => {
  const t = useHarness();

  test("the README's example lays the plan into this year while its close is ahead, else the next; its first reminders lie ahead", async () => {
    const now = Date.now();
    const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
    const year = now < Date.parse(`${thisYear}-11-30T23:59:59+08:00`) ? thisYear : thisYear + 1; // on 2026-12-01: 2027
    const res = await t.http.post('/v1/campaigns', README_EXAMPLE, t.bureau);
    expect(res.status).toBe(201);
    const campaign = (await t.http.get(`/v1/campaigns/${res.body.id}`, t.bureau)).body;
    expect(campaign.calendar.deadlines.D1).toBe(`${year}-06-10T23:59:59+08:00`);
    expect(campaign.calendar.closesAt).toBe(`${year}-11-30T23:59:59+08:00`);
    expect(campaign.policy.dayKind).toBe('calendar');
    const agency = await eventually('the agency workflow', async () => {
      const a = await t.http.get(`/v1/campaigns/${res.body.id}/agencies/market-supervision`, t.bureau);
      return a.body.started && a.body;
    });
    const d1 = agency.deliverables.find((d: { code: string }) => d.code === 'D1');
    // calendar days: 7, 3 and 1 days before 06-10, each fired at 09:00 of its day (the working day before when off);
    // overdue at 06-10 23:59:59, notice 3 and listing 10 days after, each pushed at 09:00 of the next working day.
    // By hand from a printed calendar (neither year is in the bundled arrangement: weekdays count):
    //   2027: 06-03 Thu, 06-07 Mon, 06-09 Wed; 06-10 Thu → Fri 06-11; 06-13 Sun → Mon 06-14; 06-20 Sun → Mon 06-21
    //   2028: 06-03 Sat → Fri 06-02, 06-07 Wed, 06-09 Fri; 06-10 Sat → Mon 06-12; 06-13 Tue → Wed 06-14; 06-20 Tue → Wed 06-21
    const days: Record<number, [string, string, string, string, string, string, string, string, string]> = {
      2027: ['06-03', '06-07', '06-09', '06-10', '06-11', '06-13', '06-14', '06-20', '06-21'],
      2028: ['06-02', '06-07', '06-09', '06-10', '06-12', '06-13', '06-14', '06-20', '06-21'],
    };
    const [p7, p3, p1, due, duePush, notice, noticePush, listed, listedPush] = days[year];
    const bj = (day: string, time: string) => new Date(`${year}-${day}T${time}+08:00`).toISOString();
    expect(
      d1.plannedSteps.map((s: { step: string; at: string; pushAt: string }) => [
        s.step,
        new Date(s.at).toISOString(),
        new Date(s.pushAt).toISOString(),
      ]),
    ).toEqual([
      ['P7D', bj(p7, '09:00:00'), bj(p7, '09:00:00')],
      ['P3D', bj(p3, '09:00:00'), bj(p3, '09:00:00')],
      ['P1D', bj(p1, '09:00:00'), bj(p1, '09:00:00')],
      ['overdue', bj(due, '23:59:59'), bj(duePush, '09:00:00')],
      ['supervision_notice', bj(notice, '23:59:59'), bj(noticePush, '09:00:00')],
      ['listed_supervision', bj(listed, '23:59:59'), bj(listedPush, '09:00:00')],
    ]);
    expect(Date.parse(d1.plannedSteps[0].at)).toBeGreaterThan(now);
  });

  test('a 2020-dated definition is refused: it closed before it starts', async () => {
    const res = await t.http.post('/v1/campaigns', { ...README_EXAMPLE, year: 2020 }, t.bureau);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('campaign_closed_on_arrival');
    expect(res.body.error.message).toContain('2020-11-30');
  });

  test('deadlines already past are refused unless allowPastDeadlines', async () => {
    const calendar = compressedCalendar(Date.now(), {
      phases: [
        [-40, 600],
        [-40, 1200],
        [1200, 1800],
        [1800, 2400],
      ],
      deadlines: { D1: -30, D2: 300, D3: 300, D4: 900, D5: 900, D6: 900, D7: 1500, D8: 1500 },
      closesAt: 3000,
    });
    const refused = await t.http.post(
      '/v1/campaigns',
      { name: '已过期限', jurisdiction: JURISDICTION, agencies: README_EXAMPLE.agencies, calendar },
      t.bureau,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('deadlines_in_past');
    expect(refused.body.error.message).toContain('D1');
    const allowed = await t.http.post(
      '/v1/campaigns',
      {
        name: '已过期限',
        jurisdiction: JURISDICTION,
        agencies: README_EXAMPLE.agencies,
        calendar,
        allowPastDeadlines: true,
      },
      t.bureau,
    );
    expect(allowed.status).toBe(201);
  });

  test(`working days in ${FIRST_UNKNOWN_YEAR}, a year the library does not know, are refused naming it — until the policy lists its days`, async () => {
    const refused = await t.http.post(
      '/v1/campaigns',
      { ...README_EXAMPLE, year: FIRST_UNKNOWN_YEAR, policy: { dayKind: 'working' } },
      t.bureau,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('calendar_year_unknown');
    expect(refused.body.error.message).toContain(String(FIRST_UNKNOWN_YEAR));
    // A bureau enters that year's arrangement itself (these days are the test's own, not an official notice).
    const policy = {
      dayKind: 'working',
      holidays: [`${FIRST_UNKNOWN_YEAR}-10-01`, `${FIRST_UNKNOWN_YEAR}-10-02`],
      workdays: [],
    };
    const accepted = await t.http.post(
      '/v1/campaigns',
      { ...README_EXAMPLE, year: FIRST_UNKNOWN_YEAR, policy },
      t.bureau,
    );
    expect(accepted.status).toBe(201);
  });

  test('GET /v1/calendar lists the days as the official 2026 arrangement has them', async () => {
    const res = await t.http.get('/v1/calendar?from=2026-09-18&to=2026-10-12', t.bureau);
    expect(res.status).toBe(200);
    const kinds = res.body.days.map(
      (d: { date: string; kind: string; name?: string }) => `${d.date.slice(5)} ${d.kind}${d.name ? ` ${d.name}` : ''}`,
    );
    // 国办发明电〔2025〕7号: 中秋 09-25…27; 国庆 10-01…07, Sunday 09-20 and Saturday 10-10 worked
    expect(kinds).toEqual([
      '09-18 workday',
      '09-19 weekend',
      '09-20 makeup_workday 国庆节',
      '09-21 workday',
      '09-22 workday',
      '09-23 workday',
      '09-24 workday',
      '09-25 holiday 中秋',
      '09-26 holiday 中秋',
      '09-27 holiday 中秋',
      '09-28 workday',
      '09-29 workday',
      '09-30 workday',
      '10-01 holiday 国庆节',
      '10-02 holiday 国庆节',
      '10-03 holiday 国庆节',
      '10-04 holiday 国庆节',
      '10-05 holiday 国庆节',
      '10-06 holiday 国庆节',
      '10-07 holiday 国庆节',
      '10-08 workday',
      '10-09 workday',
      '10-10 makeup_workday 国庆节',
      '10-11 weekend',
      '10-12 workday',
    ]);
    const unknown = await t.http.get(
      `/v1/calendar?from=${FIRST_UNKNOWN_YEAR}-01-01&to=${FIRST_UNKNOWN_YEAR}-01-31`,
      t.bureau,
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain(String(FIRST_UNKNOWN_YEAR));
    expect((await t.http.get('/v1/calendar?from=2026-10-12&to=2026-10-01', t.bureau)).status).toBe(400);
    expect((await t.http.get('/v1/calendar?from=2020-01-01&to=2026-01-01', t.bureau)).status).toBe(400);
  });

  test('plannedSteps mark the steps taken with takenAt and keep the rest ahead', async () => {
    // far enough ahead that the agency's workflow has started before the first reminder, on a loaded machine too
    const base = Date.now() + 15_000;
    const calendar = compressedCalendar(base, {
      phases: [
        [-2, 6],
        [-2, 600],
        [600, 700],
        [700, 800],
      ],
      deadlines: { D1: 5, D2: 6, D3: 6, D4: 600, D5: 600, D6: 600, D7: 650, D8: 650 },
      closesAt: 900,
    });
    const id = await createCampaign(t.http, t.bureau, {
      agencies: README_EXAMPLE.agencies,
      calendar,
      policy: SECONDS_POLICY,
    });
    type Step = { step: string; at: string; takenAt?: string };
    const d1 = await eventually(
      'D1 overdue',
      async () => {
        const a = await t.http.get(`/v1/campaigns/${id}/agencies/market-supervision`, t.bureau);
        const d = a.body.started && a.body.deliverables.find((x: { code: string }) => x.code === 'D1');
        return d && d.plannedSteps.find((s: Step) => s.step === 'overdue')?.takenAt && d;
      },
      90_000,
    );
    const steps = d1.plannedSteps as Step[];
    // the seconds ladder: reminders 4 s and 2 s before D1, overdue at it, notice 3 s and listing 6 s after
    expect(steps.map((s) => [s.step, Date.parse(s.at) - Date.parse(calendar.deadlines.D1)])).toEqual([
      ['PT4S', -4000],
      ['PT2S', -2000],
      ['overdue', 0],
      ['supervision_notice', 3000],
      ['listed_supervision', 6000],
    ]);
    for (const s of steps.filter((x) => x.takenAt))
      expect(Date.parse(s.takenAt!)).toBeGreaterThanOrEqual(Date.parse(s.at));
    expect(steps.filter((s) => s.takenAt).map((s) => s.step)).toEqual(
      expect.arrayContaining(['PT4S', 'PT2S', 'overdue']),
    );
  });
});
