import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, at, createCampaign, createKey, eventually, sleep } from '../support/campaigns';
import { startRobotFakes, type RobotFakes } from '../support/robotFakes';
import { startSmsFakes, type SmsFakes } from '../support/smsFakes';

/**
 * Group robots as channels (SPEC §16, docs/NOTIFICATIONS.md "Group robots", "Digests", "Outbound addresses"), against
 * local fakes of the WeCom and DingTalk robots (test/support/robotFakes.ts) that check keys, signatures and sizes and
 * enforce the documented 20 a minute: outbound URLs to internal addresses refused unless allowed; a DingTalk robot
 * with a wrong secret failing visibly, retried and losing nothing; the reminders of a county's agencies that fall due
 * before the morning window going out at its opening as one digest per robot, within 20 messages a minute.
 */
const PUBLIC_BASE_URL = 'https://zhengzhi.example.gov.cn';
const SHANGHAI = 'Asia/Shanghai';
const AT_ONCE = { days: 'all', hours: '00:00-24:00' };

/** Deployment deadlines seconds away; the others far, with their reminders, so only D1–D3 speak during the test. */
function nearCalendar(base: number, dueIn: number) {
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
      D2: at(base, dueIn),
      D3: at(base, dueIn),
      D4: far(5),
      D5: far(5),
      D6: far(5),
      D7: far(15),
      D8: far(15),
    },
    closesAt: far(40),
  };
}

interface DeliveryRow {
  id: string;
  channel: string;
  address: string | null;
  dedupe_key: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_with: string | null;
}

