import { DELIVERABLES, type DeliverableCode } from '../../domain/template';
import { agenciesOnDesk, counted, type QueueSource } from './source';

/** The agency's: deliverables the bureau returned (退回) and it has not resubmitted, with the reason in the title. */
export const returned: QueueSource = async (sql, p, f, limit) => {
  const rows = await sql<
    {
      campaign_id: string;
      agency_id: string;
      name: string;
      code: DeliverableCode;
      returned_at: Date;
      reason: string | null;
      total: number;
    }[]
  >`
    select s.campaign_id, s.agency_id, a.name, s.code, s.returned_at, h.reason, count(*) over ()::int as total
    from submissions s
      join agencies a on a.campaign_id = s.campaign_id and a.id = s.agency_id
      join campaigns c on ${agenciesOnDesk(sql, p, f)}
      left join deliverable_history h on h.campaign_id = s.campaign_id and h.agency_id = s.agency_id
        and h.code = s.code and h.action = 'returned' and h.at = s.returned_at
    where s.returned_at is not null
    order by s.returned_at limit ${limit}`;
  return counted(rows, 'returned', (r) => ({
    campaignId: r.campaign_id,
    agencyId: r.agency_id,
    agencyName: r.name,
    subject: { kind: 'deliverable', id: r.code },
    title: `《${DELIVERABLES[r.code].zh}》被退回${r.reason ? `：${r.reason}` : ''}`,
    since: r.returned_at.toISOString(),
  }));
};
