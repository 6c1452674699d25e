import { z } from 'zod';
import { PHASE_KEYS, DELIVERABLES, CHECKLIST_CODES } from '../../domain/template';
import {
  DELIVERABLE_BODIES,
  ChecklistAnswerSchema,
  ChecklistCodeSchema,
  DeliverableCodeSchema,
  MoveDeadlineSchema,
} from '../../domain/deliverables';
import {
  agencyStateQuery,
  answerChecklistUpdate,
  moveDeadlineUpdate,
  submitDeliverableUpdate,
  workflowIds,
  type AgencyState,
} from '../../domain/contract';
import { nextDeadlineOf, viewAgency } from '../../domain/agencyView';
import { deadlineLight, LIGHT_ORDER } from '../../domain/policy/schedule';
import { badRequest, forbidden, HttpError, refused } from '../errors';
import { ledgerFigures } from '../../services/ledgerFigures';
import { differingFigures, type LedgerFigures } from '../../domain/ledgerFigures';
import type { Sql } from 'postgres';
import { actorOf } from '../principal';
import { route } from '../route';
import { AgencyParams, CampaignParams, Page, PageQuery, decodeCursorAs, encodeCursor } from '../schemas';
import { assertActsFor, visibleAgency, visibleCampaign } from '../scope';
import { agencyInScope, jurisdictionUnder } from '../../services/scope';
import { queryLive } from '../liveState';
import { sendUpdate } from '../updates';
import { attachBodyFiles } from '../fileAccess';

const AgencyListItem = z
  .object({
    id: z.string(),
    name: z.string(),
    jurisdictionId: z.string(),
    phase: z.string(),
    nextDeadline: z.object({ dueAt: z.string(), subject: z.unknown() }).nullable(),
    light: z.enum(LIGHT_ORDER as [string, ...string[]]),
    overdue: z.boolean(),
    listed: z.boolean(),
  })
  .meta({ id: 'AgencyListItem' });

const AgencyListQuery = PageQuery.extend({
  phase: z.enum(['not_started', ...PHASE_KEYS, 'closed']).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  jurisdictionId: z.string().max(64).optional(),
  light: z.enum(LIGHT_ORDER as [string, ...string[]]).optional(),
});

/**
 * The agency's workflow writes its projection in the same workflow task as every change it makes, before an update
 * answers; `live=true` asks the running workflow instead (falling back to the projection if it does not answer).
 */
const AgencyReadQuery = z.object({ live: z.enum(['true', 'false']).optional() });

export const DeliverableParams = AgencyParams.extend({ code: DeliverableCodeSchema });
const ChecklistParams = AgencyParams.extend({ itemCode: ChecklistCodeSchema });

/** The Chinese names of D7's figures, for the refusal below. */
const FIGURE_ZH: Record<keyof LedgerFigures, string> = {
  problemsFound: '发现问题数',
  closed: '已整改数',
  inProgress: '整改中',
};

/**
 * D7's statistics table (附件2) reports what the ledger holds (对帐、核帐 before the bureau reconciles); figures that
 * differ are taken only with the agency's reason for the difference (`statisticsReason`, stored with the submission).
 */
async function assertSummaryMatchesLedger(
  sql: Sql,
  campaignId: string,
  agencyId: string,
  body: { statistics: LedgerFigures; statisticsReason?: string },
): Promise<void> {
  const ledger = await ledgerFigures(sql, campaignId, agencyId);
  const differs = differingFigures(ledger, body.statistics);
  if (differs.length && !body.statisticsReason) {
    const list = differs.map((k) => `${FIGURE_ZH[k]}填报 ${body.statistics[k]}，台账为 ${ledger[k]}`).join('；');
    throw new HttpError(
      422,
      'statistics_differ_from_ledger',
      `统计数与问题台账不一致（${list}）：请按台账填报，或在"差异说明"中写明原因`,
      [{ path: ['statisticsReason'], ledger, reported: body.statistics }],
    );
  }
}

