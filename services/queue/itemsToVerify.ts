import { agenciesOnDesk, counted, type QueueSource } from './source';

/** The bureau's: items whose rectification the agency reported, waiting for 销号 (verify or reject). */
export const itemsToVerify: QueueSource = async (sql, p, f, limit) => {
  const rows = await sql<
    {
      id: string;
      campaign_id: string;
      agency_id: string;
      name: string;
      description: string;
      updated_at: Date;
      due_at: Date;
      total: number;
    }[]
  >`
    select i.id, i.campaign_id, i.agency_id, a.name, i.description, i.updated_at, i.due_at, count(*) over ()::int as total
    from ledger_items i, agencies a, campaigns c
    where a.campaign_id = i.campaign_id and a.id = i.agency_id and ${agenciesOnDesk(sql, p, f)}
      and i.status = 'pending_verification'
    order by i.updated_at limit ${limit}`;
  return counted(rows, 'item_to_verify', (r) => ({
    campaignId: r.campaign_id,
    agencyId: r.agency_id,
    agencyName: r.name,
    subject: { kind: 'item', id: r.id },
    title: `${r.name}：${r.description}`,
    since: r.updated_at.toISOString(),
    dueAt: r.due_at.toISOString(),
  }));
};
