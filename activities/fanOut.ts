import type { ActivityDeps } from './deps';
import { pool } from '../services/pool';
import { startAgency } from '../services/workflowStarts';
import type { Agency, CampaignSettings } from '../domain/campaign';
import type { AgencyWorkflowInput } from '../domain/contract';
import { startSearchAttributes } from '../domain/searchAttributes';

export interface FanOutBatch {
  campaignId: string;
  afterAgencyId: string | null;
  limit: number;
}
export interface FanOutResult {
  started: number;
  lastAgencyId: string | null;
  done: boolean;
}

/** Starts in flight per activity: enough to keep the server busy, few enough to stay polite on 2 cores. */
const START_CONCURRENCY = 50;

export function fanOutActivities({ sql, client, taskQueue }: ActivityDeps) {
  return {
    /**
     * Starts the agency workflows of the next page of agencies. Safe to retry: a workflow already running is used as
     * it is, and one that already finished is never started again.
     */
    async startAgencyWorkflows({ campaignId, afterAgencyId, limit }: FanOutBatch): Promise<FanOutResult> {
      const [campaign] = await sql<
        { settings: CampaignSettings }[]
      >`select settings from campaigns where id = ${campaignId}`;
      if (!campaign) throw new Error(`campaign ${campaignId} is not in the database`);
      const page = await sql<
        { id: string; name: string; jurisdiction_id: string; contact: Agency['contact'] | null }[]
      >`
        select id, name, jurisdiction_id, contact from agencies
        where campaign_id = ${campaignId} and id > ${afterAgencyId ?? ''}
        order by id limit ${limit}`;
      await pool(page, START_CONCURRENCY, async (row) => {
        const input: AgencyWorkflowInput = {
          campaignId,
          agency: {
            id: row.id,
            name: row.name,
            jurisdictionId: row.jurisdiction_id,
            ...(row.contact ? { contact: row.contact } : {}),
          },
          settings: campaign.settings,
        };
        await startAgency(client, input, {
          taskQueue,
          searchAttributes: startSearchAttributes({
            campaignId,
            agencyId: row.id,
            jurisdictionId: row.jurisdiction_id,
          }),
        });
      });
      return { started: page.length, lastAgencyId: page.at(-1)?.id ?? afterAgencyId, done: page.length < limit };
    },

    async setCampaignPhase({ campaignId, phase }: { campaignId: string; phase: string }): Promise<void> {
      await sql`update campaigns set phase = ${phase}, updated_at = now() where id = ${campaignId}`;
    },

    /** Stamps the moment the campaign's workflow closed it; the first stamp stays. */
    async recordCampaignClosed({ campaignId }: { campaignId: string }): Promise<void> {
      await sql`update campaigns set closed_at = now(), updated_at = now() where id = ${campaignId} and closed_at is null`;
    },
  };
}
