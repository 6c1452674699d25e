import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { HttpError } from './errors';
import { canonicalJson } from '../domain/canonicalJson';

/**
 * Idempotency-Key on writes (docs/ACCESS.md). The first request under a (key, Idempotency-Key) pair claims a row;
 * its outcome is stored before the response is sent; a repeat of the same request gets that outcome again, with
 * `Idempotent-Replayed: true`, and changes nothing. A 5xx outcome is not stored, so the client may retry.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Public routes have no key: a caller's Idempotency-Keys are scoped to its address (hashed: the store keeps no
 * addresses), so a citizen who picks the same key as another is never answered with the other's outcome.
 */
export const publicCaller = (address: string | undefined) =>
  `public:${createHash('sha256')
    .update(address ?? '')
    .digest('hex')
    .slice(0, 32)}`;

/** A claim older than this whose request never finished (its process died) may be taken over by a retry. */
const ABANDONED_AFTER = '5 minutes';

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse {
  body?: unknown;
  text?: { contentType: string; content: string; filename?: string };
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; response: StoredResponse };

export function parseIdempotencyKey(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!KEY_FORMAT.test(value)) {
    throw new HttpError(
      400,
      'idempotency_key_invalid',
      `the ${IDEMPOTENCY_HEADER} header must be 1 to 255 visible ASCII characters`,
    );
  }
  return value;
}

/**
 * The id of an object a request creates: derived from the caller and its Idempotency-Key when it sent one, so a retry
 * after an answer that never arrived (the API died after starting the object's workflow) finds the same workflow and
 * answers with the one object; random otherwise.
 */
export function creationId(prefix: string, keyId: string, idempotencyKey: string | undefined): string {
  const seed = idempotencyKey ? `${keyId}\n${idempotencyKey}` : randomBytes(16).toString('hex');
  return `${prefix}-${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;
}

export const requestHash = (method: string, url: string, body: unknown) =>
  createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n${canonicalJson(body)}`)
    .digest('hex');

interface Row {
  request_hash: string;
  status: number | null;
  response: StoredResponse | null;
  abandoned: boolean;
}

export async function claimIdempotencyKey(
  sql: Sql,
  o: { keyId: string; key: string; method: string; path: string; hash: string },
): Promise<Claim> {
  const inserted = await sql`
    insert into idempotency_keys (key_id, idempotency_key, method, path, request_hash)
    values (${o.keyId}, ${o.key}, ${o.method.toUpperCase()}, ${o.path}, ${o.hash})
    on conflict (key_id, idempotency_key) do nothing
    returning 1`;
  if (inserted.length) return { kind: 'claimed' };
  const [row] = await sql<Row[]>`
    select request_hash, status, response, claimed_at < now() - ${ABANDONED_AFTER}::interval as abandoned
    from idempotency_keys where key_id = ${o.keyId} and idempotency_key = ${o.key}`;
  // deleted between the two statements (the first request failed with a 5xx): this one may go ahead
  if (!row) return claimIdempotencyKey(sql, o);
  if (row.request_hash !== o.hash) {
    throw new HttpError(422, 'idempotency_key_reused', `${IDEMPOTENCY_HEADER} reused with a different request`);
  }
  if (row.status !== null) return { kind: 'replay', status: row.status, response: row.response ?? {} };
  if (row.abandoned) {
    const taken = await sql`
      update idempotency_keys set claimed_at = now()
      where key_id = ${o.keyId} and idempotency_key = ${o.key} and status is null and claimed_at < now() - ${ABANDONED_AFTER}::interval
      returning 1`;
    if (taken.length) return { kind: 'claimed' };
  }
  throw new HttpError(
    409,
    'idempotency_in_progress',
    `a request with this ${IDEMPOTENCY_HEADER} is still being handled; retry shortly`,
  );
}

export async function completeIdempotencyKey(
  sql: Sql,
  keyId: string,
  key: string,
  status: number,
  response: StoredResponse,
): Promise<void> {
  await sql`
    update idempotency_keys set status = ${status}, response = ${sql.json(response as never)}
    where key_id = ${keyId} and idempotency_key = ${key}`;
}

/** The first request failed on our side (5xx): forget it, so that a retry under the same key runs again. */
export async function releaseIdempotencyKey(sql: Sql, keyId: string, key: string): Promise<void> {
  await sql`delete from idempotency_keys where key_id = ${keyId} and idempotency_key = ${key} and status is null`;
}
