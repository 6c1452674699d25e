import type { QueueKind } from '../../domain/queue';
import { complaintInvestigated, jurisdictionUnder } from '../scope';
import { counted, type QueueSource } from './source';

/** The bureau's complaints at one status: received (to investigate) or investigating (to conclude), oldest first. */
const complaintsAt =
  (status: 'received' | 'investigating', kind: QueueKind): QueueSource =>
  async (sql, p, f, limit) => {
    const rows = await sql<
      {
        id: string;
        campaign_id: string | null;
        agency_id: string | null;
        agency_name: string | null;
        tracking_code: string;
        received_at: Date;
        due_at: Date;
        total: number;
      }[]
    >`
      select c.id, c.campaign_id, c.agency_id, coalesce(a.name, c.agency_name) as agency_name, c.tracking_code,
        c.received_at, c.due_at, count(*) over ()::int as total
      from complaints c left join agencies a on a.campaign_id = c.campaign_id and a.id = c.agency_id
      where ${complaintInvestigated(sql, p)} and c.status = ${status}
        ${f.campaignId ? sql`and c.campaign_id = ${f.campaignId}` : sql``}
        ${f.agencyId ? sql`and c.agency_id = ${f.agencyId}` : sql``}
        ${f.jurisdictionId ? sql`and ${jurisdictionUnder(sql, 'c.jurisdiction_id', f.jurisdictionId)}` : sql``}
      order by c.due_at limit ${limit}`;
    return counted(rows, kind, (r) => ({
      campaignId: r.campaign_id ?? '',
      ...(r.agency_id ? { agencyId: r.agency_id } : {}),
      ...(r.agency_name ? { agencyName: r.agency_name } : {}),
      subject: { kind: 'complaint', id: r.id },
      title: `举报 ${r.tracking_code}${r.agency_name ? `（${r.agency_name}）` : ''}`,
      since: r.received_at.toISOString(),
      dueAt: r.due_at.toISOString(),
    }));
  };

export const complaintsToInvestigate = complaintsAt('received', 'complaint_to_investigate');
export const complaintsToConclude = complaintsAt('investigating', 'complaint_to_conclude');
