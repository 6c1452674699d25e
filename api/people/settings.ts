import type { Config } from '../../config/env';
import { OidcProvider, type OidcConfig } from './oidc';

/** The people settings the API reads (config/env.ts), passed to the app as ApiDeps.access. */
export interface AccessSettings {
  sessionIdleSeconds: number;
  signInLockoutWindowSeconds: number;
  signInFailuresPerAddress: number;
  bearerFailuresPerMinute: number;
}

/**
 * SPEC §13: 10 failed sign-ins for one username within the window stop the address they came from trying that
 * username (api/people/throttle.ts); the owner, from another address, still gets in.
 */
export const SIGN_IN_FAILURE_LIMIT = 10;

export type AccessConfig = Partial<
  Pick<
    Config,
    | 'SESSION_IDLE_SECONDS'
    | 'SIGN_IN_LOCKOUT_WINDOW_SECONDS'
    | 'SIGN_IN_FAILURES_PER_ADDRESS'
    | 'BEARER_FAILURES_PER_MINUTE'
    | 'TRUST_PROXY'
    | 'OIDC_ISSUER'
    | 'OIDC_CLIENT_ID'
    | 'OIDC_CLIENT_SECRET'
    | 'OIDC_REDIRECT_BASE_URL'
    | 'PUBLIC_BASE_URL'
    | 'LOCAL_PASSWORDS'
  >
>;

/** One API process's settings, plus the addresses it has seen blocked (api/auth.ts): refused without a query until then. */
export interface AccessState extends AccessSettings {
  trustProxy: boolean | number | string;
  blockedAddresses: Map<string, number>;
  /** Sign-in through the province's identity provider, when configured (api/people/oidc.ts). */
  oidc: OidcProvider | null;
  /** false with LOCAL_PASSWORDS=off: people sign in through the provider only. */
  localPasswords: boolean;
}

export const accessState = (c: AccessConfig): AccessState => ({
  sessionIdleSeconds: c.SESSION_IDLE_SECONDS ?? 8 * 3600,
  signInLockoutWindowSeconds: c.SIGN_IN_LOCKOUT_WINDOW_SECONDS ?? 15 * 60,
  signInFailuresPerAddress: c.SIGN_IN_FAILURES_PER_ADDRESS ?? 30,
  bearerFailuresPerMinute: c.BEARER_FAILURES_PER_MINUTE ?? 30,
  trustProxy: trustProxyValue(c.TRUST_PROXY),
  blockedAddresses: new Map(),
  oidc: c.OIDC_ISSUER && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET ? new OidcProvider(c as OidcConfig) : null,
  localPasswords: c.LOCAL_PASSWORDS !== 'off',
});

/** express's "trust proxy" value from TRUST_PROXY: a hop count, true/false, or the proxies' addresses. */
export function trustProxyValue(v: string | undefined): boolean | number | string {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}
