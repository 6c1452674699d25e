import nodemailer, { type Transporter } from 'nodemailer';
import type { NotifyConfig } from '../../config/env';
import { SendError, type Sent } from './sendError';
import type { ChannelModule, Outgoing } from './types';
import { digestText } from './digest';

/**
 * Email (SMTP through nodemailer). Each send carries the delivery's dedupe key in the Message-ID, so a mail system
 * recognises a repeat. Errors say what went wrong without the SMTP credentials.
 */

/** Every send ends within SEND_LIMIT_MS, so a delivery's lease (25 s) outlasts it and its activity timeout (30 s) too. */
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

export function emailChannel(cfg: NotifyConfig): ChannelModule {
  let transport: Transporter | null = null;
  const password = cfg.SMTP_URL ? decodeURIComponent(new URL(cfg.SMTP_URL).password) : '';
  const clean = (text: string) => (password ? text.split(password).join('***') : text);
  const domain = mailDomain(cfg);
  return {
    enabled: !!cfg.SMTP_URL,
    async send(o: Outgoing): Promise<Sent> {
      if (!cfg.SMTP_URL) throw new SendError('not_configured', 'SMTP_URL is not set');
      if (!o.address) throw new SendError('not_configured', 'no email address');
      const { title, text } = digestText(o);
      transport ??= nodemailer.createTransport(cfg.SMTP_URL, {
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
      } as never);
      let timer: NodeJS.Timeout | undefined;
      try {
        const sending = transport.sendMail({
          from: cfg.SMTP_FROM,
          to: o.address,
          subject: title,
          text,
          messageId: messageIdFor(o.dedupeKey, domain),
          headers: { 'X-Notification-Key': o.dedupeKey },
        });
        const limit = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new SendError('retry', `SMTP: no answer within ${SEND_LIMIT_MS / 1000} s`)),
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
          permanent ? 'permanent' : 'retry',
          clean(`SMTP ${e.responseCode ?? e.code ?? 'error'}: ${e.message ?? String(err)}`).slice(0, 500),
        );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
