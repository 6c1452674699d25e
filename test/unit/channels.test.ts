import { markdownParts } from '../../activities/channels/digest';
import { dingtalkSign, signedUrl } from '../../activities/channels/dingtalk';
import { CHANNELS, CHANNEL_TABLE, FAILURE_KINDS, failureText } from '../../domain/notifications/channels';
import { planRobotRecipients, type UnitRobots } from '../../domain/notifications/robots';
import { ERROR_CODES } from '../../domain/errorCodes';
import { checkOutboundUrl, isPublicAddress, outboundUrlAllowed } from '../../services/outbound';

describe('outbound addresses: nothing inside unless allowed', () => {
  test.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata (AWS, Tencent Cloud's 169.254.0.23 too)
    '100.100.100.200', // Alibaba Cloud metadata (shared address space)
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '224.0.0.1',
  ])('%s is not public', (ip) => expect(isPublicAddress(ip)).toBe(false));

  test.each(['8.8.8.8', '203.119.129.1', '2400:3200::1'])('%s is public', (ip) =>
    expect(isPublicAddress(ip)).toBe(true),
  );

  test('a URL to 127.0.0.1, 10.x or 169.254.169.254 is refused; localhost resolves inside and is refused too', async () => {
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://10.0.0.8/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/',
      'http://localhost:7233/',
    ])
      expect(await outboundUrlAllowed(url, {})).toBe(false);
  });

  test('OUTBOUND_ALLOWED_HOSTS lets a host, or a host:port only on that port', async () => {
    const env = { OUTBOUND_ALLOWED_HOSTS: '127.0.0.1:8443, bridge.internal' };
    expect(await outboundUrlAllowed('https://127.0.0.1:8443/x', env)).toBe(true);
    expect(await outboundUrlAllowed('http://127.0.0.1:8444/x', env)).toBe(false);
    await expect(checkOutboundUrl('http://127.0.0.1:8443/x', env)).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });

  test('the refusal has its code and a Chinese message', () => {
    expect(ERROR_CODES.outbound_address_forbidden).toEqual({ status: 422, zh: expect.stringMatching(/内部网络/) });
  });
});

describe('DingTalk signature', () => {
  test('sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\\n" + secret)))', () => {
    // by hand: printf '1700000000000\nSECtest' | openssl dgst -sha256 -hmac 'SECtest' -binary | base64
    expect(dingtalkSign('SECtest', 1700000000000)).toBe(
      encodeURIComponent('aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g='),
    );
    expect(signedUrl('https://oapi.dingtalk.com/robot/send?access_token=t', 'SECtest', 1700000000000)).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign=aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g%3D',
    );
    expect(signedUrl('https://oapi.dingtalk.com/robot/send?access_token=t', undefined)).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=t',
    );
  });
});

