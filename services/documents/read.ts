import { DateTime } from 'luxon';
import type { Sql } from 'postgres';
import { DOCUMENT_KINDS, type DocumentKind } from '../../domain/documents';
import { ladderBody, writtenDeadline, type DocumentMatter } from '../../domain/documentText';
import type { OfficialDocument } from '../../domain/officialDocument';
import { documentVisible, type ScopeOf } from '../scope';
import { receiptState } from './receipts';
import type { Addressee } from './register';

/** A row of the register as the routes read it (alias `n`), with its campaign's time zone. */
export interface DocumentRow {
  id: string;
  public_id: string;
  campaign_id: string;
  agency_id: string;
  agency_name: string | null;
  kind: DocumentKind;
  number: string;
  title: string;
  issuer_id: string;
  issuer_name: string;
  issue_day: string;
  issued_at: Date;
  addressee: Addressee;
  matters: DocumentMatter[];
  body: string[] | null;
  drill: boolean;
  receipt_due_at: Date | null;
  signed_at: Date | null;
  signed_by_name: string | null;
  chased: number;
  time_zone: string;
}

/** The columns DocumentRow reads, for every query of the register. */
export const documentColumns = (sql: Sql) => sql`
  n.id, n.public_id, n.campaign_id, n.agency_id, a.name as agency_name, n.kind, n.number, n.title, n.issuer_id,
  n.issuer_name, n.issue_day::text as issue_day, n.issued_at, n.addressee, n.matters, n.body, n.drill, n.receipt_due_at,
  n.signed_at, n.signed_by_name, n.chased, c.settings->'calendar'->>'timeZone' as time_zone`;

/** The register joined to what its rows are read with. */
export const documentSource = (sql: Sql) => sql`
  notices n join campaigns c on c.id = n.campaign_id
  left join agencies a on a.campaign_id = n.campaign_id and a.id = n.agency_id`;

/**
 * A document the caller may read, by its id, or by the id of a deadline event that issued it (v1 links:
 * /v1/documents/<eventId>.pdf); null when there is none or it lies outside the caller's scope, alike.
 */
export async function readableDocument(sql: Sql, p: ScopeOf, id: string): Promise<DocumentRow | null> {
  const byEvent = /^[1-9][0-9]{0,17}$/.test(id);
  const [row] = await sql<DocumentRow[]>`
    select ${documentColumns(sql)} from ${documentSource(sql)}
    where ${byEvent ? sql`n.id = (select notice_id from deadline_events where id = ${id})` : sql`n.public_id = ${id}`}
      and ${documentVisible(sql, p)}`;
  return row ?? null;
}

/** A document as the API lists it (API.md "The register of issued documents"). */
export function documentView(r: DocumentRow, nowMs: number) {
  return {
    id: r.public_id,
    campaignId: r.campaign_id,
    kind: r.kind,
    number: r.number,
    title: r.title,
    issuerJurisdictionId: r.issuer_id,
    addressee: r.addressee,
    issuedAt: r.issued_at.toISOString(),
    matters: r.matters.map((m) => ({ subject: m.subject, step: m.step, name: m.name })),
    receipt: {
      state: receiptState(r, nowMs),
      ...(r.receipt_due_at ? { dueAt: r.receipt_due_at.toISOString() } : {}),
      ...(r.signed_at ? { signedAt: r.signed_at.toISOString(), signedBy: r.signed_by_name ?? '' } : {}),
      chased: r.chased,
    },
    drill: r.drill,
  };
}

/** The issuing bureau in full: 中卫市 → 中卫市司法局. */
export const issuerOf = (jurisdictionName: string) => `${jurisdictionName}司法局`;

/** What the printed document says, from its row (the seam with the renderer, domain/officialDocument.ts). */
export function officialDocumentOf(r: DocumentRow): OfficialDocument {
  const issuer = issuerOf(r.issuer_name);
  const date = DateTime.fromISO(r.issue_day).toFormat('yyyy年M月d日');
  return {
    format: DOCUMENT_KINDS[r.kind].format,
    issuer,
    number: r.number,
    title: r.title,
    addressee: r.addressee.name,
    body:
      r.body ??
      ladderBody(r.kind, r.matters, {
        agency: r.agency_name,
        deadline: (iso) => writtenDeadline(iso, r.time_zone),
      }),
    date,
    copiesTo: [],
    printedBy: issuer,
    printedOn: date,
    drill: r.drill,
    issuedAt: r.issued_at.toISOString(),
  };
}
