import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local fakes of the Alibaba Cloud and Tencent Cloud SMS APIs, answering as their documents say, reached by the real
 * SDKs through their endpoint settings (over http: both SDKs take the protocol from their configuration):
 *
 * Alibaba (dysmsapi 2017-05-25 SendSms, RPC style: the parameters in the query, signed ACS3-HMAC-SHA256): checks the
 *   access key id, the signature name, the template code and that TemplateParam carries the template's variables;
 *   answers {Code: "OK", BizId} or isv.SMS_SIGNATURE_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL, isv.TEMPLATE_MISSING_PARAMETERS,
 *   isv.MOBILE_NUMBER_ILLEGAL, and isv.BUSINESS_LIMIT_CONTROL past a number's daily cap.
 * Tencent (sms 2021-01-11 SendSms, JSON body, signed TC3-HMAC-SHA256): checks the secret id, SmsSdkAppId, SignName,
 *   TemplateId and the number of TemplateParamSet; answers SendStatusSet [{Code: "Ok"}] or, per number,
 *   LimitExceeded.PhoneNumberDailyLimit past the cap; a wrong signature or template is an Error of the whole request.
 *
 * Every message accepted is recorded with its number, template variables and arrival time.
 */
export interface SmsArrival {
  provider: 'aliyun' | 'tencent';
  mobile: string;
  params: string[];
  at: number;
}

export interface SmsAccount {
  accessKeyId: string;
  signName: string;
  templateId: string;
  sdkAppId: string;
  dailyCap: number;
}

export async function startSmsFakes(account: SmsAccount) {
  const arrivals: SmsArrival[] = [];
  const refusals: { provider: string; code: string }[] = [];
  const today = new Map<string, number>();
  const take = (mobile: string) => {
    const n = today.get(mobile) ?? 0;
    if (n >= account.dailyCap) return false;
    today.set(mobile, n + 1);
    return true;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const auth = req.headers.authorization ?? '';
      if (req.headers['x-acs-action'] === 'SendSms') {
        const q = new URL(req.url ?? '/', 'http://fake').searchParams;
        const refuse = (code: string) => {
          refusals.push({ provider: 'aliyun', code });
          json(200, { Code: code, Message: code, RequestId: 'fake' });
        };
        if (!auth.startsWith(`ACS3-HMAC-SHA256 Credential=${account.accessKeyId},`))
          return json(403, { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' });
        if (q.get('SignName') !== account.signName) return refuse('isv.SMS_SIGNATURE_ILLEGAL');
        if (q.get('TemplateCode') !== account.templateId) return refuse('isv.SMS_TEMPLATE_ILLEGAL');
        let params: Record<string, string> = {};
        try {
          params = JSON.parse(q.get('TemplateParam') ?? '{}') as Record<string, string>;
        } catch {
          return refuse('isv.INVALID_JSON_PARAM');
        }
        if (typeof params.count !== 'string' || typeof params.title !== 'string' || params.title.length > 35)
          return refuse('isv.TEMPLATE_MISSING_PARAMETERS');
        const mobile = q.get('PhoneNumbers') ?? '';
        if (!/^1[3-9]\d{9}$/.test(mobile)) return refuse('isv.MOBILE_NUMBER_ILLEGAL');
        if (!take(mobile)) return refuse('isv.BUSINESS_LIMIT_CONTROL');
        arrivals.push({ provider: 'aliyun', mobile, params: [params.count, params.title], at: Date.now() });
        return json(200, { Code: 'OK', Message: 'OK', BizId: `biz-${arrivals.length}`, RequestId: 'fake' });
      }
      if (req.headers['x-tc-action'] === 'SendSms') {
        const error = (code: string) => {
          refusals.push({ provider: 'tencent', code });
          json(200, { Response: { Error: { Code: code, Message: code }, RequestId: 'fake' } });
        };
        if (!auth.startsWith(`TC3-HMAC-SHA256 Credential=${account.accessKeyId}/`))
          return error('AuthFailure.SecretIdNotFound');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
          PhoneNumberSet?: string[];
          SmsSdkAppId?: string;
          SignName?: string;
          TemplateId?: string;
          TemplateParamSet?: string[];
        };
        if (body.SmsSdkAppId !== account.sdkAppId) return error('InvalidParameterValue.SdkAppIdNotExist');
        if (body.SignName !== account.signName) return error('FailedOperation.SignatureIncorrectOrUnapproved');
        if (body.TemplateId !== account.templateId) return error('FailedOperation.TemplateIncorrectOrUnapproved');
        if (body.TemplateParamSet?.length !== 2) return error('InvalidParameterValue.TemplateParameterFormatError');
        const statuses = (body.PhoneNumberSet ?? []).map((n) => {
          const mobile = n.replace(/^\+?86/, '');
          if (!/^1[3-9]\d{9}$/.test(mobile))
            return { PhoneNumber: n, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'incorrect number' };
          if (!take(mobile)) {
            refusals.push({ provider: 'tencent', code: 'LimitExceeded.PhoneNumberDailyLimit' });
            return { PhoneNumber: n, Code: 'LimitExceeded.PhoneNumberDailyLimit', Message: 'daily limit' };
          }
          arrivals.push({ provider: 'tencent', mobile, params: body.TemplateParamSet!, at: Date.now() });
          return { PhoneNumber: n, Code: 'Ok', Message: 'send success', SerialNo: `sn-${arrivals.length}`, Fee: 1 };
        });
        return json(200, { Response: { SendStatusSet: statuses, RequestId: 'fake' } });
      }
      json(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    arrivals,
    refusals,
    to: (mobile: string) => arrivals.filter((a) => a.mobile === mobile),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SmsFakes = Awaited<ReturnType<typeof startSmsFakes>>;
