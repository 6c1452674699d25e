import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { Config } from '@alicloud/openapi-client';
import type { NotifyConfig } from '../../../config/env';
import { SendError } from '../sendError';
import { variable, type SmsProvider } from './provider';

/** Alibaba Cloud answers worth another try, and those that mean "slow down" (its flow control by number). */
const RETRY = new Set(['isp.SYSTEM_ERROR', 'isp.RAM_PERMISSION_DENY', 'SignatureNonceUsed', 'Throttling.User']);
const THROTTLED = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isv.DAY_LIMIT_CONTROL']);

/**
 * Alibaba Cloud SMS (短信服务, dysmsapi 2017-05-25 SendSms) through its SDK. SMS_ENDPOINT names the API host and its
 * scheme (https://dysmsapi.aliyuncs.com by default; the SDK takes the protocol from its config, so the tests' fake
 * answers over http). Template variables: {count, title}.
 */
export function aliyunSms(cfg: NotifyConfig): SmsProvider {
  const endpoint = new URL(cfg.SMS_ENDPOINT ?? 'https://dysmsapi.aliyuncs.com');
  const client = new Dysmsapi(
    new Config({
      accessKeyId: cfg.SMS_ACCESS_KEY_ID,
      accessKeySecret: cfg.SMS_ACCESS_KEY_SECRET,
      endpoint: endpoint.host,
      protocol: endpoint.protocol.replace(':', ''),
      readTimeout: 10_000,
      connectTimeout: 5_000,
    }),
  );
  return {
    async send(m) {
      let code: string | undefined;
      let message: string | undefined;
      try {
        const res = await client.sendSms(
          new SendSmsRequest({
            phoneNumbers: m.mobile,
            signName: cfg.SMS_SIGN_NAME,
            templateCode: cfg.SMS_TEMPLATE_ID,
            templateParam: JSON.stringify({ count: String(m.count), title: variable(m.title) }),
            outId: m.dedupeKey.slice(0, 256),
          }),
        );
        ({ code, message } = res.body ?? {});
        if (code === 'OK') return { detail: `aliyun: ${res.body?.bizId ?? 'OK'}` };
      } catch (err) {
        const e = err as { code?: string; message?: string; statusCode?: number };
        if (!e.code || (e.statusCode ?? 500) >= 500) throw new SendError('retry', `aliyun: ${e.code ?? e.message}`);
        [code, message] = [e.code, e.message];
      }
      const detail = `aliyun ${code}: ${message ?? ''}`.slice(0, 300);
      if (THROTTLED.has(code ?? '')) throw new SendError('throttled', detail, 60_000);
      throw new SendError(RETRY.has(code ?? '') ? 'retry' : 'permanent', detail);
    },
  };
}
