import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { HttpError } from './errors';
import { lockedForSeconds, recordFailure } from './people/throttle';
import { resumeSession, sessionSecretOf } from './people/sessions';
import type { Principal } from './principal';
import type { ApiDeps } from './route';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Tokens carry their key id so one indexed lookup finds them: rk_<id>_<secret>. */
export function newToken(): { id: string; token: string } {
  const id = randomBytes(6).toString('hex');
  return { id, token: `rk_${id}_${randomBytes(24).toString('base64url')}` };
}

const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);

/** A genuine but revoked key: the audit trail records whose key it was. */
export class RevokedKeyError extends HttpError {
  constructor(
    readonly keyId: string,
    readonly role: Principal['role'],
  ) {
    super(401, 'unauthorized', 'this key has been revoked');
  }
}

export const tooManyAttempts = (waitSeconds: number, message: string) =>
  new HttpError(429, 'too_many_attempts', message, [{ retryAfterSeconds: waitSeconds }]);

type AuthDeps = Pick<ApiDeps, 'sql' | 'caches' | 'bootstrapAdminToken' | 'access' | 'config'>;

/**
 * Who is calling: a bearer key when there is an Authorization header (scripts), else the session cookie (people).
 */
export async function authenticate(req: Request, deps: AuthDeps): Promise<Principal> {
  const header = req.header('authorization');
  if (header) return bearer(req, header, deps);
  const secret = sessionSecretOf(req);
  if (!secret) throw unauthorized('sign in, or send an Authorization: Bearer <token> header');
  const principal = await resumeSession(deps.sql, secret, deps.access.sessionIdleSeconds);
  if (!principal) throw unauthorized('登录已失效，请重新登录');
  return principal;
}

const BEARER_WINDOW_SECONDS = 60;

async function bearer(
  req: Request,
  header: string,
  { sql, caches, bootstrapAdminToken, access, config }: AuthDeps,
): Promise<Principal> {
  // The count of failed tokens is in PostgreSQL, so an address that failed often enough at any API process is refused
  // by all; once a process has seen it blocked, it refuses it from memory (blockedAddresses) until the wait is over.
  // counted per deployment (its task queue) and address
  const address = `${config.TEMPORAL_TASK_QUEUE} ${req.ip ?? ''}`;
  const blockedUntil = access.blockedAddresses;
  const until = blockedUntil.get(address);
  if (until !== undefined) {
    if (until > Date.now())
      throw tooManyAttempts(
        Math.ceil((until - Date.now()) / 1000),
        'too many unknown tokens from this address; wait before trying again',
      );
    blockedUntil.delete(address);
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
  const token = match[1];
  const a = Buffer.from(hashToken(token));
  if (timingSafeEqual(a, Buffer.from(hashToken(bootstrapAdminToken)))) {
    return {
      keyId: 'bootstrap-admin',
      role: 'admin',
      jurisdictionId: null,
      agencyId: null,
      person: null,
      name: 'bootstrap admin',
    };
  }
  const tokenHash = hashToken(token);
  const key = await caches.keys.get(tokenHash, '', async () => {
    const [row] = await sql<
      {
        id: string;
        role: Principal['role'];
        jurisdiction_id: string | null;
        agency_id: string | null;
        label: string;
        revoked_at: Date | null;
      }[]
    >`
      select id, role, jurisdiction_id, agency_id, label, revoked_at from api_keys where token_hash = ${tokenHash}`;
    if (!row) return { value: null, keep: false }; // a key created a moment later must work at once
    const principal: Principal = {
      keyId: row.id,
      role: row.role,
      jurisdictionId: row.jurisdiction_id,
      agencyId: row.agency_id,
      person: null,
      name: row.label,
    };
    return { value: { principal, revoked: Boolean(row.revoked_at) }, keep: true };
  });
  if (!key) {
    await recordFailure(sql, 'bearer', address);
    const wait = await lockedForSeconds(sql, 'bearer', address, {
      limit: access.bearerFailuresPerMinute + 1,
      windowSeconds: BEARER_WINDOW_SECONDS,
    });
    if (wait > 0) {
      blockedUntil.set(address, Date.now() + wait * 1000);
      throw tooManyAttempts(wait, 'too many unknown tokens from this address; wait before trying again');
    }
    throw unauthorized('unknown token');
  }
  if (key.revoked) throw new RevokedKeyError(key.principal.keyId, key.principal.role);
  return key.principal;
}
