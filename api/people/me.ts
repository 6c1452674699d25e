import type { Sql } from 'postgres';
import { z } from 'zod';
import type { Principal } from '../principal';

/** Who the caller is (GET /v1/me, and the answer of a sign-in): what the dashboard's header shows. */
export const Me = z
  .object({
    keyId: z.string(),
    role: z.enum(['admin', 'bureau', 'agency', 'discipline']),
    jurisdictionId: z.string().nullable(),
    agencyId: z.string().nullable(),
    name: z.string().describe('the person ("display name (username)") or the key\'s label'),
    person: z
      .object({ userId: z.string(), username: z.string(), displayName: z.string(), mustChangePassword: z.boolean() })
      .nullable()
      .describe('null for an API key'),
    unitName: z
      .string()
      .nullable()
      .describe('the name of the jurisdiction or agency, as the campaigns that hold it call it'),
    csrfToken: z.string().nullable().describe('for a session: send it as X-CSRF-Token on every write'),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

export async function meOf(sql: Sql, p: Principal): Promise<Me> {
  // the newest campaign's name for the unit (until the registry, issue 15, names units once)
  const [unit] = p.agencyId
    ? await sql<
        { name: string }[]
      >`select name from agencies where id = ${p.agencyId} order by campaign_id desc limit 1`
    : p.jurisdictionId
      ? await sql<
          { name: string }[]
        >`select name from jurisdictions where id = ${p.jurisdictionId} order by campaign_id desc limit 1`
      : [];
  return {
    keyId: p.keyId,
    role: p.role,
    jurisdictionId: p.jurisdictionId,
    agencyId: p.agencyId,
    name: p.name,
    person: p.person
      ? {
          userId: p.person.userId,
          username: p.person.username,
          displayName: p.person.displayName,
          mustChangePassword: p.person.mustChangePassword,
        }
      : null,
    unitName: unit?.name ?? null,
    csrfToken: p.person?.csrfToken ?? null,
  };
}
