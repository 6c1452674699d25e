import type { Sql } from 'postgres';
import type { LedgerFigures } from '../domain/ledgerFigures';

/** The agency's ledger as D7 counts it (domain/ledgerFigures.ts). */
export async function ledgerFigures(sql: Sql, campaignId: string, agencyId: string): Promise<LedgerFigures> {
  const [row] = await sql<LedgerFigures[]>`
    select count(*)::int as "problemsFound",
           count(*) filter (where status = 'closed')::int as closed,
           count(*) filter (where status <> 'closed')::int as "inProgress"
    from ledger_items where campaign_id = ${campaignId} and agency_id = ${agencyId}`;
  return row;
}
