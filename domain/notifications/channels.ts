/*
 * Every channel a notification may take, in one table (docs/NOTIFICATIONS.md "Channels"): its words, whether it
 * pushes to people (and so waits for working hours) and its documented limits. The module that sends on it is
 * activities/channels/<name>.ts, registered in activities/channels/index.ts. Adding a channel is its row here, its
 * module there and its wording; the API's enums and the database take the list from here.
 */

export interface ChannelLimits {
  /** the largest message body, in UTF-8 bytes; a longer digest is split */
  maxBytes: number | null;
  /** messages a minute per target (a robot, a number) */
  perMinute: number | null;
  /** how long a target refuses everything once its per-minute limit was passed */
  throttledForMs: number | null;
}

export interface ChannelRow {
  zh: string;
  en: string;
  /** a push reaches a person outside the product and waits for the delivery window; the inbox shows at once */
  pushed: boolean;
  /** messages due to one recipient in one window go as one (a webhook's JSON stays one per notification) */
  digest: boolean;
  limits: ChannelLimits;
}

const NO_LIMITS: ChannelLimits = { maxBytes: null, perMinute: null, throttledForMs: null };

export const CHANNEL_TABLE = {
  inbox: { zh: '站内消息', en: 'in-app inbox', pushed: false, digest: false, limits: NO_LIMITS },
  email: { zh: '电子邮件', en: 'email', pushed: true, digest: true, limits: NO_LIMITS },
  webhook: { zh: 'Webhook 推送', en: 'signed webhook', pushed: true, digest: false, limits: NO_LIMITS },
  // https://developer.work.weixin.qq.com/document/path/91770: markdown content at most 4096 bytes, 20 a minute
  wecom: {
    zh: '企业微信群机器人',
    en: 'WeCom group robot',
    pushed: true,
    digest: true,
    limits: { maxBytes: 4096, perMinute: 20, throttledForMs: null },
  },
  // https://open.dingtalk.com/document/robots/custom-robot-access: 20 a minute, beyond it throttled for 10 minutes;
  // its markdown has no published byte limit: parts are kept to 20,000 bytes
  dingtalk: {
    zh: '钉钉群机器人',
    en: 'DingTalk group robot',
    pushed: true,
    digest: true,
    limits: { maxBytes: 20_000, perMinute: 20, throttledForMs: 10 * 60_000 },
  },
  // a template message through Alibaba Cloud or Tencent Cloud (activities/channels/sms/); each number's daily cap
  // (SMS_DAILY_CAP) is kept by the product, beside the provider's own flow control
  sms: { zh: '短信', en: 'SMS', pushed: true, digest: true, limits: NO_LIMITS },
} as const satisfies Record<string, ChannelRow>;

export type Channel = keyof typeof CHANNEL_TABLE;
export const CHANNELS = Object.keys(CHANNEL_TABLE) as [Channel, ...Channel[]];

export const isChannel = (s: string): s is Channel => Object.hasOwn(CHANNEL_TABLE, s);

/**
 * How a send failed, as the delivery's retry policy treats it: `permanent` fails the delivery at once, `retry` tries
 * again with backoff, `throttled` tries again after the target's own pause. Operators read the Chinese reason; what
 * exactly went wrong (an address, a socket error) stays in the worker's log.
 */
export const FAILURE_KINDS = {
  permanent: { zh: '接收方拒绝了消息，不再重试' },
  retry: { zh: '接收方暂时无法接收，将自动重试' },
  throttled: { zh: '接收方限制发送频率，稍后自动重试' },
  forbidden_address: { zh: '推送地址指向内部网络或本机，已拒绝发送' },
  not_configured: { zh: '该渠道尚未配置，无法发送' },
} as const;
export type FailureKind = keyof typeof FAILURE_KINDS;

/** What an operator sees of a failed attempt: the reason in Chinese and its kind, never the receiver's internals. */
export const failureText = (kind: FailureKind) => `${FAILURE_KINDS[kind].zh}（${kind}）`;
