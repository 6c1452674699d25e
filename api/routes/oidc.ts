import { z } from 'zod';
import { refused } from '../errors';
import { OidcRefused, type OidcProvider } from '../people/oidc';
import { findByOidcSubject } from '../people/users';
import { route, type ApiDeps } from '../route';
import { signIn } from './auth';

const provider = (deps: ApiDeps): OidcProvider => {
  if (!deps.access.oidc) throw refused('oidc_not_configured', 'sign-in through an identity provider is not configured');
  return deps.access.oidc;
};

/** Where a refused callback sends the browser: the dashboard's sign-in page, which words the code in Chinese. */
export const SIGN_IN_ERROR_PARAM = 'signInError';

/** Sign-in through the province's identity provider (统一身份认证, SPEC §13; api/people/oidc.ts). */
export const oidcRoutes = [
  route({
    method: 'get',
    path: '/v1/auth/methods',
    tag: 'access',
    summary:
      "How people sign in here: with a password (unless LOCAL_PASSWORDS=off), through the identity provider (when OIDC_ISSUER is set); the dashboard's sign-in page offers what this says",
    access: 'public',
    response: {
      status: 200,
      description: 'the sign-in methods',
      schema: z.object({ password: z.boolean(), oidc: z.boolean() }),
    },
    async handler({ deps }) {
      return { body: { password: deps.access.localPasswords, oidc: deps.access.oidc !== null } };
    },
  }),

  route({
    method: 'get',
    path: '/v1/auth/oidc/start',
    tag: 'access',
    summary:
      'Start a sign-in at the identity provider: 302 to its authorization endpoint (code flow with PKCE, state and nonce, kept ten minutes). 409 when none is configured, 503 when it cannot be reached.',
    access: 'public',
    // each start keeps a row for ten minutes: no one fills the table
    rateLimit: { windowMs: 60_000, limit: 30 },
    response: { status: 302, description: "to the identity provider's sign-in" },
    errors: [409, 429],
    async handler({ deps, req, res }) {
      const oidc = provider(deps);
      res.set('Cache-Control', 'no-store');
      return { status: 302, redirect: await oidc.start(deps.sql, req, res) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/auth/oidc/callback',
    tag: 'access',
    summary:
      `Where the identity provider sends the browser back: the account linked to the provider's subject is signed in (session cookie) and the ` +
      `browser goes to the dashboard (302 to /). Anything else — an unknown subject (never an account created), a disabled account, an ` +
      `expired or forged request — goes to the sign-in page with ?${SIGN_IN_ERROR_PARAM}=<code>. 409 when no provider is configured.`,
    access: 'public',
    query: z.object({}).catchall(z.string()),
    response: { status: 302, description: 'to the dashboard, signed in or with the reason why not' },
    errors: [409],
    async handler({ deps, req, res }) {
      const oidc = provider(deps);
      res.set('Cache-Control', 'no-store');
      const refusedWith = (code: string) => ({ status: 302, redirect: `/?${SIGN_IN_ERROR_PARAM}=${code}` });
      let subject: string;
      try {
        subject = await oidc.finish(deps.sql, req, res);
      } catch (err) {
        if (!(err instanceof OidcRefused)) throw err;
        deps.log.warn({ err }, 'sign-in through the identity provider refused');
        return refusedWith(err.code);
      }
      const user = await findByOidcSubject(deps.sql, subject);
      if (!user) {
        // the administrator links the account with this subject (PUT /v1/users/:id/oidc-subject)
        deps.log.warn({ subject }, 'sign-in through the identity provider: no account is linked to this subject');
        return refusedWith('oidc_unknown_subject');
      }
      if (user.disabled_at) return refusedWith('account_disabled');
      await signIn(deps, req, res, user.id, 'oidc');
      return { status: 302, redirect: '/' };
    },
  }),
];