describe('group robots: WeCom and DingTalk', () => {
  let h: Harness;
  let http: HttpClient;
  let fakes: RobotFakes;
  let texts: SmsFakes;
  const SMS = {
    accessKeyId: 'AK-robots',
    signName: '中卫市司法局',
    templateId: 'SMS_4857',
    sdkAppId: '1400001',
    dailyCap: 10,
  };
  const prefix = `rb${randomBytes(3).toString('hex')}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    fakes = await startRobotFakes();
    texts = await startSmsFakes(SMS);
    // the worker reads these when it starts: Tencent Cloud's SDK pointed at the fake
    Object.assign(process.env, {
      PUBLIC_BASE_URL,
      NOTIFY_MAX_ATTEMPTS: '8',
      SMS_PROVIDER: 'tencent',
      SMS_ENDPOINT: texts.endpoint,
      SMS_ACCESS_KEY_ID: SMS.accessKeyId,
      SMS_ACCESS_KEY_SECRET: 'secret',
      SMS_SIGN_NAME: SMS.signName,
      SMS_TEMPLATE_ID: SMS.templateId,
      SMS_SDK_APP_ID: SMS.sdkAppId,
    });
    delete process.env.OUTBOUND_ALLOWED_HOSTS;
    h = await startHarness();
    http = httpClient(h.api.url);
  });
  afterAll(async () => {
    await h.close();
    await fakes.close();
    await texts.close();
    const keys = ['PUBLIC_BASE_URL', 'NOTIFY_MAX_ATTEMPTS', 'OUTBOUND_ALLOWED_HOSTS', 'SMS_PROVIDER', 'SMS_ENDPOINT'];
    for (const k of [
      ...keys,
      'SMS_ACCESS_KEY_ID',
      'SMS_ACCESS_KEY_SECRET',
      'SMS_SIGN_NAME',
      'SMS_TEMPLATE_ID',
      'SMS_SDK_APP_ID',
    ]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  /** A county of the test's own in the registry, its bureau's key, and n agencies under it. */
  async function county(name: string, n: number) {
    const root = `${prefix}-${name}`;
    const countyId = `${root}-county`;
    expect(
      (await http.put(`/v1/jurisdictions/${root}`, { name: `测试市${name}`, parentId: null }, h.adminToken)).status,
    ).toBe(201);
    expect(
      (await http.put(`/v1/jurisdictions/${countyId}`, { name: '测试县', parentId: root }, h.adminToken)).status,
    ).toBe(201);
    const list = agencies(n, countyId).map((a) => ({ ...a, id: `${prefix}-${name}-${a.id.slice(-3)}` }));
    for (const a of list)
      expect(
        (await http.put(`/v1/agencies/${a.id}`, { name: a.name, jurisdictionId: countyId }, h.adminToken)).status,
      ).toBe(201);
    const bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: root });
    const jurisdiction = { id: root, name: `测试市${name}`, children: [{ id: countyId, name: '测试县' }] };
    return { root, countyId, list, bureau, jurisdiction };
  }

  const deliveriesOf = (campaignId: string) =>
    h.sql<DeliveryRow[]>`
      select id, channel, address, dedupe_key, status, attempts, last_error, sent_with from notification_deliveries
      where campaign_id = ${campaignId} order by id`;

  test('a webhook or robot to 127.0.0.1, 10.x or 169.254.169.254 is refused unless its host is allowed', async () => {
    const c = await county('guard', 1);
    for (const url of ['http://127.0.0.1:5432/', 'http://10.0.0.8/hook', 'http://169.254.169.254/latest/meta-data/']) {
      const res = await http.post('/v1/webhooks', { url }, h.adminToken);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('outbound_address_forbidden');
      expect(res.body.error.message).toMatch(/内部网络/);
    }
    const robot = fakes.wecomRobot(`${prefix}-guard`);
    const refused = await http.put(
      `/v1/jurisdictions/${c.countyId}/channels`,
      { wecom: { webhookUrl: robot } },
      c.bureau,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('outbound_address_forbidden');

    process.env.OUTBOUND_ALLOWED_HOSTS = fakes.host; // the fake's host:port, as a deployment lists its own bridge
    const ok = await http.put(`/v1/jurisdictions/${c.countyId}/channels`, { wecom: { webhookUrl: robot } }, c.bureau);
    expect(ok.status).toBe(200);
    expect(ok.body.wecom.webhookUrl).toContain('key=***'); // the key is not shown back
    // allowing one host:port allows nothing else on that address
    const other = await http.post('/v1/webhooks', { url: 'http://127.0.0.1:5432/' }, h.adminToken);
    expect(other.status).toBe(422);
    // a bureau of another county may not set this one's robots
    const elsewhere = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'yinchuan' });
    expect((await http.put(`/v1/jurisdictions/${c.countyId}/channels`, { sms: null }, elsewhere)).status).toBe(403);
  });

  test('a DingTalk robot with a wrong secret fails visibly, is retried, and once corrected receives each message once', async () => {
    process.env.OUTBOUND_ALLOWED_HOSTS = fakes.host;
    const c = await county('secret', 1);
    const agency = c.list[0];
    const token = `${prefix}-dt`;
    const webhookUrl = fakes.dingtalkRobot(token, { secret: 'SEC-right', keyword: '专项整治' });
    const wrong = await http.put(
      `/v1/agencies/${agency.id}/channels`,
      { dingtalk: { webhookUrl, secret: 'SEC-wrong' } },
      c.bureau,
    );
    expect(wrong.status).toBe(200);
    expect(wrong.body.dingtalk).toMatchObject({ signed: true });
    expect(JSON.stringify(wrong.body)).not.toContain('SEC-wrong');

    const base = Date.now() + 3000;
    const id = await createCampaign(http, c.bureau, {
      jurisdiction: c.jurisdiction,
      agencies: [agency],
      calendar: nearCalendar(base, 8),
      policy: {
        reminders: ['PT4S'],
        escalation: [{ after: 'P30D', action: 'overdue' }],
        warnWithin: 'PT2S',
        delivery: AT_ONCE,
      },
    });
    // D1–D3 share a deadline: three reminders, each refused by the robot for its signature
    const failing = await eventually(
      'the refused attempts on record',
      async () => {
        const rows = (await deliveriesOf(id)).filter((d) => d.channel === 'dingtalk');
        return rows.length === 3 && rows.every((d) => d.attempts >= 2 && d.status === 'pending') && rows;
      },
      90_000,
    );
    expect(fakes.arrivals.filter((a) => a.robot === token).every((a) => a.errcode === 310000)).toBe(true);
    // operators see it: the Chinese reason and the kind, nothing of the robot's answer
    const listed = await http.get(`/v1/notifications?channel=dingtalk&campaignId=${id}`, c.bureau);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d: { lastError: string }) => d.lastError)).toEqual(
      failing.map(() => '接收方暂时无法接收，将自动重试（retry）'),
    );

    expect(
      (
        await http.put(
          `/v1/agencies/${agency.id}/channels`,
          { dingtalk: { webhookUrl, secret: 'SEC-right' } },
          c.bureau,
        )
      ).status,
    ).toBe(200);
    const delivered = await eventually(
      'every delivery delivered',
      async () => {
        const rows = (await deliveriesOf(id)).filter((d) => d.channel === 'dingtalk');
        return rows.every((d) => d.status === 'delivered') && rows;
      },
      120_000,
    );
    await sleep(2000); // nothing more arrives
    const accepted = fakes.accepted(token);
    // each of the three reminders reached the robot exactly once, alone or in a digest
    const titles = accepted.flatMap((a) => a.text.match(/\*\*[^*]+\*\*/g) ?? []);
    expect(titles).toHaveLength(3);
    expect(new Set(titles).size).toBe(3);
    for (const t of titles) expect(t).toMatch(/D[123]/);
    expect(delivered).toHaveLength(3);
  }, 300_000);

  test('reminders of a county due before the window opens go at its opening: one digest per robot, 20 a minute at most', async () => {
    process.env.OUTBOUND_ALLOWED_HOSTS = fakes.host;
    const N = 30; // 20 agencies with robots of their own, 10 on the county's; each of those 10 with a mobile number
    const c = await county('digest', N);
    const own = c.list.slice(0, 20);
    const robots = new Map<string, string>();
    for (const [i, a] of own.entries()) {
      const key = `${prefix}-own-${i}`;
      const body =
        i % 2 === 0
          ? { wecom: { webhookUrl: fakes.wecomRobot(key) } }
          : { dingtalk: { webhookUrl: fakes.dingtalkRobot(key, { secret: `SEC-${i}` }), secret: `SEC-${i}` } };
      expect((await http.put(`/v1/agencies/${a.id}/channels`, body, c.bureau)).status).toBe(200);
      robots.set(a.id, key);
    }
    const mobiles = c.list.slice(20).map((a, i) => [a.id, `1390000${String(i).padStart(4, '0')}`] as const);
    for (const [agencyId, mobile] of mobiles)
      expect(
        (await http.put(`/v1/agencies/${agencyId}/channels`, { sms: { mobiles: [mobile] } }, c.bureau)).status,
      ).toBe(200);
    const countyKey = `${prefix}-county`;
    expect(
      (
        await http.put(
          `/v1/jurisdictions/${c.countyId}/channels`,
          { wecom: { webhookUrl: fakes.wecomRobot(countyKey) } },
          c.bureau,
        )
      ).status,
    ).toBe(200);

    // The reminders fire 20 s from now; the window opens at the first whole minute at least 90 s later.
    const base = Date.now() + 5000;
    const remindAt = base + 20_000;
    const opening = DateTime.fromMillis(remindAt + 90_000, { zone: SHANGHAI })
      .plus({ minutes: 1 })
      .startOf('minute');
    const closing = opening.plus({ hours: 1 });
    const hours = `${opening.toFormat('HH:mm')}-${closing.day === opening.day ? closing.toFormat('HH:mm') : '24:00'}`;
    const id = await createCampaign(http, c.bureau, {
      jurisdiction: c.jurisdiction,
      agencies: c.list,
      calendar: nearCalendar(base, 80),
      policy: {
        reminders: ['PT60S'],
        escalation: [{ after: 'P30D', action: 'overdue' }],
        warnWithin: 'PT2S',
        delivery: { days: 'all', hours },
      },
    });
    const diagnose = async () => {
      const all = await deliveriesOf(id);
      const tally = new Map<string, number>();
      for (const d of all) {
        const k = `${d.channel}/${d.status}/${d.last_error ?? ''}`;
        tally.set(k, (tally.get(k) ?? 0) + 1);
      }
      return `deliveries ${JSON.stringify([...tally])}; robot arrivals ${fakes.arrivals.length}, opening ${opening.toISO()}`;
    };
    const rows = await eventually(
      'every robot delivery delivered',
      async () => {
        const r = (await deliveriesOf(id)).filter((d) => ['wecom', 'dingtalk', 'sms'].includes(d.channel));
        return r.length === N * 3 + mobiles.length * 3 && r.every((d) => d.status === 'delivered') && r;
      },
      opening.toMillis() - Date.now() + 180_000,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}: ${await diagnose()}`);
    });
    const arrivals = fakes.arrivals.filter(
      (a) => a.accepted && (a.robot === countyKey || [...robots.values()].includes(a.robot)),
    );
    // nothing before the window opened
    for (const a of arrivals) expect(a.at).toBeGreaterThanOrEqual(opening.toMillis());
    // each agency's robot: one message carrying its three reminders (D1–D3) and the link to the queue
    for (const key of robots.values()) {
      const got = fakes.accepted(key);
      expect(got).toHaveLength(1);
      expect(got[0].text).toContain('3 条待办');
      expect(got[0].text.match(/\*\*[^*]+\*\*/g)).toHaveLength(3);
      expect(got[0].text).toContain(`(${PUBLIC_BASE_URL}/queue)`);
    }
    // the county's robot: one digest of the other ten agencies' 30 reminders, in parts within 4,096 bytes
    const parts = fakes.accepted(countyKey);
    expect(parts.length).toBeGreaterThanOrEqual(1);
    for (const p of parts) {
      expect(p.bytes).toBeLessThanOrEqual(4096);
      expect(p.text).toMatch(/30 条待办/);
    }
    const countyTitles = parts.flatMap((p) => p.text.match(/\*\*[^*]+\*\*/g) ?? []);
    expect(countyTitles).toHaveLength(30);
    // 20 a minute per robot: no robot took more than 20 in any minute, and none was refused for pace
    for (const key of [...robots.values(), countyKey]) {
      const times = fakes.accepted(key).map((a) => a.at);
      for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(20);
    }
    expect(fakes.arrivals.filter((a) => a.errcode === 45009 || a.errcode === 130101)).toEqual([]);
    // one text message per contact, saying three matters, in the approved template and signature (the fake checks)
    for (const [, mobile] of mobiles) {
      expect(texts.to(mobile)).toHaveLength(1);
      expect(texts.to(mobile)[0].params[0]).toBe('3');
      expect(texts.to(mobile)[0].at).toBeGreaterThanOrEqual(opening.toMillis());
    }
    expect(texts.refusals).toEqual([]);
    // each delivery keeps its own row and key; all but the one that sent are marked as sent with it
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(rows.length);
    expect(rows.filter((r) => r.sent_with === null).length).toBe(robots.size + 1 + mobiles.length);
  }, 600_000);
});
