import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { HttpError } from './errors';
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

export async function authenticate(req: Request, { sql, caches, bootstrapAdminToken }: Pick<ApiDeps, 'sql' | 'caches' | 'bootstrapAdminToken'>): Promise<Principal> {
  const header = req.header('authorization');
  if (!header) throw unauthorized('an Authorization: Bearer <token> header is required');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
  const token = match[1];
  const a = Buffer.from(hashToken(token));
  if (timingSafeEqual(a, Buffer.from(hashToken(bootstrapAdminToken)))) {
    return { keyId: 'bootstrap-admin', role: 'admin', jurisdictionId: null, agencyId: null };
  }
  const tokenHash = hashToken(token);
  const key = await caches.keys.get(tokenHash, '', async () => {
    const [row] = await sql<{ id: string; role: Principal['role']; jurisdiction_id: string | null; agency_id: string | null; revoked_at: Date | null }[]>`
      select id, role, jurisdiction_id, agency_id, revoked_at from api_keys where token_hash = ${tokenHash}`;
    if (!row) return { value: null, keep: false }; // a key created a moment later must work at once
    const principal: Principal = { keyId: row.id, role: row.role, jurisdictionId: row.jurisdiction_id, agencyId: row.agency_id };
    return { value: { principal, revoked: Boolean(row.revoked_at) }, keep: true };
  });
  if (!key) throw unauthorized('unknown token');
  if (key.revoked) throw new RevokedKeyError(key.principal.keyId, key.principal.role);
  return key.principal;
}
