import type { Sql } from 'postgres';
import type { NotifyConfig } from '../../config/env';
import type { Channel } from '../../domain/notifications/channels';
import { dingtalkChannel } from './dingtalk';
import { emailChannel } from './email';
import { smsChannel } from './sms';
import type { ChannelModule } from './types';
import { webhookChannel } from './webhook';
import { wecomChannel } from './wecom';

/**
 * The sending module of every channel of domain/notifications/channels.ts: a channel missing here does not compile.
 * The inbox sends nothing outside: its message is a row written with the delivery's outcome.
 */
export function channelModules(sql: Sql, cfg: NotifyConfig): Record<Channel, ChannelModule> {
  return {
    inbox: { enabled: true, send: async () => ({ detail: 'inbox' }) },
    email: emailChannel(cfg),
    webhook: webhookChannel(sql),
    wecom: wecomChannel(sql),
    dingtalk: dingtalkChannel(sql),
    sms: smsChannel(sql, cfg),
  };
}
