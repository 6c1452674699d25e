import type { NotifyConfig } from '../../config/env';
import { aliyunSms } from '../../activities/channels/sms/aliyun';
import { tencentSms } from '../../activities/channels/sms/tencent';
import { SendError } from '../../activities/channels/sendError';
import { startSmsFakes, type SmsFakes } from '../support/smsFakes';

/**
 * The two SMS adapters through their real SDKs against the local fakes of Alibaba Cloud's and Tencent Cloud's APIs
 * (test/support/smsFakes.ts): what they send, and how the providers' refusals sort into the failure kinds.
 */
const ACCOUNT = {
  accessKeyId: 'AK-test',
  signName: '中卫市司法局',
  templateId: 'SMS_4857',
  sdkAppId: '1400001',
  dailyCap: 2,
};
let fakes: SmsFakes;
let cfg: NotifyConfig;

beforeAll(async () => {
  fakes = await startSmsFakes(ACCOUNT);
  cfg = {
    SMTP_FROM: 'x <x@localhost>',
    NOTIFY_MAX_ATTEMPTS: 8,
    NOTIFY_DIGEST_GATHER_SECONDS: 60,
    SMS_ENDPOINT: fakes.endpoint,
    SMS_ACCESS_KEY_ID: ACCOUNT.accessKeyId,
    SMS_ACCESS_KEY_SECRET: 'secret',
    SMS_SIGN_NAME: ACCOUNT.signName,
    SMS_TEMPLATE_ID: ACCOUNT.templateId,
    SMS_SDK_APP_ID: ACCOUNT.sdkAppId,
    SMS_REGION: 'ap-guangzhou',
    SMS_DAILY_CAP: 10,
  };
});
afterAll(() => fakes.close());

const message = (mobile: string) => ({
  mobile,
  count: 3,
  title: '中卫市专项整治：D1 专项整治工作方案 将于 2027年6月10日 到期，请按时报送',
  dedupeKey: `1:mobile:${mobile}:sms`,
});
const kindOf = (p: Promise<unknown>) =>
  p.then(
    () => 'sent',
    (e: unknown) => (e instanceof SendError ? e.kind : String(e)),
  );

test.each([
  ['aliyun', aliyunSms, '13800000001'],
  ['tencent', tencentSms, '13800000002'],
] as const)(
  '%s: the template with its two variables, the title cut to fit; past the daily cap throttled',
  async (provider, adapter, mobile) => {
    const sms = adapter(cfg);
    await expect(sms.send(message(mobile))).resolves.toMatchObject({ detail: expect.stringContaining(provider) });
    const [got] = fakes.to(mobile);
    expect(got).toMatchObject({ provider, params: ['3', expect.stringMatching(/^中卫市专项整治：D1.{0,13}…$/)] });
    expect(got.params[1].length).toBeLessThanOrEqual(20);
    await sms.send(message(mobile));
    expect(await kindOf(sms.send(message(mobile)))).toBe('throttled'); // the fake's cap is 2
    expect(fakes.to(mobile)).toHaveLength(2);
  },
);

test.each([
  ['aliyun', aliyunSms],
  ['tencent', tencentSms],
] as const)('%s: a signature or template the provider has not approved is permanent', async (_p, adapter) => {
  expect(await kindOf(adapter({ ...cfg, SMS_SIGN_NAME: '未备案签名' }).send(message('13800000003')))).toBe('permanent');
  expect(await kindOf(adapter({ ...cfg, SMS_TEMPLATE_ID: 'SMS_0' }).send(message('13800000003')))).toBe('permanent');
  expect(fakes.to('13800000003')).toEqual([]);
});
