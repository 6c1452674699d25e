import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Sql } from 'postgres';
import { personName, type Principal, type Role, type SignInMethod } from '../principal';

/**
 * Server-side sessions in PostgreSQL (user_sessions). The cookie holds a random secret; the row, found by its sha256,
 * holds the person and the CSRF synchronizer token. A session lasts while it is used: one idle longer than
 * SESSION_IDLE_SECONDS is over, whatever the cookie says. Hand-written rather than express-session: every request of
 * the route table is authenticated in one place (api/auth.ts), and a password change must end all of a person's
 * sessions at once, which is one indexed delete here.
 */
export const SESSION_COOKIE = 'rc_session';
export const CSRF_HEADER = 'X-CSRF-Token';

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function startSession(
  sql: Sql,
  userId: string,
  via: SignInMethod = 'password',
): Promise<{ secret: string; csrfToken: string }> {
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await sql`insert into user_sessions (id_hash, user_id, csrf_token, via) values (${hashOf(secret)}, ${userId}, ${csrfToken}, ${via})`;
  return { secret, csrfToken };
}

/** The cookie: HttpOnly, SameSite=Strict, Secure when the request came in over TLS (directly or per TRUST_PROXY). */
export function setSessionCookie(req: Request, res: Response, secret: string, idleSeconds: number): void {
  res.cookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: idleSeconds * 1000,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/** A random secret of ours from the Cookie header (base64url, so never quoted or escaped); null when absent or malformed. */
export function secretCookie(req: Request, cookie: string): string | null {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === cookie && value && /^[A-Za-z0-9_-]{1,100}$/.test(value)) return value;
  }
  return null;
}

export const sessionSecretOf = (req: Request): string | null => secretCookie(req, SESSION_COOKIE);

interface SessionRow {
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  jurisdiction_id: string | null;
  agency_id: string | null;
  must_change_password: boolean;
  csrf_token: string;
  via: SignInMethod;
}

/** The person of a live session, which this request keeps alive; null when it is unknown, idle too long or disabled. */
export async function resumeSession(sql: Sql, secret: string, idleSeconds: number): Promise<Principal | null> {
  const sessionHash = hashOf(secret);
  const [row] = await sql<SessionRow[]>`
    update user_sessions s set last_seen_at = clock_timestamp()
    from users u
    where s.id_hash = ${sessionHash} and u.id = s.user_id and u.disabled_at is null
      and s.last_seen_at > clock_timestamp() - make_interval(secs => ${idleSeconds})
    returning u.id as user_id, u.username, u.display_name, u.role, u.jurisdiction_id, u.agency_id, u.must_change_password, s.csrf_token, s.via`;
  if (!row) return null;
  return {
    keyId: row.user_id,
    role: row.role,
    jurisdictionId: row.jurisdiction_id,
    agencyId: row.agency_id,
    name: personName(row.display_name, row.username),
    person: {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      // the provider vouched for this person: a generated password of ours still to change is no reason to stop them
      mustChangePassword: row.must_change_password && row.via === 'password',
      csrfToken: row.csrf_token,
      sessionHash,
      via: row.via,
    },
  };
}

export async function endSession(sql: Sql, sessionHash: string): Promise<void> {
  await sql`delete from user_sessions where id_hash = ${sessionHash}`;
}

/** Signs a person out everywhere: on a password change, a reset, or when the account is disabled. */
export async function endAllSessions(sql: Sql, userId: string): Promise<void> {
  await sql`delete from user_sessions where user_id = ${userId}`;
}
