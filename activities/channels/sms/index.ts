import type { Sql } from 'postgres';
import type { NotifyConfig } from '../../../config/env';
import { SendError } from '../sendError';
import type { ChannelModule } from '../types';
import { smsProvider } from './provider';

/**
 * SMS (docs/NOTIFICATIONS.md "SMS"): one template message per digest to one number, through the configured provider.
 * Each number's messages in a day (China time) are counted in sms_sends and kept within SMS_DAILY_CAP, the providers'
 * own default cap for a number, so the product never provokes their refusal: past it the send waits for the next day.
 */
export function smsChannel(sql: Sql, cfg: NotifyConfig): ChannelModule {
  const provider = smsProvider(cfg);
  return {
    enabled: provider !== null,
    async send(o) {
      if (!provider) throw new SendError('not_configured', 'SMS_PROVIDER is not set');
      if (!o.address) throw new SendError('not_configured', 'no mobile number');
      const [taken] = await sql<{ n: number }[]>`
        insert into sms_sends (mobile, day, n) values (${o.address}, (now() at time zone 'Asia/Shanghai')::date, 1)
        on conflict (mobile, day) do update set n = sms_sends.n + 1 where sms_sends.n < ${cfg.SMS_DAILY_CAP}
        returning n`;
      if (!taken) {
        const [{ ms }] = await sql<{ ms: number }[]>`
          select extract(epoch from (date_trunc('day', now() at time zone 'Asia/Shanghai') + interval '1 day' + interval '9 hours')
            - (now() at time zone 'Asia/Shanghai'))::float8 * 1000 as ms`;
        throw new SendError('throttled', `daily cap of ${cfg.SMS_DAILY_CAP} reached for a number`, Math.ceil(ms));
      }
      try {
        return await provider.send({
          mobile: o.address,
          count: o.messages.length,
          title: o.messages[0].title,
          dedupeKey: o.dedupeKey,
        });
      } catch (err) {
        await sql`update sms_sends set n = n - 1 where mobile = ${o.address} and day = (now() at time zone 'Asia/Shanghai')::date`;
        throw err;
      }
    },
  };
}
