import type { Sql } from 'postgres';
import { QUEUE_KINDS, type QueueItem, type QueueKind } from '../../domain/queue';
import type { ScopeOf } from '../scope';
import { agenciesOverdue } from './agenciesOverdue';
import { complaintsToConclude, complaintsToInvestigate } from './complaints';
import { deliverablesToReview } from './deliverablesToReview';
import { noticesToSign, noticesUnsigned, referralsToSign } from './documents';
import { dueSoon } from './dueSoon';
import { itemsToVerify } from './itemsToVerify';
import { returned } from './returned';
import type { QueueFilter, QueueSource } from './source';

export type { QueueFilter } from './source';

/** Where each kind's rows come from: one module per kind (documents waiting on a receipt share one). */
export const QUEUE_SOURCES: Record<QueueKind, QueueSource> = {
  deliverable_to_review: deliverablesToReview,
  item_to_verify: itemsToVerify,
  complaint_to_investigate: complaintsToInvestigate,
  complaint_to_conclude: complaintsToConclude,
  agency_overdue: agenciesOverdue,
  due_soon: dueSoon,
  returned,
  notice_to_sign: noticesToSign,
  notice_unsigned: noticesUnsigned,
  referral_to_sign: referralsToSign,
};

/** How many items of each kind the desk lists at most; the counts count them all. */
export const QUEUE_LIMIT = 200;

/** The caller's queue: every kind of its role (or the one asked for), counted, and its items oldest waiting first. */
export async function deskQueue(
  sql: Sql,
  p: ScopeOf,
  filter: QueueFilter & { kind?: QueueKind },
  nowMs = Date.now(),
): Promise<{ counts: Partial<Record<QueueKind, number>>; items: QueueItem[] }> {
  const kinds = (Object.keys(QUEUE_SOURCES) as QueueKind[]).filter(
    (k) => QUEUE_KINDS[k].role === p.role && (!filter.kind || filter.kind === k),
  );
  const answers = await Promise.all(kinds.map((k) => QUEUE_SOURCES[k]!(sql, p, filter, QUEUE_LIMIT, nowMs)));
  return {
    counts: Object.fromEntries(kinds.map((k, i) => [k, answers[i].total])),
    items: answers.flatMap((a) => a.items),
  };
}
