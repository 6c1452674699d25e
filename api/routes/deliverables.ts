import { z } from 'zod';
import {
  acceptDeliverableUpdate,
  liftListingUpdate,
  returnDeliverableUpdate,
  workflowIds,
  type AgencyState,
} from '../../domain/contract';
import { LiftListingSchema, ReturnDeliverableSchema, fileIdsIn } from '../../domain/deliverables';
import { DELIVERABLES, type DeliverableCode } from '../../domain/template';
import type { ApiDeps } from '../route';
import type { Principal } from '../principal';
import { notFound } from '../errors';
import { filesByIds } from '../fileAccess';
import { actorOf } from '../principal';
import { route } from '../route';
import { visibleAgency, visibleCampaign } from '../scope';
import { DeliverableParams } from './agencies';
import { sendUpdate } from '../updates';

interface HistoryRow {
  action: 'submitted' | 'returned' | 'accepted';
  at: Date;
  by_key: string;
  body: unknown;
  reason: string | null;
}

const DeliverableRead = z
  .object({
    code: z.string(),
    zh: z.string(),
    status: z.enum(['not_submitted', 'submitted', 'returned', 'accepted']),
    dueAt: z.string(),
    submission: z.object({ body: z.unknown(), submittedAt: z.string(), late: z.boolean() }).nullable(),
    files: z.array(
      z
        .object({ id: z.string(), name: z.string(), size: z.number(), sha256: z.string(), contentType: z.string() })
        .passthrough(),
    ),
    history: z.array(
      z.object({
        action: z.enum(['submitted', 'returned', 'accepted']),
        at: z.string(),
        reason: z.string().optional(),
        files: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'DeliverableRead' });

export const deliverableRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/agencies/:agencyId/deliverables/:code',
    tag: 'agencies',
    summary: 'What the agency submitted for a deliverable, with its files and the history of submissions and returns',
    access: ['bureau', 'agency'],
    params: DeliverableParams,
    response: { status: 200, description: 'the deliverable as submitted', schema: DeliverableRead },
    async handler({ params, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const agency = await visibleAgency(sql, c.id, params.agencyId, principal);
      const state = agency.state as AgencyState | null;
      const d = state?.deliverables.find((x) => x.code === params.code);
      if (!d) throw notFound('deliverable');
      const [[latest], history] = await Promise.all([
        sql<{ body: unknown; submitted_at: Date; late: boolean; returned_at: Date | null; accepted_at: Date | null }[]>`
          select body, submitted_at, late, returned_at, accepted_at from submissions
          where campaign_id = ${c.id} and agency_id = ${agency.id} and code = ${params.code}`,
        sql<HistoryRow[]>`
          select action, at, by_key, body, reason from deliverable_history
          where campaign_id = ${c.id} and agency_id = ${agency.id} and code = ${params.code} order by at, action desc`,
      ]);
      const status = !latest
        ? 'not_submitted'
        : latest.returned_at
          ? 'returned'
          : latest.accepted_at
            ? 'accepted'
            : 'submitted';
      return {
        body: {
          code: params.code,
          zh: DELIVERABLES[params.code].zh,
          status,
          dueAt: d.dueAt,
          submission: latest
            ? { body: latest.body, submittedAt: latest.submitted_at.toISOString(), late: latest.late }
            : null,
          files: latest ? await filesByIds(sql, fileIdsIn(latest.body)) : [],
          history: history.map((h) => ({
            action: h.action,
            at: h.at.toISOString(),
            ...(h.reason ? { reason: h.reason } : {}),
            files: fileIdsIn(h.body),
          })),
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/agencies/:agencyId/deliverables/:code/accept',
    tag: 'agencies',
    summary:
      'Accept (审核通过) the submission on record of a deliverable; recorded in its history and shown to the agency',
    access: ['bureau'],
    params: DeliverableParams,
    response: {
      status: 200,
      description: 'accepted',
      schema: z.object({ code: z.string(), acceptedAt: z.string() }),
    },
    errors: [409],
    async handler({ params, principal, deps }) {
      return { body: await acceptDeliverable(deps, principal, params) };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/agencies/:agencyId/deliverables/:code/return',
    tag: 'agencies',
    summary:
      'Return (退回) a submitted deliverable to the agency with a reason (and optionally a new deadline); its ladder resumes',
    access: ['bureau'],
    params: DeliverableParams,
    body: ReturnDeliverableSchema,
    response: {
      status: 200,
      description: 'returned',
      schema: z.object({ code: z.string(), returnedAt: z.string(), dueAt: z.string() }),
    },
    errors: [409, 422],
    async handler({ params, body, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, params.agencyId, principal);
      const receipt = await sendUpdate(
        deps.client,
        workflowIds.agency(c.id, params.agencyId),
        returnDeliverableUpdate,
        [{ code: params.code, reason: body.reason, dueAt: body.dueAt, by: actorOf(principal) }],
      );
      return { body: receipt };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/agencies/:agencyId/deliverables/:code/lift',
    tag: 'agencies',
    summary:
      '摘牌: lift the listed supervision of a deliverable with a reason, issuing a numbered 摘牌通知; its light turns back',
    access: ['bureau'],
    params: DeliverableParams,
    body: LiftListingSchema,
    response: {
      status: 200,
      description: 'lifted',
      schema: z.object({ code: z.string(), liftedAt: z.string(), documentId: z.string(), number: z.string() }),
    },
    errors: [409],
    async handler({ params, body, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, params.agencyId, principal);
      const receipt = await sendUpdate(deps.client, workflowIds.agency(c.id, params.agencyId), liftListingUpdate, [
        { code: params.code, reason: body.reason, by: actorOf(principal) },
      ]);
      return { body: receipt };
    },
  }),
];

/** 审核通过 of one deliverable, within the caller's scope: the route above and the desk's bulk action. */
export async function acceptDeliverable(
  deps: ApiDeps,
  principal: Principal,
  target: { id: string; agencyId: string; code: DeliverableCode },
) {
  const c = await visibleCampaign(deps, target.id, principal);
  await visibleAgency(deps.sql, c.id, target.agencyId, principal);
  return sendUpdate(deps.client, workflowIds.agency(c.id, target.agencyId), acceptDeliverableUpdate, [
    { code: target.code, by: actorOf(principal) },
  ]);
}
