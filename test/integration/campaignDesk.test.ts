import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { useHarness } from '../support/harness';
import { agencies, compressedCalendar, createCampaign, eventually, openCalendar } from '../support/campaigns';
import { createPerson, signIn } from '../support/people';
import { makeTrackingCode } from '../../domain/trackingCode';

interface Event {
  type: string;
  step: string;
  agencyId: string | null;
  subject: { kind: string; id: string };
}

/** Crockford's base 32 and its mod-37 check, written out here from the specification (not the product's code). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CROCKFORD_CHECK = CROCKFORD + '*~$=U';
const crockfordCheck = (body: string) =>
  CROCKFORD_CHECK[[...body].reduce((mod, ch) => (mod * 32 + CROCKFORD.indexOf(ch)) % 37, 0)];

/** Campaigns as bureaus run them (issue #31 point 6) and the public's tracking codes (point 7). */
describe('drills, complaint routing, agencies joining, accounts enabled, tracking codes', () => {
  const t = useHarness();

  const file = (agencyId: string) =>
    t.http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      agencyId,
      description: '办理营业执照变更，窗口三次要求补充同一份材料。',
    });
  const campaignOf = async (trackingCode: string) =>
    (
      await t.h.sql<{ campaign_id: string }[]>`select campaign_id from complaints where tracking_code = ${trackingCode}`
    )[0]?.campaign_id;

  test('a complaint about an agency held by a drill and a real campaign lands in the real one; a drill takes none', async () => {
    const [both, drillOnly] = agencies(2);
    const real = await createCampaign(t.http, t.bureau, { agencies: [both], calendar: openCalendar() });
    // the drill is the newer campaign: routing by age alone would choose it
    const drill = await createCampaign(t.http, t.bureau, {
      name: '专项整治（演练）',
      agencies: [both, drillOnly],
      calendar: openCalendar(),
      drill: true,
    });
    expect((await t.http.get(`/v1/campaigns/${drill}`, t.bureau)).body.drill).toBe(true);
    expect((await t.http.get(`/v1/campaigns/${real}`, t.bureau)).body.drill).toBe(false);
    const listed = (await t.http.get('/v1/campaigns?limit=100', t.bureau)).body.items as {
      id: string;
      drill: boolean;
    }[];
    expect(listed.find((c) => c.id === drill)?.drill).toBe(true);
    const [row] = await t.h.sql<
      { drill: boolean }[]
    >`select (settings->>'drill')::boolean as drill from campaigns where id = ${drill}`;
    expect(row.drill).toBe(true);

    const about = await file(both.id);
    expect(about.status).toBe(201);
    expect(await campaignOf(about.body.trackingCode)).toBe(real);

    const aboutDrilled = await file(drillOnly.id);
    expect(aboutDrilled.status).toBe(201);
    expect(await campaignOf(aboutDrilled.body.trackingCode)).not.toBe(drill);
    const [inDrill] = await t.h.sql<
      { n: number }[]
    >`select count(*)::int as n from complaints where campaign_id = ${drill}`;
    expect(inDrill.n).toBe(0);
  });

  test('tracking codes are letters and digits; a code issued before, ending in a symbol, is still found', async () => {
    const SHAPE = /^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]$/;
    for (let i = 0; i < 5000; i += 1) {
      const code = makeTrackingCode(randomBytes(15));
      expect(code).toMatch(SHAPE);
      const raw = code.replace(/-/g, '');
      expect(crockfordCheck(raw.slice(0, 15))).toBe(raw[15]);
    }
    const [a] = agencies(1, 'shapotou');
    await createCampaign(t.http, t.bureau, { agencies: [a], calendar: openCalendar() });
    const filed = await file(a.id);
    expect(filed.status).toBe(201);
    expect(filed.body.trackingCode).toMatch(SHAPE);

    // an old code: a body whose Crockford check is one of * ~ $ =
    let body = '';
    do body = Array.from(randomBytes(15), (b) => CROCKFORD[b & 31]).join('');
    while (!'*~$='.includes(crockfordCheck(body)));
    const old = `${body.slice(0, 5)}-${body.slice(5, 10)}-${body.slice(10, 15)}-${crockfordCheck(body)}`;
    await t.h.sql`update complaints set tracking_code = ${old} where tracking_code = ${filed.body.trackingCode}`;
    const found = await t.http.get(`/v1/complaints/track/${encodeURIComponent(old.toLowerCase())}`);
    expect(found.status).toBe(200);
    expect(found.body.trackingCode).toBe(old);
  });

  test('a disabled account is enabled again and signs in', async () => {
    const person = await createPerson(t.http, t.bureau, { role: 'bureau', jurisdictionId: 'shapotou' });
    expect((await t.http.post(`/v1/users/${person.id}/disable`, {}, t.bureau)).status).toBe(200);
    const refused = await signIn(t.http, person.username, person.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('account_disabled');
    const enabled = await t.http.post(`/v1/users/${person.id}/enable`, {}, t.bureau);
    expect(enabled.status).toBe(200);
    expect(enabled.body.disabledAt).toBeNull();
    expect((await signIn(t.http, person.username, person.password)).status).toBe(200);
    const again = await t.http.post(`/v1/users/${person.id}/enable`, {}, t.bureau);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('account_not_disabled');
  });

  test('an agency joins a running campaign: its ladder runs from now, a deadline already past is not escalated', async () => {
    const base = Date.now();
    const far = 3600;
    // D2 has passed when the campaign starts; D1 is a minute ahead
    const calendar = compressedCalendar(base, {
      phases: [
        [-60, far],
        [-60, 2 * far],
        [2 * far, 3 * far],
        [3 * far, 4 * far],
      ],
      deadlines: { D1: 60, D2: -5, D3: far, D4: far, D5: far, D6: far, D7: 3 * far, D8: 3 * far },
      closesAt: 5 * far,
    });
    const [founder, joiner, stranger] = agencies(3, 'zhongning');
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [founder],
      calendar,
      allowPastDeadlines: true,
      policy: {
        reminders: ['PT40S', 'PT20S'],
        escalation: [{ after: 'PT0S', action: 'overdue' }],
        warnWithin: 'PT20S',
        itemDue: { immediate: 'PT60S', disciplinary_lead: 'PT60S' },
        complaintInvestigation: 'PT60S',
      },
    });
    // the registry holds the joining agency (registered after the campaign started)
    expect(
      (await t.http.put(`/v1/agencies/${joiner.id}`, { name: joiner.name, jurisdictionId: 'zhongning' }, t.bureau))
        .status,
    ).toBe(201);
    const unknown = await t.http.post(`/v1/campaigns/${id}/agencies`, { agencies: [{ id: stranger.id }] }, t.bureau);
    expect(unknown.status).toBe(404);
    const join = async () => t.http.post(`/v1/campaigns/${id}/agencies`, { agencies: [{ id: joiner.id }] }, t.bureau);
    // the campaign may still be starting its first agencies (409 campaign_starting): asked again
    const joined = await eventually('the join', async () => {
      const res = await join();
      return res.status === 409 && res.body.error.code === 'campaign_starting' ? null : res;
    });
    expect(joined.status).toBe(202);
    expect(joined.body).toMatchObject({ joined: [joiner.id], alreadyIn: [] });
    expect((await join()).body).toMatchObject({ joined: [], alreadyIn: [joiner.id] });

    const events = async (agencyId: string) =>
      (await t.http.get(`/v1/campaigns/${id}/events?limit=500&agencyId=${agencyId}`, t.bureau)).body.items as Event[];
    const reminded = await eventually(
      'a reminder of D1 for the joined agency',
      async () => (await events(joiner.id)).find((e) => e.type === 'reminder' && e.subject.id === 'D1'),
      90_000,
    );
    expect(reminded.agencyId).toBe(joiner.id);
    // the founder was escalated for D2 when the campaign started; the joined agency, arriving after it, is not
    expect((await events(founder.id)).some((e) => e.subject.id === 'D2' && e.step === 'overdue')).toBe(true);
    expect((await events(joiner.id)).filter((e) => e.subject.id === 'D2')).toEqual([]);
    const agency = await t.http.get(`/v1/campaigns/${id}/agencies/${joiner.id}`, t.bureau);
    expect(agency.status).toBe(200);
    expect(agency.body.name).toBe(joiner.name);
  }, 180_000);

  test('the spot-check record sheet prints every sampled agency, its check where recorded, blanks where not', async () => {
    const far = 3600;
    const calendar = compressedCalendar(Date.now(), {
      phases: [
        [-40, -30],
        [-40, -20],
        [-20, -10],
        [-10, far],
      ],
      deadlines: { D1: -32, D2: -32, D3: -31, D4: -22, D5: -22, D6: -21, D7: -12, D8: -11 },
      closesAt: 2 * far,
    });
    const [checked, unchecked] = agencies(2, 'shapotou').map((a, i) => ({
      ...a,
      id: `${a.id}-sc`,
      name: `抽查单位${i + 1}`,
    }));
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [checked, unchecked],
      calendar,
      allowPastDeadlines: true,
    });
    const drawn = await t.http.post(`/v1/campaigns/${id}/spot-checks`, { seed: 'desk', share: 1 }, t.bureau);
    expect(drawn.status).toBe(201);
    const recorded = await t.http.post(
      `/v1/campaigns/${id}/spot-checks/${drawn.body.id}/agencies/${checked.id}`,
      { omissions: true, accurate: false, note: '案卷评查发现两处漏报' },
      t.bureau,
    );
    expect(recorded.status).toBe(201);
    const res = await fetch(`${t.h.api.url}/v1/campaigns/${id}/spot-checks/${drawn.body.id}/record.xlsx`, {
      headers: { authorization: `Bearer ${t.bureau}` },
    });
    expect(res.status).toBe(200);
    const year = new Date(Date.parse(calendar.phases[0].startsAt) + 8 * 3600_000).getUTCFullYear();
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`抽查记录表-中卫市-${year}.xlsx`)}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(String(ws.getCell(1, 1).value)).toBe('专项整治（测试）抽查记录表');
    const rows = [4, 5].map((r) => ws.getRow(r).values as unknown[]);
    const byName = (name: string) => rows.find((r) => r[3] === name)!;
    expect(byName('抽查单位1').slice(1)).toEqual([
      expect.any(Number),
      '沙坡头区',
      '抽查单位1',
      expect.any(String),
      '有',
      '不属实',
      0,
      '案卷评查发现两处漏报',
      expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日$/),
    ]);
    // not checked yet: its row waits for the inspectors' hand
    expect(
      byName('抽查单位2')
        .slice(5)
        .filter((v) => v !== undefined && v !== ''),
    ).toEqual([]);
  });
});
