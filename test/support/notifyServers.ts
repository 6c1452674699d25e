import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifySignature } from '../../services/webhookSignature';

/** Real receivers on loopback for notification tests: an SMTP server and a webhook endpoint that checks signatures. */

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  messageId: string;
  key: string;
  text: string;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), as nodemailer writes a Chinese subject. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return {
    ...envelope,
    headers,
    subject: decodeWords(headers.subject ?? ''),
    messageId: headers['message-id'] ?? '',
    key: headers['x-notification-key'] ?? '',
    text: decodeBody(raw.slice(split + 4), headers['content-transfer-encoding']),
  };
}

export async function startSmtpServer() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Arrival {
  path: string;
  key: string;
  notificationId: string;
  signatureValid: boolean;
  body: any;
  status: number;
  at: number;
}

export interface HookBehaviour {
  /** the status to answer (200 unless set) */
  status?: number;
  /** wait this long before answering */
  delayMs?: number;
}

/**
 * A webhook endpoint: every request is recorded on arrival, with its Idempotency-Key and whether its signature is
 * valid under the secret of its path. Each path answers as told; the whole server can stop listening and come back.
 */
export async function startWebhookReceiver() {
  const arrivals: Arrival[] = [];
  const secrets = new Map<string, string>();
  const behaviour = new Map<string, HookBehaviour>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      const b = behaviour.get(path) ?? {};
      const status = b.status ?? 200;
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        // recorded as null
      }
      arrivals.push({
        path,
        key: String(req.headers['idempotency-key'] ?? ''),
        notificationId: String(req.headers['x-notification-id'] ?? ''),
        signatureValid: verifySignature(secrets.get(path) ?? '', req.headers['x-signature'] as string | undefined, raw),
        body,
        status,
        at: Date.now(),
      });
      setTimeout(() => {
        res.statusCode = status;
        res.end(status < 300 ? 'ok' : 'unavailable');
      }, b.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    arrivals,
    setSecret: (path: string, secret: string) => void secrets.set(path, secret),
    behave: (path: string, b: HookBehaviour) => void behaviour.set(path, b),
    /** keys answered with a 2xx: what the receiver accepted */
    accepted: (path: string) => arrivals.filter((a) => a.path === path && a.status < 300).map((a) => a.key),
    stopListening: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    listenAgain: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve())),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** Counts of each value: a key seen twice shows as 2. */
export function countBy<T>(items: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}
