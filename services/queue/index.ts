import type { Sql } from 'postgres';
import { QUEUE_KINDS, type QueueItem, type QueueKind } from '../../domain/queue';
import type { ScopeOf } from '../scope';
import { agenciesOverdue } from './agenciesOverdue';
import { complaintsToConclude, complaintsToInvestigate } from './complaints';
import { deliverablesToReview } from './deliverablesToReview';
import { dueSoon } from './dueSoon';
import { itemsToVerify } from './itemsToVerify';
import { returned } from './returned';
import type { QueueFilter, QueueSource } from './source';

export type { QueueFilter } from './source';

/**
 * Where each kind's rows come from: one module per kind. A kind of domain/queue.ts without a row here (signing for
 * notices, until the register of issued documents brings its query) waits in nobody's queue.
 */
export const QUEUE_SOURCES: Partial<Record<QueueKind, QueueSource>> = {
  deliverable_to_review: deliverablesToReview,
  item_to_verify: itemsToVerify,
  complaint_to_investigate: complaintsToInvestigate,
  complaint_to_conclude: complaintsToConclude,
  agency_overdue: agenciesOverdue,
  due_soon: dueSoon,
  returned,
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
