import { z } from 'zod';
import { Id } from '../../domain/campaign';
import { itemActionUpdate, itemStateQuery, workflowIds, type LedgerItemState } from '../../domain/contract';
import { withPlannedSteps } from '../../domain/policy/ladder';
import { openLedgerItem } from '../../services/ledgerItems';
import { dueTooFar } from '../../domain/policy/dueDateBounds';
import {
  ACTION_ROLES,
  CLASSIFICATIONS,
  ITEM_STATUSES,
  ItemActionSchema,
  NewLedgerItemSchema,
  type ItemAction,
} from '../../domain/ledger';
import { notFound, refused } from '../errors';
import { sendUpdate } from '../updates';
import { creationId, IDEMPOTENCY_HEADER } from '../idempotency';
import { actorOf, type Principal } from '../principal';
import { route, type ApiDeps } from '../route';
import { AgencyParams, CampaignParams, Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import { visibleAgency, visibleCampaign, type CampaignRow } from '../scope';
import { agencyInScope } from '../../services/scope';
import { queryLive } from '../liveState';
import { attachBodyFiles, filesByIds } from '../fileAccess';
import { fileIdsIn } from '../../domain/deliverables';

const ItemSummary = z
  .object({
    id: z.string(),
    agencyId: z.string(),
    checklistCode: z.string(),
    source: z.string(),
    description: z.string(),
    severity: z.string(),
    classification: z.string(),
    responsiblePerson: z.string().nullable(),
    // 整改措施 and 发现日期 as the item was recorded: what the form takes, the item's page shows
    measures: z.string().nullable(),
    foundOn: z.string(),
    dueAt: z.string(),
    status: z.string(),
    closure: z.unknown(),
    listed: z.boolean(),
    overdue: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'LedgerItemSummary' });

interface ItemRow {
  id: string;
  campaign_id: string;
  agency_id: string;
  checklist_code: string;
  source: string;
  description: string;
  severity: string;
  classification: string;
  responsible_person: string | null;
  measures: string | null;
  found_on: Date | string;
  due_at: Date;
  status: string;
  closure: unknown;
  listed: boolean;
  overdue: boolean;
  created_at: Date;
  state: LedgerItemState | null;
}

const summaryOf = (r: ItemRow) => ({
  id: r.id,
  agencyId: r.agency_id,
  checklistCode: r.checklist_code,
  source: r.source,
  description: r.description,
  severity: r.severity,
  classification: r.classification,
  responsiblePerson: r.responsible_person,
  measures: r.measures,
  foundOn: r.found_on instanceof Date ? r.found_on.toISOString().slice(0, 10) : String(r.found_on),
  dueAt: r.due_at.toISOString(),
  status: r.status,
  closure: r.closure,
  listed: r.listed,
  overdue: r.overdue,
  createdAt: r.created_at.toISOString(),
});

async function projectedItem(deps: ApiDeps, itemId: string): Promise<LedgerItemState> {
  const [row] = await deps.sql<{ state: LedgerItemState }[]>`select state from ledger_items where id = ${itemId}`;
  return row.state;
}

/** The item if the caller may see it: the owning agency, or a bureau above it. */
async function visibleItem(
  deps: ApiDeps,
  itemId: string,
  p: Principal,
): Promise<{ item: ItemRow; campaign: CampaignRow }> {
  const { sql } = deps;
  const [item] = await sql<ItemRow[]>`select * from ledger_items where id = ${itemId}`;
  if (!item || (p.role !== 'bureau' && p.role !== 'agency')) throw notFound('item');
  const campaign = await visibleCampaign(deps, item.campaign_id, p).catch(() => null);
  if (!campaign) throw notFound('item');
  await visibleAgency(sql, item.campaign_id, item.agency_id, p).catch(() => {
    throw notFound('item');
  });
  return { item, campaign };
}

export { openLedgerItem, type NewItemContext } from '../../services/ledgerItems';

export const itemRoutes = [
  route({
    method: 'post',
    path: '/v1/campaigns/:id/agencies/:agencyId/items',
    tag: 'ledger',
    summary:
      "Add a problem to the agency's ledger (问题清单); immediate and disciplinary items get their due date from the policy",
    access: ['agency', 'bureau'],
    params: AgencyParams,
    body: NewLedgerItemSchema,
    response: { status: 201, description: 'the item is open', schema: z.object({ id: z.string(), dueAt: z.string() }) },
    errors: [422],
    async handler({ params, body, principal, deps, req }) {
      const campaign = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, campaign.id, params.agencyId, principal);
      if (campaign.phase === 'closed') throw refused('campaign_closed_for_items', 'the campaign has closed');
      if (['complaint', 'spot_check'].includes(body.source))
        throw refused('item_source_by_process', `items from a ${body.source} are opened by that process, not by hand`);
      const itemId = creationId('i', principal.keyId, req.get(IDEMPOTENCY_HEADER));
      const id = await openLedgerItem(deps, { campaign, agencyId: params.agencyId, by: principal, itemId }, body);
      const [row] = await deps.sql<{ due_at: Date }[]>`select due_at from ledger_items where id = ${id}`;
      return { status: 201, body: { id, dueAt: row.due_at.toISOString() } };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/items',
    tag: 'ledger',
    summary: "Ledger items: all in the bureau's jurisdiction, or the agency's own",
    access: ['bureau', 'agency'],
    params: CampaignParams,
    readCache: 'data',
    query: PageQuery.extend({
      status: z.enum(ITEM_STATUSES).optional(),
      overdue: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
      agencyId: Id.optional(),
      classification: z.enum(CLASSIFICATIONS).optional(),
      listed: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    }),
    response: { status: 200, description: 'a page of items', schema: Page(ItemSummary) },
    async handler({ params, query, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const after = decodeCursor(query.cursor);
      const agencyFilter = principal.role === 'agency' ? principal.agencyId : query.agencyId;
      const rows = await sql<ItemRow[]>`
        select * from ledger_items
        where campaign_id = ${c.id}
          and agency_id in (select id from agencies where campaign_id = ${c.id} and ${agencyInScope(sql, principal)})
          ${agencyFilter ? sql`and agency_id = ${agencyFilter}` : sql``}
          ${query.status ? sql`and status = ${query.status}` : sql``}
          ${query.overdue !== undefined ? sql`and overdue = ${query.overdue}` : sql``}
          ${query.listed !== undefined ? sql`and listed = ${query.listed}` : sql``}
          ${query.classification ? sql`and classification = ${query.classification}` : sql``}
          ${after ? sql`and id > ${after}` : sql``}
        order by id limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(summaryOf),
          nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/items/:itemId',
    tag: 'ledger',
    summary: 'The item with its full history, deadline ladder, extensions, referral and the files its evidence names',
    access: ['bureau', 'agency'],
    params: z.strictObject({ itemId: Id }),
    response: { status: 200, description: 'the item', schema: z.object({}).passthrough().meta({ id: 'LedgerItem' }) },
    async handler({ params, principal, deps }) {
      const { item, campaign } = await visibleItem(deps, params.itemId, principal);
      const live =
        item.status === 'closed' ? null : await queryLive(deps.client, workflowIds.item(item.id), itemStateQuery);
      const state = live ?? item.state;
      const [referral] = await deps.sql<{ id: string; referred_at: Date; acknowledged_at: Date | null }[]>`
        select id, referred_at, acknowledged_at from referrals where subject_kind = 'item' and subject_id = ${item.id}`;
      const [agency] = await deps.sql<
        { name: string }[]
      >`select name from agencies where campaign_id = ${item.campaign_id} and id = ${item.agency_id}`;
      return {
        body: {
          ...summaryOf(item),
          agencyName: agency?.name ?? null,
          ...(state
            ? {
                history: state.history,
                deadline: withPlannedSteps(state.deadline, campaign.settings),
                extensions: state.extensions,
                status: state.status,
                closure: state.closure,
              }
            : {}),
          files: await filesByIds(deps.sql, fileIdsIn(state?.history)),
          referral: referral
            ? {
                id: referral.id,
                referredAt: referral.referred_at.toISOString(),
                acknowledgedAt: referral.acknowledged_at?.toISOString() ?? null,
              }
            : null,
          readFrom: live ? 'live' : 'projection', // the workflow itself, or its projection once it has finished
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/items/:itemId/actions',
    tag: 'ledger',
    summary:
      'Act on an item: start, submit, verify (销号), reject, close, request_extension, decide_extension, list_supervision, refer',
    access: ['bureau', 'agency'],
    params: z.strictObject({ itemId: Id }),
    body: ItemActionSchema,
    response: { status: 200, description: 'the item after the action', schema: z.object({}).passthrough() },
    errors: [409, 422],
    async handler({ params, body, principal, deps }) {
      return actOnItem(deps, principal, params.itemId, body);
    },
  }),
];

/** One action on one item within the caller's scope and role: the route above and the desk's bulk 销号. */
export async function actOnItem(deps: ApiDeps, principal: Principal, itemId: string, body: ItemAction) {
  const { item, campaign } = await visibleItem(deps, itemId, principal);
  const tooFar = body.action === 'request_extension' ? dueTooFar(body.proposedDueAt, campaign.settings.calendar) : null;
  if (tooFar) throw refused('item_due_too_far', tooFar, [{ path: ['proposedDueAt'], message: tooFar, in: 'body' }]);
  if (!ACTION_ROLES[body.action].includes(principal.role as 'agency' | 'bureau')) {
    throw refused('item_action_forbidden', `the ${principal.role} role may not ${body.action} an item`);
  }
  // An item's workflow ends when the item closes.
  const closed = () => refused('item_closed', '该问题已关闭', [{ status: 'closed', closure: item.closure }]);
  if (item.status === 'closed') throw closed();
  // Photos and scans of the rectification (submit, verify) become the item's: its readers see them from now on.
  await attachBodyFiles(deps.sql, principal, body, {
    campaignId: item.campaign_id,
    agencyId: item.agency_id,
    attachedTo: `item:${item.id}`,
  });
  await sendUpdate(
    deps.client,
    workflowIds.item(item.id),
    itemActionUpdate,
    [{ action: body, by: actorOf(principal) }],
    closed,
  );
  // The update answers with a receipt; the item is read afterwards: live, or once its workflow has ended (the
  // action closed it) from the projection its workflow wrote before ending.
  const state =
    (await queryLive(deps.client, workflowIds.item(item.id), itemStateQuery)) ?? (await projectedItem(deps, item.id));
  return {
    body: {
      id: item.id,
      status: state.status,
      deadline: state.deadline,
      closure: state.closure,
      extensions: state.extensions,
      history: state.history,
    },
  };
}
