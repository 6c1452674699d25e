import { sms } from 'tencentcloud-sdk-nodejs-sms';
import type { NotifyConfig } from '../../../config/env';
import { SendError } from '../sendError';
import { variable, type SmsProvider } from './provider';

const THROTTLED = /^LimitExceeded\./;
const RETRY = /^(InternalError|RequestLimitExceeded)/;

/**
 * Tencent Cloud SMS (SendSms 2021-01-11) through its SDK. SMS_ENDPOINT names the API host and its scheme
 * (https://sms.tencentcloudapi.com by default; the SDK's httpProfile takes the protocol, so the tests' fake answers
 * over http). Template variables in order: count, title.
 */
export function tencentSms(cfg: NotifyConfig): SmsProvider {
  const endpoint = new URL(cfg.SMS_ENDPOINT ?? 'https://sms.tencentcloudapi.com');
  const client = new sms.v20210111.Client({
    credential: { secretId: cfg.SMS_ACCESS_KEY_ID, secretKey: cfg.SMS_ACCESS_KEY_SECRET },
    region: cfg.SMS_REGION,
    profile: { httpProfile: { endpoint: endpoint.host, protocol: `${endpoint.protocol}//`, reqTimeout: 10 } },
  });
  return {
    async send(m) {
      let code: string | undefined;
      let message: string | undefined;
      try {
        const res = await client.SendSms({
          PhoneNumberSet: [m.mobile],
          SmsSdkAppId: cfg.SMS_SDK_APP_ID!,
          SignName: cfg.SMS_SIGN_NAME,
          TemplateId: cfg.SMS_TEMPLATE_ID!,
          TemplateParamSet: [String(m.count), variable(m.title)],
          SessionContext: m.dedupeKey.slice(0, 512),
        });
        const status = res.SendStatusSet?.[0];
        [code, message] = [status?.Code, status?.Message];
        if (code === 'Ok') return { detail: `tencent: ${status?.SerialNo ?? 'Ok'}` };
      } catch (err) {
        const e = err as { code?: string; message?: string };
        if (!e.code) throw new SendError('retry', `tencent: ${e.message}`);
        [code, message] = [e.code, e.message];
      }
      const detail = `tencent ${code}: ${message ?? ''}`.slice(0, 300);
      if (THROTTLED.test(code ?? '')) throw new SendError('throttled', detail, 60_000);
      throw new SendError(RETRY.test(code ?? '') ? 'retry' : 'permanent', detail);
    },
  };
}
