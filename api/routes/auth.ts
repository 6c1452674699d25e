import type { Request, Response } from 'express';
import { z } from 'zod';
import { HttpError, refused } from '../errors';
import { tooManyAttempts } from '../auth';
import { Me, meOf } from '../people/me';
import { passwordMatches, passwordProblem } from '../people/passwords';
import { clearSessionCookie, endSession, setSessionCookie, startSession } from '../people/sessions';
import { SIGN_IN_FAILURE_LIMIT } from '../people/settings';
import { clearSignInFailures, recordSignInFailure, signInRefusal, type SignInCaller } from '../people/throttle';
import { findForSignIn, passwordHashOf, setOwnPassword } from '../people/users';
import type { Principal, SignInMethod } from '../principal';
import { resumeSession } from '../people/sessions';
import { route, type ApiDeps } from '../route';

const ROLES = ['admin', 'bureau', 'agency', 'discipline'] as const;
const SignedIn = z.object({ user: Me, csrfToken: z.string() });

const REFUSAL_ZH: Record<'address' | 'pair', (minutes: number) => string> = {
  address: (m: number) => `此地址登录失败次数过多，请 ${m} 分钟后再试`,
  pair: (m: number) => `此地址对该用户名登录失败次数过多，请 ${m} 分钟后再试`,
};

/** Who is trying: the deployment and client address (TRUST_PROXY decides which), and the username tried. */
const callerOf = (deps: ApiDeps, req: Request, username: string): SignInCaller => ({
  address: `${deps.config.TEMPORAL_TASK_QUEUE} ${req.ip ?? ''}`,
  username,
});

/** 429 while this address may not try this username: the wait in Retry-After and in the details. */
async function assertMayTry(deps: ApiDeps, res: Response, caller: SignInCaller): Promise<void> {
  const refusal = await signInRefusal(deps.sql, caller, {
    windowSeconds: deps.access.signInLockoutWindowSeconds,
    perAddress: deps.access.signInFailuresPerAddress,
    perPair: SIGN_IN_FAILURE_LIMIT,
  });
  if (!refusal) return;
  const wait = refusal.waitSeconds;
  res.set('Retry-After', String(wait));
  throw tooManyAttempts(
    wait,
    refusal.reason === 'delay'
      ? `该用户名近来多次登录失败，请 ${wait} 秒后再试`
      : REFUSAL_ZH[refusal.reason](Math.ceil(wait / 60)),
  );
}

/** A new session for the person: its cookie on the answer, and who they are with the session's CSRF token. */
export async function signIn(
  deps: ApiDeps,
  req: Request,
  res: Response,
  userId: string,
  via: SignInMethod = 'password',
): Promise<z.infer<typeof SignedIn>> {
  // sessions idle past the timeout are over; they are removed as people sign in
  await deps.sql`delete from user_sessions where last_seen_at < clock_timestamp() - make_interval(secs => ${deps.access.sessionIdleSeconds})`;
  const { secret } = await startSession(deps.sql, userId, via);
  setSessionCookie(req, res, secret, deps.access.sessionIdleSeconds);
  const principal = (await resumeSession(deps.sql, secret, deps.access.sessionIdleSeconds)) as Principal;
  return { user: await meOf(deps.sql, principal), csrfToken: principal.person!.csrfToken };
}

/** LOCAL_PASSWORDS=off: people sign in through the identity provider only. */
function assertPasswordsOn(deps: ApiDeps): void {
  if (!deps.access.localPasswords)
    throw refused(
      'password_sign_in_off',
      'password sign-in is turned off (LOCAL_PASSWORDS=off): sign in through the identity provider',
    );
}

function sessionOnly(p: Principal) {
  if (!p.person) throw refused('session_only', 'this is for a person signed in with a session, not an API key');
  return p.person;
}

