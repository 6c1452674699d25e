import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Sql } from 'postgres';
import type * as OpenId from 'openid-client' with { 'resolution-mode': 'import' };
import type { Config } from '../../config/env';
import type { ErrorCode } from '../../domain/errorCodes';
import { refused } from '../errors';
import { secretCookie } from './sessions';

/**
 * Sign-in through the province's identity provider (统一身份认证, SPEC §13) with OpenID Connect: the authorization code
 * flow with PKCE, state and nonce. The request under way is kept server-side (oidc_logins, so any API process can
 * finish it), found by a random handle in a short-lived cookie of the browser that started it. The provider only says
 * who the person is (`sub`); the account linked to that subject (users.oidc_subject) carries role and scope.
 */
export type OidcConfig = Required<Pick<Config, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET'>> &
  Partial<Pick<Config, 'OIDC_REDIRECT_BASE_URL' | 'PUBLIC_BASE_URL'>>;

export const OIDC_CALLBACK_PATH = '/v1/auth/oidc/callback';
const OIDC_COOKIE = 'rc_oidc';
const LOGIN_SECONDS = 600;

/**
 * openid-client is an ES module only. Node 20.19+ loads one with require(); Node's own require is taken from the
 * builtin, since jest's module system (which replaces require and node:module's createRequire) cannot load ES modules.
 */
const nodeRequire = process.getBuiltinModule('node:module').createRequire(__filename);
const openid = (): typeof OpenId => nodeRequire('openid-client') as typeof OpenId;

/** Why a callback signed no one in: an error code (domain/errorCodes.ts) the dashboard's sign-in page words. */
export type OidcRefusal = Extract<
  ErrorCode,
  'oidc_sign_in_expired' | 'oidc_sign_in_failed' | 'oidc_unknown_subject' | 'account_disabled'
>;
export class OidcRefused extends Error {
  constructor(
    readonly code: OidcRefusal,
    cause?: unknown,
  ) {
    super(`OpenID Connect sign-in refused: ${code}`, { cause });
  }
}

const hashOf = (handle: string) => createHash('sha256').update(handle).digest('hex');

export class OidcProvider {
  private configuration: Promise<OpenId.Configuration> | null = null;

  constructor(private readonly c: OidcConfig) {}

  /** The provider's metadata, discovered at first use and again after a failure (it may be down when the API starts). */
  private async discover(): Promise<OpenId.Configuration> {
    const { discovery, allowInsecureRequests } = openid();
    const issuer = new URL(this.c.OIDC_ISSUER);
    // plain http only for a provider on loopback (config/env.ts refuses any other)
    const options = issuer.protocol === 'http:' ? { execute: [allowInsecureRequests] } : undefined;
    this.configuration ??= discovery(issuer, this.c.OIDC_CLIENT_ID, this.c.OIDC_CLIENT_SECRET, undefined, options);
    try {
      return await this.configuration;
    } catch (err) {
      this.configuration = null;
      throw refused('oidc_unavailable', `the identity provider cannot be reached: ${String(err)}`);
    }
  }

  /** Where the product is reached: the configured base URL, else the request's own origin (per TRUST_PROXY). */
  private base(req: Request): string {
    const base = this.c.OIDC_REDIRECT_BASE_URL ?? this.c.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get('host')}`;
    return base.replace(/\/+$/, '');
  }

  /** A new authorization request: its secrets kept, its handle in the cookie; the provider's URL to send the browser to. */
  async start(sql: Sql, req: Request, res: Response): Promise<string> {
    const config = await this.discover();
    const o = openid();
    const codeVerifier = o.randomPKCECodeVerifier();
    const state = o.randomState();
    const nonce = o.randomNonce();
    const handle = randomBytes(32).toString('base64url');
    await sql`delete from oidc_logins where created_at < clock_timestamp() - make_interval(secs => ${LOGIN_SECONDS})`;
    await sql`insert into oidc_logins (id_hash, state, nonce, code_verifier) values (${hashOf(handle)}, ${state}, ${nonce}, ${codeVerifier})`;
    // Lax, not Strict: the provider's redirect back is a cross-site navigation, which must carry it
    res.cookie(OIDC_COOKIE, handle, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/v1/auth/oidc',
      maxAge: LOGIN_SECONDS * 1000,
    });
    return o.buildAuthorizationUrl(config, {
      redirect_uri: this.base(req) + OIDC_CALLBACK_PATH,
      scope: 'openid profile',
      code_challenge: await o.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }).href;
  }

  /** The provider's answer checked (state, PKCE, the ID token and its nonce): the subject it vouches for. */
  async finish(sql: Sql, req: Request, res: Response): Promise<string> {
    const config = await this.discover();
    const handle = secretCookie(req, OIDC_COOKIE);
    res.clearCookie(OIDC_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/v1/auth/oidc' });
    const [login] = handle
      ? await sql<{ state: string; nonce: string; code_verifier: string }[]>`
          delete from oidc_logins
          where id_hash = ${hashOf(handle)} and created_at > clock_timestamp() - make_interval(secs => ${LOGIN_SECONDS})
          returning state, nonce, code_verifier`
      : [];
    if (!login) throw new OidcRefused('oidc_sign_in_expired');
    const q = req.originalUrl.indexOf('?');
    try {
      const tokens = await openid().authorizationCodeGrant(
        config,
        new URL(this.base(req) + OIDC_CALLBACK_PATH + (q < 0 ? '' : req.originalUrl.slice(q))),
        { pkceCodeVerifier: login.code_verifier, expectedState: login.state, expectedNonce: login.nonce },
        undefined,
      );
      const sub = tokens.claims()?.sub;
      if (!sub) throw new Error('no ID token');
      return sub;
    } catch (err) {
      throw new OidcRefused('oidc_sign_in_failed', err);
    }
  }

  /** The provider's sign-out page when it advertises one, coming back to the dashboard. */
  async endSessionUrl(req: Request): Promise<string | null> {
    const config = await this.discover().catch(() => null);
    if (!config?.serverMetadata().end_session_endpoint) return null;
    return openid().buildEndSessionUrl(config, { post_logout_redirect_uri: `${this.base(req)}/` }).href;
  }
}
