import type { Sql } from 'postgres';
import type { QueueKind } from '../../domain/queue';
import { documentColumns, documentSource, type DocumentRow } from '../documents/read';
import { documentVisible, jurisdictionUnder, type ScopeOf } from '../scope';
import { counted, type QueueFilter, type QueueSource } from './source';

/**
 * Documents waiting on a receipt (签收, SPEC §14), from the register: the agency's notices to sign for, a commission's
 * referral letters to sign for, and a bureau's notices whose receipt window has passed unsigned (催办 under way).
 */
function unsignedDocuments(kind: QueueKind, which: (sql: Sql, p: ScopeOf) => ReturnType<Sql>): QueueSource {
  return async (sql, p, f: QueueFilter, limit) => {
    const rows = await sql<(DocumentRow & { total: number })[]>`
      select ${documentColumns(sql)}, count(*) over ()::int as total from ${documentSource(sql)}
      where ${documentVisible(sql, p)} and ${which(sql, p)} and c.closed_at is null
        and n.receipt_due_at is not null and n.signed_at is null
        ${f.campaignId ? sql`and n.campaign_id = ${f.campaignId}` : sql``}
        ${f.agencyId ? sql`and n.agency_id = ${f.agencyId}` : sql``}
        ${f.jurisdictionId ? sql`and ${jurisdictionUnder(sql, 'n.scope_jurisdiction', f.jurisdictionId)}` : sql``}
      order by n.receipt_due_at, n.id limit ${limit}`;
    return counted(rows, kind, (r) => ({
      campaignId: r.campaign_id,
      ...(r.agency_id ? { agencyId: r.agency_id, agencyName: r.agency_name ?? r.agency_id } : {}),
      subject: { kind: 'document', id: r.public_id },
      title: `${r.number}《${r.title}》待签收`,
      since: r.issued_at.toISOString(),
      dueAt: r.receipt_due_at!.toISOString(),
    }));
  };
}

/** The agency's: notices addressed to it, not yet signed for. */
export const noticesToSign = unsignedDocuments(
  'notice_to_sign',
  (sql, p) => sql`n.addressee->>'kind' = 'agency' and n.addressee->>'id' = ${p.agencyId ?? ''}`,
);

/** The bureau's: notices past their receipt window, unsigned. */
export const noticesUnsigned = unsignedDocuments('notice_unsigned', (sql) => sql`n.receipt_due_at < now()`);

/** The commission's: referral letters (移送函) to sign for. */
export const referralsToSign = unsignedDocuments('referral_to_sign', (sql) => sql`n.kind = 'referral_letter'`);
