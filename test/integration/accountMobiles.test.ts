import { randomBytes } from 'node:crypto';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, at, createCampaign, createKey, eventually, sleep } from '../support/campaigns';
import { uniqueUsername } from '../support/people';
import { startSmsFakes, type SmsFakes } from '../support/smsFakes';

/**
 * Mobile numbers on people's accounts (docs/NOTIFICATIONS.md "SMS", docs/ACCESS.md): set when the account is made or
 * by its manager, validated in Chinese, and texted with the agency's reminders while the account is enabled — each
 * number once per message, whoever else names it — against the Tencent Cloud SMS fake (test/support/smsFakes.ts).
 */
const SHANGHAI = 'Asia/Shanghai';

/** D1 seconds away; every other deadline far, so one reminder speaks during the test. */
function oneNearDeadline(base: number, dueIn: number) {
  const far = (s: number) => at(base, 7200 + s);
  return {
    timeZone: SHANGHAI,
    phases: [
      { key: 'deployment', startsAt: at(base, -5), endsAt: at(base, 3000) },
      { key: 'self_inspection', startsAt: far(0), endsAt: far(10) },
      { key: 'consolidation', startsAt: far(10), endsAt: far(20) },
      { key: 'spot_check', startsAt: far(20), endsAt: far(30) },
    ],
    deadlines: {
      D1: at(base, dueIn),
      D2: at(base, 2900), // within the deployment phase, its reminder long after the test
      D3: at(base, 2900),
      D4: far(5),
      D5: far(5),
      D6: far(5),
      D7: far(15),
      D8: far(15),
    },
    closesAt: far(40),
  };
}

describe("mobile numbers on people's accounts", () => {
  let h: Harness;
  let http: HttpClient;
  let texts: SmsFakes;
  const SMS = {
    accessKeyId: 'AK-people',
    signName: '中卫市司法局',
    templateId: 'SMS_7301',
    sdkAppId: '1400002',
    dailyCap: 10,
  };
  const ENV = {
    SMS_PROVIDER: 'tencent',
    SMS_ACCESS_KEY_ID: SMS.accessKeyId,
    SMS_ACCESS_KEY_SECRET: 'secret',
    SMS_SIGN_NAME: SMS.signName,
    SMS_TEMPLATE_ID: SMS.templateId,
    SMS_SDK_APP_ID: SMS.sdkAppId,
  };
  const prefix = `am${randomBytes(3).toString('hex')}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    texts = await startSmsFakes(SMS);
    Object.assign(process.env, ENV, { SMS_ENDPOINT: texts.endpoint }); // the worker reads these when it starts
    h = await startHarness();
    http = httpClient(h.api.url);
  });
  afterAll(async () => {
    await h.close();
    await texts.close();
    for (const k of [...Object.keys(ENV), 'SMS_ENDPOINT']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  test("an enabled agency account's mobile gets its agency's reminder once; a disabled one's nothing; numbers are checked", async () => {
    const root = `${prefix}-city`;
    const countyId = `${prefix}-county`;
    expect((await http.put(`/v1/jurisdictions/${root}`, { name: '测试市', parentId: null }, h.adminToken)).status).toBe(
      201,
    );
    expect(
      (await http.put(`/v1/jurisdictions/${countyId}`, { name: '测试县', parentId: root }, h.adminToken)).status,
    ).toBe(201);
    const [agency] = agencies(1, countyId).map((a) => ({ ...a, id: `${prefix}-a1` }));
    expect(
      (await http.put(`/v1/agencies/${agency.id}`, { name: agency.name, jurisdictionId: countyId }, h.adminToken))
        .status,
    ).toBe(201);
    const bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: root });

    const account = (mobile?: string) =>
      http.post(
        '/v1/users',
        { username: uniqueUsername('am'), displayName: '联络员', role: 'agency', agencyId: agency.id, mobile },
        bureau,
      );
    // a number that is not a mainland mobile is refused, in Chinese
    const bad = await account('0955700000');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('手机号码应为 11 位数字');

    const shared = '13911110001'; // also the agency's own SMS number: one text
    const kept = '13911110002'; // set after creation by the bureau
    const gone = '13911110003'; // on an account disabled before the reminder
    const a1 = await account(shared);
    expect(a1.status).toBe(201);
    const a2 = await account();
    expect(a2.status).toBe(201);
    const a3 = await account(gone);
    expect(a3.status).toBe(201);
    const set = await http.put(`/v1/users/${a2.body.id}/mobile`, { mobile: kept }, bureau);
    expect(set.status).toBe(200);
    expect(set.body.mobile).toBe(kept);
    expect((await http.put(`/v1/users/${a2.body.id}/mobile`, { mobile: '123' }, bureau)).status).toBe(400);
    // a bureau of another city manages neither the account nor its number
    const elsewhere = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'yinchuan' });
    expect((await http.put(`/v1/users/${a2.body.id}/mobile`, { mobile: null }, elsewhere)).status).toBe(404);
    expect((await http.post(`/v1/users/${a3.body.id}/disable`, {}, bureau)).status).toBe(200);
    const listed = await http.get('/v1/users?limit=200', bureau);
    const mobiles = new Map(listed.body.items.map((u: { id: string; mobile: string | null }) => [u.id, u.mobile]));
    expect([mobiles.get(a1.body.id), mobiles.get(a2.body.id), mobiles.get(a3.body.id)]).toEqual([shared, kept, gone]);
    expect((await http.put(`/v1/agencies/${agency.id}/channels`, { sms: { mobiles: [shared] } }, bureau)).status).toBe(
      200,
    );

    const base = Date.now() + 3000;
    await createCampaign(http, bureau, {
      jurisdiction: { id: root, name: '测试市', children: [{ id: countyId, name: '测试县' }] },
      agencies: [agency],
      calendar: oneNearDeadline(base, 8),
      policy: {
        reminders: ['PT4S'],
        escalation: [{ after: 'P30D', action: 'overdue' }],
        warnWithin: 'PT2S',
        delivery: { days: 'all', hours: '00:00-24:00' },
      },
    });
    await eventually(
      'the reminder texted',
      async () => texts.to(shared).length > 0 && texts.to(kept).length > 0,
      90_000,
    );
    await sleep(3000); // nothing more arrives
    expect(texts.to(shared)).toHaveLength(1);
    expect(texts.to(kept)).toHaveLength(1);
    expect(texts.to(kept)[0].params[0]).toBe('1');
    expect(texts.to(gone)).toEqual([]);
    expect(texts.refusals).toEqual([]);
  }, 240_000);
});
