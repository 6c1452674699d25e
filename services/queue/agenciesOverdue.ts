import { agenciesOnDesk, counted, type QueueSource } from './source';

/** The bureau's: agencies with a deadline passed and unmet, longest overdue first. */
export const agenciesOverdue: QueueSource = async (sql, p, f, limit) => {
  const rows = await sql<
    { campaign_id: string; id: string; name: string; next_deadline_at: Date | null; updated_at: Date; total: number }[]
  >`
    select a.campaign_id, a.id, a.name, a.next_deadline_at, a.updated_at, count(*) over ()::int as total
    from agencies a, campaigns c
    where ${agenciesOnDesk(sql, p, f)} and a.overdue
    order by a.next_deadline_at nulls last limit ${limit}`;
  return counted(rows, 'agency_overdue', (r) => ({
    campaignId: r.campaign_id,
    agencyId: r.id,
    agencyName: r.name,
    subject: { kind: 'agency', id: r.id },
    title: `${r.name}有逾期未报送的材料`,
    // the projection's earliest unmet deadline is the one passed
    since: (r.next_deadline_at ?? r.updated_at).toISOString(),
  }));
};
