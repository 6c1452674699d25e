import type { Sql } from 'postgres';
import type { QueueItem, QueueKind } from '../../domain/queue';
import { agencyOnDesk, campaignVisible, jurisdictionUnder, type ScopeOf } from '../scope';

/** What the desk was asked for: the caller's filters. */
export interface QueueFilter {
  campaignId?: string;
  jurisdictionId?: string;
  agencyId?: string;
}

/** One kind's rows as the caller may see them, at most `limit`, with how many there are in all. */
export type QueueSource = (
  sql: Sql,
  p: ScopeOf,
  filter: QueueFilter,
  limit: number,
  nowMs: number,
) => Promise<{ total: number; items: QueueItem[] }>;

/**
 * The campaign agencies (alias `a`, its open campaign `c`) the caller works on and the filter keeps: a bureau its
 * subtree's in the campaigns it sees, an agency itself. A closed campaign waits for nobody.
 */
export function agenciesOnDesk(sql: Sql, p: ScopeOf, f: QueueFilter) {
  return sql`c.id = a.campaign_id and c.closed_at is null and ${campaignVisible(sql, p)}
    and ${agencyOnDesk(sql, p)}
    ${f.campaignId ? sql`and a.campaign_id = ${f.campaignId}` : sql``}
    ${f.agencyId ? sql`and a.id = ${f.agencyId}` : sql``}
    ${f.jurisdictionId ? sql`and ${jurisdictionUnder(sql, 'a.jurisdiction_id', f.jurisdictionId)}` : sql``}`;
}

/** Rows carrying `total` (count(*) over ()) into the source's answer. */
export function counted<R extends { total: number }>(
  rows: R[],
  kind: QueueKind,
  item: (r: R) => Omit<QueueItem, 'kind'>,
) {
  return { total: rows[0]?.total ?? 0, items: rows.map((r) => ({ kind, ...item(r) })) };
}
