import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Sql, TransactionSql } from 'postgres';
import { DEFAULT_POLICY } from '../../domain/template';
import {
  DOCUMENT_KINDS,
  documentCode,
  documentNumber,
  type AddresseeKind,
  type DocumentKind,
} from '../../domain/documents';
import { documentTitle, type DocumentMatter } from '../../domain/documentText';
import { shiftInstant } from '../../domain/policy/durations';
import { dayCalendar } from '../../domain/policy/schedule';
import { resolveNoticeIssuer } from '../noticeIssuer';

/**
 * The register of issued documents (发文登记簿, SPEC §14): the ONE place a document is issued and numbered. Every
 * issuer — the ladder's steps (activities/deadlineSteps.ts), 摘牌, 通报, the assessment's 通报 of results — calls
 * issueDocument.
 */

export interface Addressee {
  kind: AddresseeKind;
  id: string;
  name: string;
}

export interface IssueDocumentRequest {
  kind: DocumentKind;
  campaignId: string;
  /**
   * The jurisdiction the matter lies in: the issuing bureau is the nearest above it with a notice prefix
   * (services/noticeIssuer.ts), and the document is read within its scope. Omitted: the agency's.
   */
  jurisdictionId?: string;
  /** The agency concerned, when one is (its name is in a 移送函's or 通报's title). */
  agency: { id: string; name: string } | null;
  addressee: Addressee;
  matters: DocumentMatter[];
  /** Paragraphs of the body; omitted, the body is composed from the matters (domain/documentText.ts ladderBody). */
  body?: string[];
  /** A title of its own (the 通报 of assessment results); omitted, composed from the matters (documentTitle). */
  title?: string;
  /**
   * What makes the document one: a second issue under the same key returns the first document, adding the matters
   * it does not name yet (the ladder's document of an addressee, kind and day).
   */
  dedupeKey: string;
  /** The instant of issue: its day and year number it. */
  at: Date;
}

export interface IssuedDocument {
  /** The document's id: random, never enumerable. */
  id: string;
  number: string;
  /** The register's serial (deadline_events.notice_id points to it). */
  rowId: string;
  /** Whether this call issued it (false: it joined the document its key already had). */
  issued: boolean;
  /** When the addressee must have signed for it; null when no receipt is asked. */
  receiptDueAt: Date | null;
}

interface Row {
  id: string;
  public_id: string;
  number: string;
  kind: DocumentKind;
  matters: DocumentMatter[];
  receipt_due_at: Date | null;
}

/** A key of the same subject and step names the same matter. */
const matterKey = (m: DocumentMatter) => `${m.subject.kind}\u0000${m.subject.id}\u0000${m.step}`;

/**
 * Issues a numbered document, or joins the one its dedupe key already has. Runs in the caller's transaction when given
 * one. The issuer's counter row of its 代字 and year is locked until the transaction ends, so numbers follow the
 * issue order without gaps, and a rolled-back issue gives its number back; an advisory lock on the key keeps two
 * workers from issuing the same document twice.
 */
export async function issueDocument(q: Sql | TransactionSql, req: IssueDocumentRequest): Promise<IssuedDocument> {
  if ('begin' in q) return q.begin((tx) => issueDocument(tx, req)) as Promise<IssuedDocument>;
  const tx = q;
  await tx`select pg_advisory_xact_lock(hashtext('document'), hashtext(${req.dedupeKey}))`;
  const [existing] = await tx<Row[]>`
    select id, public_id, number, kind, matters, receipt_due_at from notices where dedupe_key = ${req.dedupeKey}`;
  if (existing) {
    const known = new Set(existing.matters.map(matterKey));
    const added = req.matters.filter((m) => !known.has(matterKey(m)));
    if (added.length > 0) {
      const matters = [...existing.matters, ...added];
      await tx`
        update notices set matters = ${tx.json(matters as never)},
          title = ${documentTitle(existing.kind, matters, req.agency?.name)}
        where id = ${existing.id}`;
    }
    return {
      id: existing.public_id,
      number: existing.number,
      rowId: String(existing.id),
      issued: false,
      receiptDueAt: existing.receipt_due_at,
    };
  }
  const kind = DOCUMENT_KINDS[req.kind];
  const issuer = await resolveNoticeIssuer(tx, req.campaignId, req.agency?.id ?? '', req.jurisdictionId);
  const local = DateTime.fromJSDate(req.at, { zone: issuer.timeZone });
  const code = documentCode(kind.codeGroup, issuer.prefix, issuer.codes);
  const [{ last_serial: serial }] = await tx<{ last_serial: number }[]>`
    insert into notice_serials (issuer_id, code, year, last_serial) values (${issuer.id}, ${code}, ${local.year}, 1)
    on conflict (issuer_id, code, year) do update set last_serial = notice_serials.last_serial + 1
    returning last_serial`;
  const number = documentNumber(code, local.year, serial);
  const policy = issuer.settings.policy;
  const receiptDueAt = kind.receipt
    ? new Date(
        shiftInstant(
          req.at.getTime(),
          policy.receipt ?? DEFAULT_POLICY.receipt,
          1,
          dayCalendar(policy, issuer.timeZone),
        ),
      )
    : null;
  const [scope] = await tx<{ jurisdiction_id: string }[]>`
    select coalesce(${req.jurisdictionId ?? null},
                    (select jurisdiction_id from agencies where campaign_id = ${req.campaignId} and id = ${req.agency?.id ?? ''}),
                    (select jurisdiction->>'id' from campaigns where id = ${req.campaignId})) as jurisdiction_id`;
  const publicId = `d${randomBytes(12).toString('hex')}`;
  const [row] = await tx<{ id: string }[]>`
    insert into notices (public_id, campaign_id, agency_id, kind, step, issue_day, grouping_key, issuer_id, issuer_name,
                         year, serial, code, number, issued_at, dedupe_key, title, addressee, matters, body,
                         scope_jurisdiction, drill, receipt_due_at)
    values (${publicId}, ${req.campaignId}, ${req.agency?.id ?? ''}, ${req.kind}, ${req.matters[0]?.step ?? null},
            ${local.toISODate()!}, '', ${issuer.id}, ${issuer.name}, ${local.year}, ${serial}, ${code}, ${number}, ${req.at},
            ${req.dedupeKey}, ${req.title ?? documentTitle(req.kind, req.matters, req.agency?.name)}, ${tx.json(req.addressee as never)},
            ${tx.json(req.matters as never)}, ${req.body ? tx.json(req.body) : null}, ${scope.jurisdiction_id},
            coalesce((select (settings->>'drill')::boolean from campaigns where id = ${req.campaignId}), false), ${receiptDueAt})
    returning id`;
  return { id: publicId, number, rowId: String(row.id), issued: true, receiptDueAt };
}

/** The ladder's document of an addressee, kind and day: one key whatever matter reaches the step first. */
export function ladderDedupeKey(r: {
  campaignId: string;
  kind: DocumentKind;
  addressee: Addressee;
  agencyId: string;
  day: string;
}): string {
  return `ladder:${r.campaignId}:${r.kind}:${r.addressee.kind}:${r.addressee.id}:${r.agencyId}:${r.day}`;
}
