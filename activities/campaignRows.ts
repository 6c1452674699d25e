import type { Sql } from 'postgres';
import type { ActivityDeps } from './deps';
import type { Agency, Jurisdiction } from '../domain/campaign';
import type { CampaignRowsInput } from '../domain/contract';
import { readDraft } from '../services/campaignDefinitions';

/** Agencies per insert statement: a province's 10,000 agencies go in ten statements of one transaction. */
const AGENCY_INSERT_CHUNK = 1000;

function flatten(
  j: Jurisdiction,
  parent: string | null,
  path: string[],
): { id: string; name: string; parent_id: string | null; path: string[] }[] {
  const here = [...path, j.id];
  return [
    { id: j.id, name: j.name, parent_id: parent, path: here },
    ...(j.children ?? []).flatMap((c) => flatten(c, j.id, here)),
  ];
}

/** A campaign's agency rows, as its definition or a join names them; rows already there are left as they are. */
export async function insertAgencyRows(sql: Sql, campaignId: string, agencies: readonly Agency[]): Promise<void> {
  const rows = agencies.map((a) => ({
    campaign_id: campaignId,
    id: a.id,
    name: a.name,
    jurisdiction_id: a.jurisdictionId,
    contact: a.contact ?? null,
  }));
  await sql`insert into agencies ${sql(rows, 'campaign_id', 'id', 'name', 'jurisdiction_id', 'contact')} on conflict do nothing`;
}

export function campaignRowActivities({ sql }: ActivityDeps) {
  return {
    /**
     * The campaign's rows (the campaign, its jurisdiction tree, its agencies), written by its own workflow in its first
     * task from the definition the API kept: there is never a campaign without its workflow, nor a workflow whose rows
     * a failed request took back. One transaction, so the campaign's row is there only with all of its agencies; a
     * retry, or a second start of the same id, finds the row and writes nothing.
     */
    async recordCampaignRows({ campaignId, definitionDigest, createdBy }: CampaignRowsInput): Promise<void> {
      const draft = await readDraft(sql, definitionDigest);
      // Drafts are kept by their content and never taken back: one missing is a fault to be seen, so it retries.
      if (!draft)
        throw new Error(`the definition ${definitionDigest} of campaign ${campaignId} is not in the database`);
      await sql.begin(async (tx) => {
        const q = tx as unknown as Sql;
        const written = await q`
          insert into campaigns (id, name, jurisdiction, settings, created_by, definition_digest)
          values (${campaignId}, ${draft.name}, ${q.json(draft.jurisdiction as never)}, ${q.json(draft.settings as never)}, ${createdBy}, ${definitionDigest})
          on conflict (id) do nothing
          returning 1`;
        if (!written.length) return;
        const jurisdictions = flatten(draft.jurisdiction, null, []).map((j) => ({ campaign_id: campaignId, ...j }));
        await q`insert into jurisdictions ${q(jurisdictions, 'campaign_id', 'id', 'name', 'parent_id', 'path')} on conflict do nothing`;
        for (let i = 0; i < draft.agencies.length; i += AGENCY_INSERT_CHUNK)
          await insertAgencyRows(q, campaignId, draft.agencies.slice(i, i + AGENCY_INSERT_CHUNK));
      });
    },
  };
}