export const agencyRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/agencies',
    tag: 'agencies',
    summary: 'Agencies with phase, light, overdue flags and next deadline; sorted by next deadline',
    access: ['bureau'],
    params: CampaignParams,
    query: AgencyListQuery,
    readCache: 'clock',
    response: { status: 200, description: 'a page of agencies', schema: Page(AgencyListItem) },
    async handler({ params, query, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      // Keyset pagination over (next deadline, id); agencies with nothing left due sort last.
      const after = decodeCursorAs(
        query.cursor,
        z.tuple([z.union([z.iso.datetime(), z.literal('infinity')]), z.string().max(64)]),
      );
      const [afterDue, afterId] = after ?? [null, null];
      const rows = await sql<
        {
          id: string;
          name: string;
          jurisdiction_id: string;
          phase: string;
          next_deadline_at: Date | null;
          next_deadline_subject: unknown;
          overdue: boolean;
          listed: boolean;
          sort_due: Date;
          deliverables: AgencyState['deliverables'] | null;
        }[]
      >`
        select id, name, jurisdiction_id, phase, next_deadline_at, next_deadline_subject, overdue, listed, state->'deliverables' as deliverables,
               coalesce(next_deadline_at, 'infinity'::timestamptz) as sort_due
        from agencies
        where campaign_id = ${c.id} and ${agencyInScope(sql, principal)}
          ${query.phase ? sql`and phase = ${query.phase}` : sql``}
          ${query.overdue !== undefined ? sql`and overdue = ${query.overdue}` : sql``}
          ${query.jurisdictionId ? sql`and ${jurisdictionUnder(sql, 'jurisdiction_id', query.jurisdictionId)}` : sql``}
          ${after ? sql`and (coalesce(next_deadline_at, 'infinity'::timestamptz), id) > (${afterDue}::timestamptz, ${afterId})` : sql``}
        order by coalesce(next_deadline_at, 'infinity'::timestamptz), id
        limit ${query.light ? 100_000 : query.limit + 1}`;
      const now = Date.now();
      const tz = c.settings.calendar.timeZone;
      let items = rows.map((r) => ({
        id: r.id,
        name: r.name,
        jurisdictionId: r.jurisdiction_id,
        phase: r.phase,
        // the projection's next_deadline_at is the earliest unmet one (it sorts and lights the row); shown is the next one ahead
        nextDeadline: r.deliverables ? nextDeadlineOf(r.deliverables, now) : null,
        light: r.next_deadline_at
          ? deadlineLight({ dueMs: r.next_deadline_at.getTime(), listed: r.listed }, now, c.settings.policy, tz)
          : r.listed
            ? 'red'
            : 'green',
        overdue: r.overdue,
        listed: r.listed,
        sortKey: JSON.stringify([isFinite(r.sort_due.getTime()) ? r.sort_due.toISOString() : 'infinity', r.id]),
      }));
      if (query.light) items = items.filter((i) => i.light === query.light);
      const page = items.slice(0, query.limit);
      const more = items.length > query.limit;
      return {
        body: {
          items: page.map(({ sortKey: _sortKey, ...rest }) => rest),
          nextCursor: more ? encodeCursor(page[page.length - 1].sortKey) : null,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/agencies/:agencyId',
    tag: 'agencies',
    summary: 'Deliverables with status, due dates and lights, checklist answers, reminders sent and escalations taken',
    access: ['bureau', 'agency'],
    params: AgencyParams,
    query: AgencyReadQuery,
    readCache: (query) => (query.live === 'true' ? null : 'clock'),
    response: { status: 200, description: 'the agency', schema: z.object({}).passthrough().meta({ id: 'AgencyView' }) },
    async handler({ params, query, principal, deps }) {
      const { sql, client } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const row = await visibleAgency(sql, c.id, params.agencyId, principal);
      const live =
        query.live === 'true' ? await queryLive(client, workflowIds.agency(c.id, row.id), agencyStateQuery) : null;
      const state = live ?? (row.state as AgencyState | null);
      if (!state) {
        return {
          body: { id: row.id, name: row.name, jurisdictionId: row.jurisdiction_id, phase: row.phase, started: false },
        };
      }
      const view = viewAgency(state, c.settings, Date.now());
      return {
        body: {
          id: row.id,
          name: row.name,
          jurisdictionId: row.jurisdiction_id,
          started: true,
          readFrom: live ? 'live' : 'projection',
          ...view,
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/agencies/:agencyId/deliverables/:code',
    tag: 'agencies',
    summary: 'Submit a deliverable D1…D8; the body depends on the code',
    access: ['agency'],
    params: DeliverableParams,
    body: z.unknown(),
    response: {
      status: 201,
      description: 'received; late when after the deadline',
      schema: z.object({ code: z.string(), submittedAt: z.string(), late: z.boolean() }),
    },
    errors: [409, 422],
    async handler({ params, body, principal, deps }) {
      assertActsFor(principal, params.agencyId);
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, params.agencyId, principal);
      const parsed = DELIVERABLE_BODIES[params.code].safeParse(body);
      if (!parsed.success)
        throw badRequest(
          `the body of ${params.code} (${DELIVERABLES[params.code].en}) is not valid`,
          parsed.error.issues,
        );
      if (params.code === 'D7')
        await assertSummaryMatchesLedger(
          deps.sql,
          c.id,
          params.agencyId,
          parsed.data as unknown as { statistics: LedgerFigures; statisticsReason?: string },
        );
      await attachBodyFiles(deps.sql, principal, parsed.data, {
        campaignId: c.id,
        agencyId: params.agencyId,
        attachedTo: `deliverable:${params.code}`,
      });
      const receipt = await sendUpdate(
        deps.client,
        workflowIds.agency(c.id, params.agencyId),
        submitDeliverableUpdate,
        [{ code: params.code, body: parsed.data, by: actorOf(principal) }],
      );
      return { status: 201, body: receipt };
    },
  }),

  route({
    method: 'put',
    path: '/v1/campaigns/:id/agencies/:agencyId/checklist/:itemCode',
    tag: 'agencies',
    summary: `Answer a self-inspection checklist item (${CHECKLIST_CODES[0]}…${CHECKLIST_CODES[CHECKLIST_CODES.length - 1]})`,
    access: ['agency'],
    params: ChecklistParams,
    body: ChecklistAnswerSchema,
    response: {
      status: 200,
      description: 'recorded',
      schema: z.object({ itemCode: z.string(), answeredAt: z.string() }),
    },
    errors: [409],
    async handler({ params, body, principal, deps }) {
      assertActsFor(principal, params.agencyId);
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, params.agencyId, principal);
      await attachBodyFiles(deps.sql, principal, body, {
        campaignId: c.id,
        agencyId: params.agencyId,
        attachedTo: `checklist:${params.itemCode}`,
      });
      const result = await sendUpdate(deps.client, workflowIds.agency(c.id, params.agencyId), answerChecklistUpdate, [
        { itemCode: params.itemCode, answer: body, by: actorOf(principal) },
      ]);
      return { body: result };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/agencies/:agencyId/deadlines/:code',
    tag: 'agencies',
    summary: "Move a deliverable's deadline (bureau, with a reason); its reminders and escalations re-arm",
    access: ['bureau'],
    params: DeliverableParams,
    body: MoveDeadlineSchema,
    response: { status: 200, description: 'the deliverable with its new deadline', schema: z.object({}).passthrough() },
    errors: [409, 422],
    async handler({ params, body, principal, deps }) {
      if (principal.role !== 'bureau') throw forbidden();
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, params.agencyId, principal);
      const moved = await sendUpdate(deps.client, workflowIds.agency(c.id, params.agencyId), moveDeadlineUpdate, [
        { code: params.code, dueAt: body.dueAt, reason: body.reason, by: actorOf(principal) },
      ]);
      if (!moved) throw refused('deadline_unchanged', 'the deadline did not move');
      return { body: moved };
    },
  }),
];