/** Signing in and out, and a person's own password (SPEC §13, docs/ACCESS.md "People"). */
export const authRoutes = [
  route({
    method: 'post',
    path: '/v1/auth/login',
    tag: 'access',
    summary:
      `Sign in with username and password: a session cookie (HttpOnly, SameSite=Strict, Secure behind TLS) and the session's CSRF ` +
      `token. Wrong → 401, without saying which part. 429 with Retry-After: an address that failed for a username under attack ` +
      `waits longer after each failure (1 s, 2 s, 4 s … 60 s), ${SIGN_IN_FAILURE_LIMIT} failures for one username from one address, or ` +
      'SIGN_IN_FAILURES_PER_ADDRESS (30) from one address for any, stop it for the window (15 minutes); the owner at another ' +
      'address is not slowed. A disabled account answers 403 for its right password; ' +
      'with LOCAL_PASSWORDS=off every password sign-in answers 403 password_sign_in_off.',
    access: 'public',
    body: z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) }),
    secretFields: ['csrfToken'],
    response: { status: 200, description: 'signed in', schema: SignedIn },
    errors: [401, 403, 429],
    async handler({ body, deps, req, res }) {
      res.set('Cache-Control', 'no-store');
      assertPasswordsOn(deps);
      const caller = callerOf(deps, req, body.username);
      await assertMayTry(deps, res, caller);
      const user = await findForSignIn(deps.sql, body.username);
      const ok = (await passwordMatches(user?.password_hash ?? null, body.password)) && user !== null;
      if (!ok || !user) {
        await recordSignInFailure(deps.sql, caller);
        throw new HttpError(401, 'sign_in_failed', '用户名或密码不正确');
      }
      if (user.disabled_at) throw new HttpError(403, 'account_disabled', '该账号已停用，请联系管理员');
      await clearSignInFailures(deps.sql, caller);
      return { body: await signIn(deps, req, res, user.id) };
    },
  }),

  route({
    method: 'post',
    path: '/v1/auth/logout',
    tag: 'access',
    summary:
      "End this session (the cookie is cleared); an API key has no session to end (422). A session begun at the identity provider gets the provider's sign-out page (endSessionUrl) when it advertises one.",
    access: ROLES,
    beforePasswordChange: true,
    response: {
      status: 200,
      description: 'signed out',
      schema: z.object({
        signedOut: z.literal(true),
        endSessionUrl: z
          .string()
          .optional()
          .describe("the identity provider's sign-out page, for the browser to visit"),
      }),
    },
    errors: [422],
    async handler({ principal, deps, req, res }) {
      const person = sessionOnly(principal);
      await endSession(deps.sql, person.sessionHash);
      clearSessionCookie(req, res);
      const endSessionUrl = person.via === 'oidc' ? await deps.access.oidc?.endSessionUrl(req) : null;
      return { body: endSessionUrl ? { signedOut: true, endSessionUrl } : { signedOut: true } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/auth/password',
    tag: 'access',
    summary:
      'Change your own password ({current, next}): every session of yours ends, this one is replaced by a new one (new cookie ' +
      'and CSRF token). A wrong current password is a 422 and counts as a failed sign-in; a new password zxcvbn scores below 3 ' +
      '(the username and display name counted as guesses) is a 400 weak_password with the reason in Chinese.',
    access: ROLES,
    beforePasswordChange: true,
    body: z.strictObject({ current: z.string().min(1).max(1000), next: z.string().min(1).max(1000) }),
    secretFields: ['csrfToken'],
    response: { status: 200, description: 'changed; signed in afresh', schema: SignedIn },
    errors: [400, 422, 429],
    async handler({ body, principal, deps, req, res }) {
      assertPasswordsOn(deps);
      const person = sessionOnly(principal);
      const caller = callerOf(deps, req, person.username);
      await assertMayTry(deps, res, caller);
      if (!(await passwordMatches(await passwordHashOf(deps.sql, person.userId), body.current))) {
        await recordSignInFailure(deps.sql, caller);
        throw new HttpError(422, 'wrong_password', '当前密码不正确', [
          { path: ['current'], message: '当前密码不正确' },
        ]);
      }
      const problem = passwordProblem(body.next, {
        username: person.username,
        displayName: person.displayName,
        current: body.current,
      });
      if (problem) throw new HttpError(400, 'weak_password', problem, [{ path: ['next'], message: problem }]);
      await setOwnPassword(deps.sql, person.userId, body.next);
      return { body: await signIn(deps, req, res, person.userId) };
    },
  }),
];
