import type { ActivityDeps } from './deps';
import type { Actor, ComplaintState, ComplaintWorkflowInput } from '../domain/contract';
import type { CampaignSettings } from '../domain/campaign';
import type { z } from 'zod';
import type { ComplaintItemSchema } from '../domain/complaints';
import { openLedgerItem } from '../services/ledgerItems';

export interface ComplaintProjection {
  complaintId: string;
  version: number;
  status: string;
  outcome: string | null;
  concludedAt: string | null;
  suggestionTarget: string | null;
  itemId: string | null;
  overdue: boolean;
  state: ComplaintState;
}

export function complaintActivities({ sql, client, taskQueue }: ActivityDeps) {
  return {
    /**
     * A substantiated complaint becomes a ledger item of the agency (source `complaint`), without the complainant.
     * Its id derives from the complaint, so a retried activity opens it once.
     */
    async openComplaintLedgerItem(o: {
      complaintId: string;
      campaignId: string;
      agencyId: string;
      description: string;
      item: z.output<typeof ComplaintItemSchema>;
      by: Actor;
    }): Promise<string> {
      const [campaign] = await sql<
        { id: string; settings: CampaignSettings }[]
      >`select id, settings from campaigns where id = ${o.campaignId}`;
      return openLedgerItem(
        { sql, client, config: { TEMPORAL_TASK_QUEUE: taskQueue } },
        { campaign, agencyId: o.agencyId, by: o.by, itemId: `i-${o.complaintId}` },
        { ...o.item, source: 'complaint', description: o.description },
      );
    },

    /** The complaint's row, written by its own workflow in its first task; a retry writes nothing. */
    async recordComplaintRow(c: ComplaintWorkflowInput): Promise<void> {
      const r = c.row!;
      await sql`
        insert into complaints (id, tracking_code, channel, kind, description, campaign_id, agency_id, agency_name, jurisdiction_id, entered_by, received_at, due_at)
        values (${c.complaintId}, ${r.trackingCode}, ${r.channel}, ${r.kind}, ${c.description}, ${c.campaignId}, ${c.agencyId},
                ${r.agencyName}, ${r.jurisdictionId}, ${r.enteredBy}, ${c.receivedAt}, ${c.dueAt})
        on conflict (id) do nothing`;
    },

    async projectComplaint(p: ComplaintProjection): Promise<void> {
      await sql`
        update complaints set status = ${p.status}, outcome = ${p.outcome}, concluded_at = ${p.concludedAt},
          suggestion_target = ${p.suggestionTarget}, item_id = ${p.itemId}, overdue = ${p.overdue},
          agency_id = ${p.state.agencyId},
          agency_name = coalesce((select a.name from agencies a where a.campaign_id = complaints.campaign_id and a.id = ${p.state.agencyId}), agency_name),
          state = ${sql.json(p.state as never)}, state_version = ${p.version}, updated_at = now()
        where id = ${p.complaintId} and state_version < ${p.version}`;
    },
  };
}
