import { z } from 'zod';
import { Id } from '../../domain/campaign';
import { DeliverableCodeSchema } from '../../domain/deliverables';
import { ERROR_CODES } from '../../domain/errorCodes';
import { QUEUE_KIND_NAMES } from '../../domain/queue';
import { deskQueue } from '../../services/queue';
import { toHttpError } from '../errors';
import { route } from '../route';
import { decodeCursorAs, encodeCursor, PageQuery } from '../schemas';
import { actOnComplaint } from './complaints';
import { acceptDeliverable } from './deliverables';
import { actOnItem } from './items';

const QueueItem = z
  .object({
    kind: z.enum(QUEUE_KIND_NAMES),
    campaignId: z.string(),
    agencyId: z.string().optional(),
    agencyName: z.string().optional(),
    subject: z.object({ kind: z.string(), id: z.string() }),
    title: z.string(),
    since: z.string(),
    dueAt: z.string().optional(),
  })
  .meta({ id: 'QueueItem' });

/** What a bureau does to many at once from its desk (SPEC §15); each target succeeds or fails on its own. */
const BulkAction = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('accept_deliverables'),
    targets: z
      .array(z.strictObject({ campaignId: Id, agencyId: Id, code: DeliverableCodeSchema }))
      .min(1)
      .max(100),
  }),
  z.strictObject({
    action: z.literal('verify_items'),
    itemIds: z.array(Id).min(1).max(100),
    note: z.string().trim().min(1).max(5000),
  }),
  // 不予受理: spam and complaints about no act of administrative enforcement, closed with the reason
  z.strictObject({
    action: z.literal('close_complaints_not_accepted'),
    complaintIds: z.array(Id).min(1).max(100),
    reason: z.string().trim().min(1).max(5000),
  }),
]);

const BulkResult = z.object({
  done: z.number(),
  results: z.array(
    z.object({
      target: z.string(),
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});

export const queueRoutes = [
  route({
    method: 'get',
    path: '/v1/queue',
    tag: 'desk',
    summary:
      "What waits for the caller (SPEC §15): a bureau's deliverables to review, items to verify, complaints to investigate and conclude, agencies overdue; an agency's due soon and returned",
    access: ['admin', 'bureau', 'agency', 'discipline'],
    query: PageQuery.extend({
      campaignId: Id.optional(),
      jurisdictionId: Id.optional(),
      agencyId: Id.optional(),
      kind: z.enum(QUEUE_KIND_NAMES).optional(),
    }),
    response: {
      status: 200,
      description:
        'the counts of every kind of the role (all of them) and a page of the items (at most 200 of each kind in all), kind by kind, the longest waiting first',
      schema: z.object({
        counts: z.record(z.string(), z.number()),
        items: z.array(QueueItem),
        nextCursor: z.string().nullable(),
      }),
    },
    async handler({ query, principal, deps }) {
      const { limit, cursor, ...filter } = query;
      const { counts, items } = await deskQueue(deps.sql, principal, filter);
      // the queue is read whole (each kind capped) and paged by position: it is a day's work, not a history
      const from = Number(decodeCursorAs(cursor, z.number().int().min(0)) ?? 0);
      const next = from + limit < items.length ? encodeCursor(JSON.stringify(from + limit)) : null;
      return { body: { counts, items: items.slice(from, from + limit), nextCursor: next } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/queue/actions',
    tag: 'desk',
    summary:
      'A bureau acts on many at once: accept deliverables (审核通过), verify items (销号), close complaints as 不予受理 with a reason',
    access: ['bureau'],
    body: BulkAction,
    response: { status: 200, description: 'each target and whether it was done', schema: BulkResult },
    async handler({ body, principal, deps, req }) {
      const jobs: [string, () => Promise<unknown>][] =
        body.action === 'accept_deliverables'
          ? body.targets.map((t) => [
              `${t.campaignId}/${t.agencyId}/${t.code}`,
              () => acceptDeliverable(deps, principal, { id: t.campaignId, agencyId: t.agencyId, code: t.code }),
            ])
          : body.action === 'verify_items'
            ? body.itemIds.map((id) => [
                id,
                () => actOnItem(deps, principal, id, { action: 'verify', note: body.note }),
              ])
            : body.complaintIds.map((id) => [
                id,
                () =>
                  actOnComplaint(deps, principal, id, {
                    action: 'conclude',
                    outcome: 'not_accepted',
                    summary: body.reason,
                  }),
              ]);
      // One at a time: each is a workflow update of its own, and a bureau's batch is tens, not thousands.
      const results = [];
      for (const [target, run] of jobs) {
        try {
          await run();
          results.push({ target, ok: true });
        } catch (err) {
          const e = toHttpError(err, deps.log, req.path);
          results.push({ target, ok: false, error: { code: e.code, message: ERROR_CODES[e.code].zh } });
        }
      }
      return { body: { done: results.filter((r) => r.ok).length, results } };
    },
  }),
];
