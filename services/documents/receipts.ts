import type { Client } from '@temporalio/client';
import type { Sql } from 'postgres';
import type { CampaignSettings } from '../../domain/campaign';
import { RECEIPT_CHASE, chaseSourceKey, type ReceiptChaseRecord } from '../../domain/notifications/chases';
import type { DocumentMatter } from '../../domain/documentText';
import { shiftInstant } from '../../domain/policy/durations';
import { dayCalendar } from '../../domain/policy/schedule';
import { DEFAULT_POLICY } from '../../domain/template';
import { startDocumentReceipt } from '../workflowStarts';
import type { Addressee } from './register';

/**
 * 签收 and 催办 (SPEC §14): a document that asks for a receipt is signed for by its addressee within the policy's
 * `receipt` window; one not signed for in time is `overdue` and chased once a window (once a working day under
 * `dayKind: "working"`) by the document's receipt workflow (workflows/documentReceipt.ts), until it is signed or
 * its campaign closes.
 */
export type ReceiptState = 'pending' | 'signed' | 'overdue' | 'not_required';

export function receiptState(r: { receipt_due_at: Date | null; signed_at: Date | null }, nowMs: number): ReceiptState {
  if (!r.receipt_due_at) return 'not_required';
  if (r.signed_at) return 'signed';
  return nowMs > r.receipt_due_at.getTime() ? 'overdue' : 'pending';
}

/** Starts the receipt workflow of a document once, whoever issued it and however often this is retried. */
export async function watchReceipt(client: Client, taskQueue: string, documentId: string): Promise<void> {
  await startDocumentReceipt(client, { documentId }, { taskQueue });
}

/** What the receipt workflow does next: nothing (signed, closed), or wake at an instant. */
export type ReceiptWatch = { done: 'signed' | 'closed' } | { wakeAt: string };

interface WatchedRow {
  id: string;
  public_id: string;
  campaign_id: string;
  agency_id: string;
  number: string;
  addressee: Addressee;
  matters: DocumentMatter[];
  receipt_due_at: Date | null;
  signed_at: Date | null;
  chased: number;
  last_chased_at: Date | null;
  phase: string;
  settings: CampaignSettings;
}

/**
 * One look at a document's receipt: signed or its campaign closed, done; not yet due, wake at the due instant; due
 * and not chased in the last window, chase it now (a notification to the addressee, queued in the outbox in the same
 * transaction as the count, so a retry chases once) and wake a window later.
 */
export async function chaseUnsigned(sql: Sql, documentId: string, now = new Date()): Promise<ReceiptWatch> {
  return sql.begin(async (tx): Promise<ReceiptWatch> => {
    const [d] = await tx<WatchedRow[]>`
      select n.id, n.public_id, n.campaign_id, n.agency_id, n.number, n.addressee, n.matters, n.receipt_due_at, n.signed_at,
             n.chased, n.last_chased_at, c.phase, c.settings
      from notices n join campaigns c on c.id = n.campaign_id
      where n.public_id = ${documentId} for update of n`;
    if (!d || !d.receipt_due_at || d.signed_at) return { done: 'signed' };
    if (d.phase === 'closed') return { done: 'closed' };
    const policy = d.settings.policy;
    const window = policy.receipt ?? DEFAULT_POLICY.receipt;
    const cal = dayCalendar(policy, d.settings.calendar.timeZone);
    const next = d.last_chased_at
      ? shiftInstant(d.last_chased_at.getTime(), window, 1, cal)
      : d.receipt_due_at.getTime();
    if (now.getTime() < next) return { wakeAt: new Date(next).toISOString() };
    const chase = d.chased + 1;
    await tx`update notices set chased = ${chase}, last_chased_at = ${now} where id = ${d.id}`;
    const subject = d.matters[0]?.subject ?? { kind: 'deliverable', id: '' };
    const payload: ReceiptChaseRecord = {
      campaignId: d.campaign_id,
      agencyId: d.agency_id,
      subject: subject as ReceiptChaseRecord['subject'],
      deadline: d.receipt_due_at.toISOString(),
      type: RECEIPT_CHASE.type,
      step: RECEIPT_CHASE.step,
      scheduledFor: now.toISOString(),
      noticeNumber: d.number,
    };
    const audience =
      d.addressee.kind === 'commission' ? RECEIPT_CHASE.audience.commission : RECEIPT_CHASE.audience.agency;
    await tx`
      insert into outbox (source_key, campaign_id, audience, payload)
      values (${chaseSourceKey(d.public_id, chase)}, ${d.campaign_id}, ${tx.json([...audience])}, ${tx.json(payload as never)})
      on conflict (source_key) do nothing`;
    return { wakeAt: new Date(shiftInstant(now.getTime(), window, 1, cal)).toISOString() };
  });
}

export interface Receipt {
  signedAt: string;
  signedBy: string;
}

/**
 * Signs for a document as its addressee. A second signing answers the first receipt unchanged. Signing a 移送函 is
 * the commission's acknowledgement of the referrals it carries (and acknowledging a referral signs its letter).
 */
export async function signDocument(
  sql: Sql,
  documentId: string,
  by: { keyId: string; name: string },
): Promise<Receipt> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: string; signed_at: Date; signed_by_name: string; kind: string }[]>`
      update notices set signed_at = coalesce(signed_at, now()), signed_by = coalesce(signed_by, ${by.keyId}),
        signed_by_name = coalesce(signed_by_name, ${by.name})
      where public_id = ${documentId}
      returning id, signed_at, signed_by_name, kind`;
    if (row.kind === 'referral_letter') {
      await tx`
        update referrals set acknowledged_at = ${row.signed_at}, acknowledged_by = ${by.keyId}
        where acknowledged_at is null and id in (select referral_id from deadline_events where notice_id = ${row.id})`;
    }
    return { signedAt: row.signed_at.toISOString(), signedBy: row.signed_by_name };
  });
}

/** A referral acknowledged by the commission signs the letters that carried it. */
export async function signLettersOfReferral(sql: Sql, referralId: string, by: { keyId: string; name: string }) {
  await sql`
    update notices set signed_at = now(), signed_by = ${by.keyId}, signed_by_name = ${by.name}
    where signed_at is null and kind = 'referral_letter'
      and id in (select notice_id from deadline_events where referral_id = ${referralId} and notice_id is not null)`;
}
