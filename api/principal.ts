import type { Actor } from '../domain/contract';

export type Role = 'admin' | 'bureau' | 'agency' | 'discipline';

/** How a session began: username and password, or the province's identity provider (api/people/oidc.ts). */
export type SignInMethod = 'password' | 'oidc';

/** A person signed in with a session cookie (api/people/sessions.ts). */
export interface Person {
  userId: string;
  username: string;
  displayName: string;
  /** A generated or reset password: until it is changed only the routes marked beforePasswordChange answer. */
  mustChangePassword: boolean;
  /** The session's synchronizer token: every cookie-authenticated write must send it as X-CSRF-Token. */
  csrfToken: string;
  /** sha256 of the session cookie's secret: the session this request came in on. */
  sessionHash: string;
  via: SignInMethod;
}

/** Who is calling, resolved from the session cookie or the bearer token. */
export interface Principal {
  /** The API key's id, or the signed-in person's user id (the audit trail's key_id either way). */
  keyId: string;
  role: Role;
  jurisdictionId: string | null;
  agencyId: string | null;
  /** Null for an API key. */
  person: Person | null;
  /** Whom the audit trail and histories name: "display name (username)" for a person, the label for a key. */
  name: string;
}

export const personName = (displayName: string, username: string) => `${displayName} (${username})`;

export const actorOf = (p: Principal): Actor => ({ keyId: p.keyId, role: p.role, name: p.name });
