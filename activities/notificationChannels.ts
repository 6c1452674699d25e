import nodemailer, { type Transporter } from 'nodemailer';
import type { NotifyConfig } from '../config/env';
import { SIGNATURE_HEADER, signatureHeader } from '../services/webhookSignature';

/**
 * The two outside channels of notification delivery (the inbox is a row in our own database). Each send carries the
 * delivery's dedupe key, so a receiver can recognise a repeat: webhooks as Idempotency-Key, emails in the Message-ID.
 * Errors say what went wrong without the URL, the secret or the SMTP credentials.
 */
export class SendError extends Error {
  constructor(
    message: string,
    /** no retry can mend it */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface Sent {
  detail: string;
}

/** Every send ends within SEND_LIMIT_MS, so a delivery's lease (25 s) outlasts it and its activity timeout (30 s) too. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
export const SMTP_TIMEOUT_MS = 10_000;
export const SEND_LIMIT_MS = 20_000;

/** A Message-ID made of the dedupe key: base64url is valid in an RFC 5322 id and decodes back to the key. */
export function messageIdFor(dedupeKey: string, domain: string): string {
  return `<${Buffer.from(dedupeKey).toString('base64url')}@${domain}>`;
}

export function mailDomain(cfg: Pick<NotifyConfig, 'SMTP_FROM' | 'PUBLIC_BASE_URL'>): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(cfg.SMTP_FROM);
  if (m) return m[1];
  return cfg.PUBLIC_BASE_URL ? new URL(cfg.PUBLIC_BASE_URL).hostname : 'localhost';
}

export function emailChannel(cfg: NotifyConfig) {
  let transport: Transporter | null = null;
  const password = cfg.SMTP_URL ? decodeURIComponent(new URL(cfg.SMTP_URL).password) : '';
  const clean = (text: string) => (password ? text.split(password).join('***') : text);
  const domain = mailDomain(cfg);
  return {
    enabled: !!cfg.SMTP_URL,
    async send(o: { to: string; dedupeKey: string; title: string; text: string }): Promise<Sent> {
      if (!cfg.SMTP_URL) throw new SendError('email is not configured (SMTP_URL)', true);
      transport ??= nodemailer.createTransport(cfg.SMTP_URL, {
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
      } as never);
      let timer: NodeJS.Timeout | undefined;
      try {
        const sending = transport.sendMail({
          from: cfg.SMTP_FROM,
          to: o.to,
          subject: o.title,
          text: o.text,
          messageId: messageIdFor(o.dedupeKey, domain),
          headers: { 'X-Notification-Key': o.dedupeKey },
        });
        const limit = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new SendError(`SMTP: no answer within ${SEND_LIMIT_MS / 1000} s`, false)),
            SEND_LIMIT_MS,
          );
        });
        sending.catch(() => undefined); // after the limit, its late failure is nobody's
        const info = await Promise.race([sending, limit]);
        return { detail: clean(String(info.response ?? 'accepted')).slice(0, 500) };
      } catch (err) {
        if (err instanceof SendError) throw err;
        const e = err as { responseCode?: number; message?: string; code?: string };
        // 5xx from the server is a permanent refusal (bad address, rejected); 4xx and connection trouble pass.
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new SendError(
          clean(`SMTP ${e.responseCode ?? e.code ?? 'error'}: ${e.message ?? String(err)}`).slice(0, 500),
          permanent,
        );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Statuses worth another try: the receiver is busy, down or asks us to slow down. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

export async function sendWebhook(o: {
  url: string;
  secret: string;
  dedupeKey: string;
  notificationId: string;
  body: string;
}): Promise<Sent> {
  let res: Response;
  try {
    res = await fetch(o.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'rectification-campaigns-notifier/1',
        'idempotency-key': o.dedupeKey,
        'x-notification-id': o.notificationId,
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(o.secret, o.body),
      },
      body: o.body,
    });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
        : (e.cause?.code ?? e.name ?? 'network error');
    throw new SendError(`webhook unreachable: ${why}`, false);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 200 && res.status < 300) return { detail: `HTTP ${res.status}` };
  const permanent = res.status < 500 && !TRANSIENT_STATUSES.has(res.status);
  throw new SendError(`webhook answered HTTP ${res.status}`, permanent);
}
