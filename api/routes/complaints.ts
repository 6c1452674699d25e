import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from 'postgres';
import { settingsOf, Id, type CampaignSettings } from '../../domain/campaign';
import { dueTooFar } from '../../domain/policy/dueDateBounds';
import {
  ComplaintActionSchema,
  COMPLAINT_OUTCOMES,
  COMPLAINT_STATUSES,
  NewComplaintSchema,
  type ComplaintAction,
} from '../../domain/complaints';
import {
  complaintActionUpdate,
  complaintStateQuery,
  workflowIds,
  type ComplaintState,
  type ComplaintWorkflowInput,
} from '../../domain/contract';
import { NewLedgerItemSchema } from '../../domain/ledger';
import { shiftInstant } from '../../domain/policy/durations';
import { dayCalendar } from '../../domain/policy/schedule';
import { withPlannedSteps } from '../../domain/policy/ladder';
import { makeTrackingCode, readTrackingCode } from '../../domain/trackingCode';
import { badRequest, notFound, refused } from '../errors';
import { sendUpdate } from '../updates';
import { actorOf, type Principal } from '../principal';
import { route, type ApiDeps } from '../route';
import { Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import { queryLive } from '../liveState';
import { visibleAgency } from '../scope';
import { complaintDestination, complaintInvestigated } from '../../services/scope';
import { openComplaint } from '../../services/workflowStarts';
import { creationId, IDEMPOTENCY_HEADER, publicCaller } from '../idempotency';
import { attachable, attachBodyFiles, attachFiles, filesByIds, PUBLIC_UPLOADER } from '../fileAccess';
import { fileIdsIn } from '../../domain/deliverables';

/** What the public may read of a complaint: status, dates and outcome — never names, notes or other complaints. */
const Tracking = z
  .object({
    trackingCode: z.string(),
    status: z.enum(COMPLAINT_STATUSES),
    receivedAt: z.string(),
    dueAt: z.string(),
    concludedAt: z.string().nullable(),
    outcome: z.enum(COMPLAINT_OUTCOMES).nullable(),
    /** the bureau's reply (答复): the summary it concluded the complaint with; null until concluded */
    reply: z.string().nullable(),
    /** the investigation is past its due date and not concluded (已超期) */
    overdue: z.boolean(),
  })
  .meta({ id: 'ComplaintTracking' });

interface ComplaintRow {
  id: string;
  tracking_code: string;
  channel: string;
  kind: string;
  description: string;
  campaign_id: string;
  agency_id: string | null;
  agency_name: string | null;
  jurisdiction_id: string | null;
  received_at: Date;
  due_at: Date;
  status: (typeof COMPLAINT_STATUSES)[number];
  outcome: 'substantiated' | 'unsubstantiated' | 'not_accepted' | null;
  concluded_at: Date | null;
  suggestion_target: string | null;
  item_id: string | null;
  overdue: boolean;
  state: ComplaintState | null;
}

/** A complaint is attached to an agency of its own campaign that the investigating bureau oversees. */
async function assertAttachable(sql: Sql, row: ComplaintRow, agencyId: string, p: Principal): Promise<void> {
  const found = await visibleAgency(sql, row.campaign_id, agencyId, p).catch(() => null);
  if (!found)
    throw refused('agency_not_in_campaign', `机关“${agencyId}”不在本举报所属的专项整治中，或不在本单位辖区内`, [
      agencyId,
    ]);
}

async function investigated(sql: Sql, id: string, p: Principal): Promise<ComplaintRow> {
  const [row] = await sql<
    ComplaintRow[]
  >`select c.* from complaints c where c.id = ${id} and ${complaintInvestigated(sql, p)}`;
  if (!row) throw notFound('complaint');
  return row;
}

const trackingOf = (r: ComplaintRow) => ({
  trackingCode: r.tracking_code,
  status: r.status,
  receivedAt: r.received_at.toISOString(),
  dueAt: r.due_at.toISOString(),
  concludedAt: r.concluded_at?.toISOString() ?? null,
  outcome: r.outcome,
  reply: r.state?.conclusion?.summary ?? null,
  overdue: r.status !== 'concluded' && r.due_at.getTime() <= Date.now(),
});

const summaryOf = (r: ComplaintRow) => ({
  id: r.id,
  trackingCode: r.tracking_code,
  channel: r.channel,
  kind: r.kind,
  description: r.description,
  campaignId: r.campaign_id,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  jurisdictionId: r.jurisdiction_id,
  status: r.status,
  outcome: r.outcome,
  receivedAt: r.received_at.toISOString(),
  dueAt: r.due_at.toISOString(),
  concludedAt: r.concluded_at?.toISOString() ?? null,
  overdue: r.overdue,
  itemId: r.item_id,
});

const PUBLIC_LIMIT = { windowMs: 60_000, limit: 20 };

export const complaintRoutes = [
  route({
    method: 'post',
    path: '/v1/complaints',
    tag: 'complaints',
    summary:
      'File a complaint (举报), anonymously if wished; staff enter phone, email, letter and WeChat complaints with a bureau key',
    access: 'public',
    body: NewComplaintSchema,
    bodyLimit: '16kb',
    rateLimit: PUBLIC_LIMIT,
    response: {
      status: 201,
      description: 'received; keep the tracking code',
      schema: z.object({ trackingCode: z.string(), dueAt: z.string() }),
    },
    errors: [403, 413, 422, 429],
    staffMayCall: true,
    async handler({ body, principal, deps, req }) {
      const { sql, client, config } = deps;
      const staff: Principal | null = principal;
      if (body.channel !== 'web' && staff?.role !== 'bureau')
        throw refused(
          'staff_channel_bureau_only',
          `complaints received by ${body.channel} are entered by bureau staff`,
        );
      const routed = await complaintDestination(sql, body.agencyId);
      if (!routed) throw refused('no_campaign_receiving', 'no campaign is under way to receive complaints');
      const settings = settingsOf(routed.settings as CampaignSettings);
      const receivedAt = new Date();
      const dueAt = new Date(
        shiftInstant(
          receivedAt.getTime(),
          settings.policy.complaintInvestigation,
          1,
          dayCalendar(settings.policy, settings.calendar.timeZone),
        ),
      );
      // The workflow first, and it writes the complaint's row in its first task: nothing to take back if anything fails.
      // Under an Idempotency-Key the id follows from it, so a retry after a lost answer finds the one complaint.
      const id = creationId('cp', staff?.keyId ?? publicCaller(req.ip), req.get(IDEMPOTENCY_HEADER));
      // The complainant's own photos (their uploads, images only): a wrong one refuses the complaint before it starts.
      const uploader = staff?.keyId ?? PUBLIC_UPLOADER;
      const photoTarget = {
        campaignId: routed.campaignId,
        agencyId: null,
        complaintId: id,
        attachedTo: `complaint:${id}`,
      };
      await attachable(sql, uploader, body.photos ?? [], photoTarget, { purpose: 'complaint' });
      const input: ComplaintWorkflowInput = {
        complaintId: id,
        campaignId: routed.campaignId,
        agencyId: routed.agencyId,
        description: body.description,
        settings,
        receivedAt: receivedAt.toISOString(),
        dueAt: dueAt.toISOString(),
        row: {
          trackingCode: makeTrackingCode(randomBytes(15)),
          channel: body.channel,
          kind: body.kind,
          agencyName: routed.agencyName ?? body.agencyName ?? null,
          jurisdictionId: routed.jurisdictionId,
          enteredBy: staff?.keyId ?? null,
        },
      };
      await openComplaint(client, input, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        rowExists: async () => (await sql`select 1 from complaints where id = ${id}`).length > 0,
      });
      // Contact details are kept apart from the text (only the investigating bureau reads them), and out of the
      // workflow's history; a retry of a request that died before this point writes them then.
      if (body.contact && Object.values(body.contact).some(Boolean)) {
        await sql`insert into complaint_contacts (complaint_id, name, phone, email, address)
                 values (${id}, ${body.contact.name ?? null}, ${body.contact.phone ?? null}, ${body.contact.email ?? null}, ${body.contact.address ?? null})
                 on conflict do nothing`;
      }
      await attachFiles(sql, uploader, body.photos ?? [], photoTarget, { purpose: 'complaint' });
      // a retry finds the first request's workflow: its tracking code and due date are the ones on record
      const [row] = await sql<
        { tracking_code: string; due_at: Date }[]
      >`select tracking_code, due_at from complaints where id = ${id}`;
      return { status: 201, body: { trackingCode: row.tracking_code, dueAt: row.due_at.toISOString() } };
    },
  }),

  route({
    method: 'get',
    path: '/v1/complaints/track/:trackingCode',
    tag: 'complaints',
    summary:
      "Status, dates, outcome and the bureau's reply (its conclusion summary) of a complaint by its tracking code; a mistyped code is told apart from an unknown one",
    access: 'public',
    params: z.strictObject({ trackingCode: z.string().max(40) }),
    rateLimit: { windowMs: 60_000, limit: 60 },
    response: { status: 200, description: 'the complaint as the public may see it', schema: Tracking },
    errors: [404, 429],
    async handler({ params, deps }) {
      const read = readTrackingCode(params.trackingCode);
      if (!read.ok) {
        throw read.reason === 'check_failed'
          ? refused(
              'tracking_code_mistyped',
              'this tracking code has a typing error: its check character does not match',
            )
          : refused('tracking_code_invalid', 'this is not a tracking code');
      }
      const [row] = await deps.sql<ComplaintRow[]>`select * from complaints where tracking_code = ${read.code}`;
      if (!row) throw notFound('complaint');
      return { body: trackingOf(row) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/complaints',
    tag: 'complaints',
    summary: 'The investigation queue of the bureau: complaints routed into its jurisdiction',
    access: ['bureau'],
    query: PageQuery.extend({
      status: z.enum(COMPLAINT_STATUSES).optional(),
      overdue: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
      campaignId: Id.optional(),
    }),
    response: { status: 200, description: 'a page of complaints', schema: Page(z.object({}).passthrough()) },
    async handler({ query, principal, deps }) {
      const { sql } = deps;
      const after = decodeCursor(query.cursor);
      const rows = await sql<ComplaintRow[]>`
        select c.* from complaints c where ${complaintInvestigated(sql, principal)}
          ${query.status ? sql`and c.status = ${query.status}` : sql``}
          ${query.overdue !== undefined ? sql`and c.overdue = ${query.overdue}` : sql``}
          ${query.campaignId ? sql`and c.campaign_id = ${query.campaignId}` : sql``}
          ${after ? sql`and c.id > ${after}` : sql``}
        order by c.id limit ${query.limit + 1}`;
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
    path: '/v1/complaints/:id',
    tag: 'complaints',
    summary: "One complaint with its investigation and the complainant's contact details (investigating bureau only)",
    access: ['bureau'],
    params: z.strictObject({ id: Id }),
    response: { status: 200, description: 'the complaint', schema: z.object({}).passthrough() },
    async handler({ params, principal, deps }) {
      const row = await investigated(deps.sql, params.id, principal);
      const [contact] =
        await deps.sql`select name, phone, email, address from complaint_contacts where complaint_id = ${row.id}`;
      const live =
        row.status === 'concluded'
          ? null
          : await queryLive(deps.client, workflowIds.complaint(row.id), complaintStateQuery);
      const state = live ?? row.state;
      const [{ settings }] = await deps.sql<
        { settings: CampaignSettings }[]
      >`select settings from campaigns where id = ${row.campaign_id}`;
      const deadline = state ? withPlannedSteps(state.deadline, settings) : null;
      const photos = await deps.sql<
        { id: string }[]
      >`select id from files where complaint_id = ${row.id} and attached_to = ${`complaint:${row.id}`} order by uploaded_at, id`;
      const investigation = state
        ? {
            investigator: state.investigator,
            findings: state.findings,
            conclusion: state.conclusion,
            deadline,
            history: state.history,
            files: await filesByIds(deps.sql, fileIdsIn([state.findings, state.conclusion])),
          }
        : null;
      return {
        body: {
          ...summaryOf(row),
          contact: contact ?? null,
          photos: await filesByIds(
            deps.sql,
            photos.map((f) => f.id),
          ),
          investigation,
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/complaints/:id/actions',
    tag: 'complaints',
    summary:
      'Investigate: assign an investigator, add a finding, conclude (substantiated with a handling suggestion and a ledger item, or unsubstantiated)',
    access: ['bureau'],
    params: z.strictObject({ id: Id }),
    body: ComplaintActionSchema,
    response: { status: 200, description: 'the complaint after the action', schema: z.object({}).passthrough() },
    errors: [409, 422],
    async handler({ params, body, principal, deps }) {
      return actOnComplaint(deps, principal, params.id, body);
    },
  }),
];

/** One investigation step on one complaint the caller investigates: the route above and the desk's bulk 不予受理. */
export async function actOnComplaint(deps: ApiDeps, principal: Principal, id: string, body: ComplaintAction) {
  const row = await investigated(deps.sql, id, principal);
  // A complaint's workflow ends when it is concluded.
  const concluded = () => refused('complaint_concluded', '该举报已办结', [{ outcome: row.outcome }]);
  if (row.status === 'concluded') throw concluded();
  if (body.action === 'conclude' && body.item) {
    // The ledger item is checked here, before anything is referred, so a bad item refuses the whole conclusion.
    const item = NewLedgerItemSchema.safeParse({ ...body.item, source: 'complaint', description: row.description });
    if (!item.success) throw badRequest('the ledger item is not valid', item.error.issues);
    if (item.data.dueAt && Date.parse(item.data.dueAt) <= Date.now())
      throw refused('item_due_in_past', "the item's due date must lie in the future");
    if (item.data.dueAt) {
      const [{ settings }] = await deps.sql<
        { settings: CampaignSettings }[]
      >`select settings from campaigns where id = ${row.campaign_id}`;
      const tooFar = dueTooFar(item.data.dueAt, settings.calendar);
      if (tooFar) throw refused('item_due_too_far', tooFar, [{ path: ['item', 'dueAt'], message: tooFar }]);
    }
  }
  if (body.action === 'attach_agency') await assertAttachable(deps.sql, row, body.agencyId, principal);
  // The evidence of a finding or a conclusion becomes the complaint's: its investigators see it from now on.
  await attachBodyFiles(deps.sql, principal, body, {
    campaignId: row.campaign_id,
    agencyId: null,
    complaintId: row.id,
    attachedTo: `investigation:${row.id}`,
  });
  await sendUpdate(
    deps.client,
    workflowIds.complaint(row.id),
    complaintActionUpdate,
    [{ action: body, by: actorOf(principal) }],
    concluded,
  );
  // The update answers with a receipt; the complaint is read afterwards: live, or once its workflow has ended (the
  // conclusion ended it) from the projection its workflow wrote before ending.
  const state =
    (await queryLive(deps.client, workflowIds.complaint(row.id), complaintStateQuery)) ??
    (await deps.sql<{ state: ComplaintState }[]>`select state from complaints where id = ${row.id}`)[0].state;
  return {
    body: {
      id: row.id,
      status: state.status,
      investigator: state.investigator,
      findings: state.findings,
      conclusion: state.conclusion,
    },
  };
}
