import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import type { Agency, CampaignSettings, Jurisdiction } from '../domain/campaign';
import { canonicalJson } from '../domain/canonicalJson';

/** A campaign as the API validated it: what its workflow's first task writes into the campaign's rows. */
export interface CampaignDraft {
  name: string;
  jurisdiction: Jurisdiction;
  settings: CampaignSettings;
  agencies: Agency[];
}

export const draftDigest = (draft: CampaignDraft) => createHash('sha256').update(canonicalJson(draft)).digest('hex');

/**
 * Keeps a definition by the digest of its content and answers the digest, which is all the campaign's workflow is
 * started with (a province's definition is larger than a workflow input may be). The same definition is one row
 * however often it is kept, and a kept one owns nothing: there is nothing to take back if the start never comes.
 */
export async function keepDraft(sql: Sql, draft: CampaignDraft): Promise<string> {
  const digest = draftDigest(draft);
  await sql`insert into campaign_definitions (digest, body) values (${digest}, ${sql.json(draft as never)}) on conflict (digest) do nothing`;
  return digest;
}

export async function readDraft(sql: Sql, digest: string): Promise<CampaignDraft | null> {
  const [row] = await sql<{ body: CampaignDraft }[]>`select body from campaign_definitions where digest = ${digest}`;
  return row?.body ?? null;
}
