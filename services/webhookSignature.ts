import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (docs/NOTIFICATIONS.md): HMAC-SHA256 with the subscription's secret over `${timestamp}.${body}`,
 * sent as `X-Signature: t=<unix seconds>,v1=<hex>`. A receiver recomputes it over the raw body and refuses a
 * timestamp more than five minutes from its clock, so a captured request cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'X-Signature';
export const REPLAY_WINDOW_SECONDS = 300;

export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${signPayload(secret, t, body)}`;
}

/** True when the header carries a v1 signature of this body under the secret, stamped within the replay window. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowMs = Date.now(),
  toleranceSeconds = REPLAY_WINDOW_SECONDS,
): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const i = item.indexOf('=');
    if (i <= 0) continue;
    const k = item.slice(0, i).trim();
    parts.set(k, [...(parts.get(k) ?? []), item.slice(i + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(nowMs / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, t, body), 'hex');
  return (parts.get('v1') ?? []).some((v) => {
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
