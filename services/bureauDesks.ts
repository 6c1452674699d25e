import type { Sql } from 'postgres';

/**
 * What the recipient resolution needs to leave no bureau uninformed (SPEC §15), read from the registry and the people
 * who sign in: which jurisdictions on a subject's path have a bureau operator (an enabled account or a key not
 * revoked), and the bureau in whose name a numbered notice was issued.
 */
export async function bureauDesks(
  sql: Sql,
  path: string[],
  notice: { campaignId: string; number: string | null },
): Promise<{ staffedJurisdictions: string[]; noticeIssuerId: string | null }> {
  const [staffed, issuer] = await Promise.all([
    path.length
      ? sql<{ id: string }[]>`
          select jurisdiction_id as id from users
          where role = 'bureau' and disabled_at is null and jurisdiction_id in ${sql(path)}
          union
          select jurisdiction_id from api_keys
          where role = 'bureau' and revoked_at is null and jurisdiction_id in ${sql(path)}`
      : [],
    notice.number
      ? sql<{ issuer_id: string }[]>`
          select issuer_id from notices where campaign_id = ${notice.campaignId} and number = ${notice.number}`
      : [],
  ]);
  return { staffedJurisdictions: staffed.map((r) => r.id), noticeIssuerId: issuer[0]?.issuer_id ?? null };
}