describe('a digest for a robot', () => {
  const message = (i: number) => ({
    locale: 'zh' as const,
    title: `提醒 ${i}：D1 专项整治工作方案 将于 2027年6月10日 到期`,
    text: `中卫市第${i}执法局：请于2027年6月10日 23:59:59前报送 D1 专项整治工作方案。`.repeat(2),
    link: `https://zf.example.gov.cn/campaigns/c/agencies/a${i}`,
  });

  test('300 messages split into parts of at most 4,096 bytes, every message in exactly one, the queue linked at the end', () => {
    const messages = Array.from({ length: 300 }, (_, i) => message(i + 1));
    const parts = markdownParts({ messages, queueLink: 'https://zf.example.gov.cn/queue' }, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(4096);
    for (const m of messages) expect(parts.filter((p) => p.includes(`**${m.title}**`))).toHaveLength(1);
    expect(parts.at(-1)).toContain('[查看全部待办](https://zf.example.gov.cn/queue)');
    expect(parts[0]).toContain(`（1/${parts.length}）：300 条待办`);
  });

  test('one message is one part', () => {
    expect(markdownParts({ messages: [message(1)], queueLink: null }, 4096)).toHaveLength(1);
  });
});

describe('the channel table', () => {
  test('every channel has Chinese words and a pushed flag; robots keep their documented limits', () => {
    for (const c of CHANNELS) expect(CHANNEL_TABLE[c].zh).toMatch(/[\u4e00-\u9fff]/);
    expect(CHANNEL_TABLE.inbox.pushed).toBe(false);
    expect(CHANNEL_TABLE.wecom.limits).toMatchObject({ maxBytes: 4096, perMinute: 20 });
    expect(CHANNEL_TABLE.dingtalk.limits).toMatchObject({ perMinute: 20, throttledForMs: 600_000 });
  });

  test('operators read a Chinese reason and the kind', () => {
    expect(failureText('retry')).toBe(`${FAILURE_KINDS.retry.zh}（retry）`);
  });
});

describe('group robots as recipients', () => {
  const units: UnitRobots[] = [
    { unitKind: 'jurisdiction', unitId: 'shapotou', channels: ['wecom', 'dingtalk'], mobiles: ['13900000001'] },
    { unitKind: 'agency', unitId: 'a1', channels: ['dingtalk'], mobiles: ['13800000001', '13800000002'] },
  ];
  const path = ['zhongwei', 'shapotou'];

  test("an agency's reminder goes to its own robots only; texts to its own numbers and its D2 contact's mobile", () => {
    const r = planRobotRecipients({
      audience: ['agency_contact'],
      agencyId: 'a1',
      jurisdictionPath: path,
      units,
      contactMobile: '13800000001', // also one of its own: one delivery
    });
    expect(r.map((x) => `${x.channel}:${x.address}`).sort()).toEqual([
      'dingtalk:agency:a1',
      'sms:13800000001',
      'sms:13800000002',
    ]);
    expect(r.find((x) => x.channel === 'sms')).toMatchObject({ kind: 'agency', id: 'a1', key: 'mobile:13800000001' });
  });

  test("an agency without robots is reached through its county's; a landline D2 phone is not texted, nor the county's numbers", () => {
    const r = planRobotRecipients({
      audience: ['agency_contact'],
      agencyId: 'a2',
      jurisdictionPath: path,
      units,
      contactMobile: '09557000000',
    });
    expect(r.map((x) => `${x.channel}:${x.address}`).sort()).toEqual([
      'dingtalk:jurisdiction:shapotou',
      'wecom:jurisdiction:shapotou',
    ]);
  });

  test('an escalation to the agency and its bureau names the county robot once', () => {
    const r = planRobotRecipients({
      audience: ['agency_head', 'supervising_bureau'],
      agencyId: 'a2',
      jurisdictionPath: path,
      units,
    });
    expect(r.map((x) => `${x.channel}:${x.address}`).sort()).toEqual([
      'dingtalk:jurisdiction:shapotou',
      'sms:13900000001',
      'wecom:jurisdiction:shapotou',
    ]);
  });

  test("people's own numbers: an agency's accounts with its agency's texts, a county's bureau accounts with the county's, each number once", () => {
    const accountMobiles = [
      { unitKind: 'agency' as const, unitId: 'a2', mobile: '13700000001' },
      { unitKind: 'agency' as const, unitId: 'a2', mobile: '13700000002' }, // also the D2 contact: one delivery
      { unitKind: 'agency' as const, unitId: 'a9', mobile: '13700000009' }, // another agency's: not told
      { unitKind: 'jurisdiction' as const, unitId: 'zhongwei', mobile: '13600000001' }, // not the nearest with numbers
      { unitKind: 'jurisdiction' as const, unitId: 'shapotou', mobile: '13900000001' }, // the county's own number too
      { unitKind: 'jurisdiction' as const, unitId: 'shapotou', mobile: '13600000002' },
    ];
    const r = planRobotRecipients({
      audience: ['agency_head', 'supervising_bureau'],
      agencyId: 'a2',
      jurisdictionPath: path,
      units,
      accountMobiles,
      contactMobile: '13700000002',
    });
    expect(
      r
        .filter((x) => x.channel === 'sms')
        .map((x) => `${x.kind}:${x.id}:${x.address}`)
        .sort(),
    ).toEqual([
      'agency:a2:13700000001',
      'agency:a2:13700000002',
      'bureau:shapotou:13600000002',
      'bureau:shapotou:13900000001',
    ]);
    // a city with no numbers of its own but a bureau account's: that account is its bureau's number
    const city = planRobotRecipients({
      audience: ['supervising_bureau'],
      agencyId: null,
      jurisdictionPath: ['zhongwei'],
      units: [],
      accountMobiles,
    });
    expect(city.map((x) => `${x.channel}:${x.address}`)).toEqual(['sms:13600000001']);
  });

  test('no robot up the path: none', () => {
    expect(
      planRobotRecipients({ audience: ['agency_contact'], agencyId: 'x', jurisdictionPath: ['yinchuan'], units }),
    ).toEqual([]);
  });
});
