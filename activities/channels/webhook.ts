import type { Sql } from 'postgres';
import { OutboundForbidden, postOutbound, type OutboundAnswer } from '../../services/outbound';
import { SIGNATURE_HEADER, signatureHeader } from '../../services/webhookSignature';
import { SendError, type Sent } from './sendError';
import type { ChannelModule, Outgoing } from './types';

/** Every outside send ends within SEND_LIMIT_MS (activities/channels/email.ts); a request within this. */
export const HTTP_TIMEOUT_MS = 10_000;

/** Statuses worth another try: the receiver is busy, down or asks us to slow down. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/**
 * POSTs JSON to an outside URL through the outbound address check (services/outbound.ts) and sorts the outcome into
 * the failure kinds; the robots' own answers (errcode) are read by their modules from the body returned.
 */
export async function postJson(url: string, headers: Record<string, string>, body: string): Promise<OutboundAnswer> {
  let res: OutboundAnswer;
  try {
    res = await postOutbound({
      url,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'rectification-campaigns-notifier/1',
        ...headers,
      },
      body,
      timeoutMs: HTTP_TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof OutboundForbidden) throw new SendError('forbidden_address', err.message);
    const e = err as { name?: string; code?: string; message?: string };
    const why = e.name === 'TimeoutError' ? `no answer within ${HTTP_TIMEOUT_MS / 1000} s` : (e.code ?? e.message);
    throw new SendError('retry', `unreachable: ${why ?? 'network error'}`);
  }
  if (res.status >= 200 && res.status < 300) return res;
  if (res.status === 429) throw new SendError('throttled', `HTTP ${res.status}`);
  const permanent = res.status < 500 && !TRANSIENT_STATUSES.has(res.status);
  throw new SendError(permanent ? 'permanent' : 'retry', `HTTP ${res.status}`);
}

/** Signed webhooks (docs/NOTIFICATIONS.md "Webhooks"): one request per notification, its JSON body as planned. */
export function webhookChannel(sql: Sql): ChannelModule {
  return {
    enabled: true,
    async send(o: Outgoing): Promise<Sent> {
      const [sub] = await sql<{ url: string; secret: string; active: boolean }[]>`
        select url, secret, active from webhook_subscriptions where id = ${o.subscriptionId}`;
      if (!sub?.active) throw new SendError('not_configured', 'the webhook subscription was deleted');
      const body = JSON.stringify(o.body);
      const res = await postJson(
        sub.url,
        {
          'idempotency-key': o.dedupeKey,
          'x-notification-id': o.notificationId,
          [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(sub.secret, body),
        },
        body,
      );
      return { detail: `HTTP ${res.status}` };
    },
  };
}
