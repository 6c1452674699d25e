import type { HttpClient, HttpResponse } from './http';

/** A person signed in: the session cookie as the browser would send it, and the session's CSRF token. */
export interface Session {
  cookie: string;
  csrfToken: string;
}

/** The rc_session cookie a response sets, as a Cookie header value; null when it sets none. */
export function sessionCookieOf(res: HttpResponse): string | null {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('rc_session='));
  return set ? set.split(';')[0] : null;
}

export async function signIn(
  http: HttpClient,
  username: string,
  password: string,
): Promise<HttpResponse & { session: Session | null }> {
  const res = await http.post('/v1/auth/login', { username, password });
  const cookie = sessionCookieOf(res);
  return { ...res, session: res.status === 200 && cookie ? { cookie, csrfToken: res.body.csrfToken } : null };
}

/** A request as the dashboard makes it: the cookie, and on writes the CSRF token. */
export function asPerson(
  http: HttpClient,
  s: Session,
  method: string,
  path: string,
  body?: unknown,
  o: { csrf?: boolean } = {},
) {
  const headers: Record<string, string> = { cookie: s.cookie };
  if (method !== 'GET' && o.csrf !== false) headers['x-csrf-token'] = s.csrfToken;
  return http.request(method, path, { body, headers });
}

let serial = 0;
export const uniqueUsername = (stem: string) => `${stem}.${process.pid}.${Date.now().toString(36)}.${serial++}`;

/**
 * An account made by `managerToken` (bearer), signed in, its generated first password changed to `password`:
 * a person ready for daily work.
 */
export async function createPerson(
  http: HttpClient,
  managerToken: string,
  account: { username?: string; displayName?: string; role: string; jurisdictionId?: string; agencyId?: string },
  password = 'Zhengzhi-2027-tests',
): Promise<{ id: string; username: string; password: string; session: Session }> {
  const username = account.username ?? uniqueUsername(account.role);
  const created = await http.post('/v1/users', { displayName: '测试人员', ...account, username }, managerToken);
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${created.text}`);
  const first = await signIn(http, username, created.body.initialPassword);
  if (!first.session) throw new Error(`signing in as ${username} failed: ${first.status} ${first.text}`);
  const changed = await asPerson(http, first.session, 'POST', '/v1/auth/password', {
    current: created.body.initialPassword,
    next: password,
  });
  const cookie = sessionCookieOf(changed);
  if (changed.status !== 200 || !cookie)
    throw new Error(`changing the password of ${username} failed: ${changed.status} ${changed.text}`);
  return { id: created.body.id, username, password, session: { cookie, csrfToken: changed.body.csrfToken } };
}
