import type { NotifyConfig } from '../../../config/env';
import { SendError } from '../sendError';
import { aliyunSms } from './aliyun';
import { tencentSms } from './tencent';

/**
 * An SMS provider (docs/NOTIFICATIONS.md "SMS"): sends one template message to one number and sorts the provider's
 * answer into the failure kinds. The template is the one the provider approved (SMS_TEMPLATE_ID) with two variables,
 * the number of matters and the first one's title; the signature name is SMS_SIGN_NAME.
 */
export interface SmsMessage {
  mobile: string;
  count: number;
  title: string;
  /** the delivery's dedupe key: Alibaba's OutId, Tencent's SessionContext */
  dedupeKey: string;
}

export interface SmsProvider {
  send(m: SmsMessage): Promise<{ detail: string }>;
}

export function smsProvider(cfg: NotifyConfig): SmsProvider | null {
  if (!cfg.SMS_PROVIDER) return null;
  const missing = (['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID'] as const).filter(
    (k) => !cfg[k],
  );
  if (cfg.SMS_PROVIDER === 'tencent' && !cfg.SMS_SDK_APP_ID) missing.push('SMS_SDK_APP_ID' as never);
  if (missing.length)
    return {
      send: () => Promise.reject(new SendError('not_configured', `SMS settings missing: ${missing.join(', ')}`)),
    };
  return cfg.SMS_PROVIDER === 'aliyun' ? aliyunSms(cfg) : tencentSms(cfg);
}

/** A template variable's text: providers limit its length (Alibaba 35 characters; Tencent less for some types). */
export const variable = (s: string, max = 20) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
