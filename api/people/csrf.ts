import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { HttpError } from '../errors';
import type { Person } from '../principal';
import { CSRF_HEADER } from './sessions';

/**
 * A write authenticated by the session cookie must send back the session's synchronizer token (X-CSRF-Token): another
 * site can make the browser send the cookie, never read the token. SameSite=Strict already keeps the cookie off
 * cross-site requests; this holds for browsers and paths where it does not. Bearer keys need no token.
 */
export function assertCsrfToken(req: Request, person: Person): void {
  const sent = Buffer.from(req.get(CSRF_HEADER) ?? '');
  const expected = Buffer.from(person.csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw new HttpError(403, 'csrf_token_invalid', `缺少或无效的 ${CSRF_HEADER} 请求头：请刷新页面后重试`);
  }
}
