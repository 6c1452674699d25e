import { DELIVERABLES, type DeliverableCode } from '../../domain/template';
import { agenciesOnDesk, counted, type QueueSource } from './source';

/** The bureau's: submissions neither accepted (审核通过) nor returned (退回), oldest first. */
export const deliverablesToReview: QueueSource = async (sql, p, f, limit) => {
  const rows = await sql<
    { campaign_id: string; agency_id: string; name: string; code: DeliverableCode; submitted_at: Date; total: number }[]
  >`
    select s.campaign_id, s.agency_id, a.name, s.code, s.submitted_at, count(*) over ()::int as total
    from submissions s, agencies a, campaigns c
    where a.campaign_id = s.campaign_id and a.id = s.agency_id and ${agenciesOnDesk(sql, p, f)}
      and s.accepted_at is null and s.returned_at is null
    order by s.submitted_at limit ${limit}`;
  return counted(rows, 'deliverable_to_review', (r) => ({
    campaignId: r.campaign_id,
    agencyId: r.agency_id,
    agencyName: r.name,
    subject: { kind: 'deliverable', id: r.code },
    title: `${r.name}报送的《${DELIVERABLES[r.code].zh}》待审核`,
    since: r.submitted_at.toISOString(),
  }));
};
