import type { Sql } from 'postgres';
import { documentVisible, type ScopeOf } from '../scope';
import { documentColumns, documentSource, type DocumentRow } from './read';

/**
 * What waits on documents, for the work queue (GET /v1/queue, SPEC §15) to call: each is a query in the caller's scope
 * (services/scope.ts documentVisible), oldest first, at most `limit` rows.
 *
 * - noticesToSign: an agency's notices not yet signed for (notice_to_sign);
 * - noticesUnsigned: a bureau's notices whose receipt window has passed unsigned (notice_unsigned);
 * - referralsToSign: a commission's referral letters not yet signed for (notice_to_sign of the commission).
 */
export function noticesToSign(sql: Sql, p: ScopeOf, limit = 100): Promise<DocumentRow[]> {
  return unsigned(sql, p, sql`n.addressee->>'kind' = 'agency'`, limit);
}

export function noticesUnsigned(sql: Sql, p: ScopeOf, limit = 100): Promise<DocumentRow[]> {
  return unsigned(sql, p, sql`n.receipt_due_at < now()`, limit);
}

export function referralsToSign(sql: Sql, p: ScopeOf, limit = 100): Promise<DocumentRow[]> {
  return unsigned(sql, p, sql`n.kind = 'referral_letter'`, limit);
}

function unsigned(sql: Sql, p: ScopeOf, which: ReturnType<Sql>, limit: number): Promise<DocumentRow[]> {
  return sql<DocumentRow[]>`
    select ${documentColumns(sql)} from ${documentSource(sql)}
    where ${documentVisible(sql, p)} and n.receipt_due_at is not null and n.signed_at is null and ${which}
    order by n.receipt_due_at, n.id limit ${limit}`;
}
