import type { Actor } from '../domain/contract';

export type Role = 'admin' | 'bureau' | 'agency' | 'discipline';

/** Who is calling, resolved from the bearer token. */
export interface Principal {
  keyId: string;
  role: Role;
  jurisdictionId: string | null;
  agencyId: string | null;
}

export const actorOf = (p: Principal): Actor => ({ keyId: p.keyId, role: p.role });
