import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from 'postgres';
import { ESCALATION_ACTIONS, Id } from '../../domain/campaign';
import { LOCALES } from '../../domain/notifications/templates';
import { CHANNELS } from '../../domain/notifications/channels';
import { outboundUrlAllowed } from '../../services/outbound';
import { startDeliveryRetry } from '../../services/notifications';
import { notFound, refused } from '../errors';
import type { Principal } from '../principal';
import { route } from '../route';
import { Page, PageQuery, decodeCursorAs, encodeCursor } from '../schemas';
import { written } from '../../services/rowWritten';
import { inboxOf, jurisdictionInScope } from '../../services/scope';

/**
 * Notification delivery as operators and recipients see it (docs/NOTIFICATIONS.md): deliveries and their attempts,
 * an operator's retry of a failed one, the in-app inbox, webhook subscriptions and the bureaus' contacts.
 */

const NumericId = z.string().regex(/^[1-9][0-9]{0,17}$/, 'a numeric id');
const IdCursor = z.number().int().positive();
const STATUSES = ['pending', 'delivered', 'failed'] as const;
const EVENT_FILTERS = ['reminder', 'escalation', ...ESCALATION_ACTIONS] as const;

// ---- deliveries ----

const Delivery = z
  .object({
    id: z.string(),
    notificationId: z.string(),
    dedupeKey: z.string(),
    campaignId: z.string(),
    agencyId: z.string().nullable(),
    subject: z.object({ kind: z.string(), id: z.string() }),
    type: z.string(),
    step: z.string(),
    noticeNumber: z.string().nullable(),
    channel: z.enum(CHANNELS),
    recipient: z.object({ kind: z.string(), id: z.string(), address: z.string().nullable() }),
    locale: z.string(),
    title: z.string(),
    status: z.enum(STATUSES),
    attempts: z.number(),
    run: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deliveredAt: z.string().nullable(),
    failedAt: z.string().nullable(),
  })
  .meta({ id: 'NotificationDelivery' });

const Attempt = z.object({
  number: z.number(),
  run: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  outcome: z.enum(['sending', 'delivered', 'failed']),
  detail: z.string().nullable(),
  error: z.string().nullable(),
});

interface DeliveryRow {
  id: string;
  outbox_id: string;
  /** what names the outbox row's notification workflows (domain/contract.ts) */
  notification_key: string;
  dedupe_key: string;
  campaign_id: string;
  agency_id: string | null;
  payload: { subject: { kind: string; id: string }; type: string; step: string; noticeNumber?: string | null };
  channel: (typeof CHANNELS)[number];
  recipient_kind: string;
  recipient_id: string;
  address: string | null;
  locale: string;
  message: { title: string };
  status: (typeof STATUSES)[number];
  attempts: number;
  run: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
  failed_at: Date | null;
}

const deliveryView = (r: DeliveryRow): z.infer<typeof Delivery> => ({
  id: r.id,
  notificationId: r.outbox_id,
  dedupeKey: r.dedupe_key,
  campaignId: r.campaign_id,
  agencyId: r.agency_id,
  subject: r.payload.subject,
  type: r.payload.type,
  step: r.payload.step,
  noticeNumber: r.payload.noticeNumber ?? null,
  channel: r.channel,
  recipient: { kind: r.recipient_kind, id: r.recipient_id, address: r.address },
  locale: r.locale,
  title: r.message.title,
  status: r.status,
  attempts: r.attempts,
  run: r.run,
  lastError: r.last_error,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  deliveredAt: r.delivered_at?.toISOString() ?? null,
  failedAt: r.failed_at?.toISOString() ?? null,
});

/** A bureau sees the deliveries of its subtree (the subject's jurisdiction lies under its own); an admin all. */
function inDeliveryScope(sql: Sql, p: Principal) {
  return jurisdictionInScope(sql, p, 'd.jurisdiction_id');
}

const DELIVERY_COLUMNS = 'd.*, o.payload, o.notification_key';

async function visibleDelivery(sql: Sql, id: string, p: Principal): Promise<DeliveryRow> {
  const [row] = await sql<DeliveryRow[]>`
    select ${sql.unsafe(DELIVERY_COLUMNS)} from notification_deliveries d join outbox o on o.id = d.outbox_id
    where d.id = ${id} and ${inDeliveryScope(sql, p)}`;
  if (!row) throw notFound('delivery');
  return row;
}

// ---- inbox ----

const InboxMessage = z
  .object({
    id: z.string(),
    notificationId: z.string(),
    campaignId: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    // the step that sent it, so a numbered notice (督办通知 …) can be printed from the inbox: /v1/documents/:eventId.pdf;
    // null for a notice no deadline step caused (a returned deliverable, step `returned`)
    eventId: z.string().nullable(),
    step: z.string(),
    noticeNumber: z.string().nullable(),
    // the agency the message is about, by name, for the inbox's grouping and filter; null for a complaint without one
    agencyId: z.string().nullable(),
    agencyName: z.string().nullable(),
  })
  .meta({ id: 'InboxMessage' });

interface InboxRow {
  id: string;
  notification_id: string;
  campaign_id: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
  event_id: string | null;
  step: string;
  notice_number: string | null;
  agency_id: string | null;
  agency_name: string | null;
}
/** A message with the step of its notification (the outbox row it was delivered from). */
const INBOX_COLUMNS = `m.*, o.event_id, o.payload->>'step' as step, o.payload->>'noticeNumber' as notice_number,
  nullif(o.payload->>'agencyId', '') as agency_id,
  (select a.name from agencies a where a.campaign_id = m.campaign_id and a.id = o.payload->>'agencyId') as agency_name`;
const inboxView = (r: InboxRow): z.infer<typeof InboxMessage> => ({
  id: r.id,
  notificationId: r.notification_id,
  campaignId: r.campaign_id,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
  eventId: r.event_id === null ? null : String(r.event_id),
  step: r.step,
  noticeNumber: r.notice_number,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
});

/** The inbox's filters (campaign, agency, kind: a step type or a step name): the list and "mark all read" alike. */
const InboxFilter = z.strictObject({
  campaignId: Id.optional(),
  agencyId: Id.optional(),
  kind: z.enum([...EVENT_FILTERS, 'return']).optional(),
});
function inboxFiltered(sql: Sql, f: z.infer<typeof InboxFilter>) {
  return sql`${f.campaignId ? sql`and m.campaign_id = ${f.campaignId}` : sql``}
    ${f.agencyId ? sql`and o.payload->>'agencyId' = ${f.agencyId}` : sql``}
    ${f.kind ? sql`and (o.payload->>'type' = ${f.kind} or o.payload->>'step' = ${f.kind})` : sql``}`;
}

// ---- webhooks and contacts ----

const Webhook = z
  .object({
    id: z.string(),
    url: z.string().describe('query values are masked: a URL may carry an access token'),
    jurisdictionId: z.string().nullable(),
    events: z.array(z.string()),
    locale: z.enum(LOCALES),
    description: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookSubscription' });

interface WebhookRow {
  id: string;
  url: string;
  jurisdiction_id: string | null;
  events: string[];
  locale: (typeof LOCALES)[number];
  description: string | null;
  active: boolean;
  created_at: Date;
}

export function maskUrl(raw: string): string {
  const u = new URL(raw);
  if (u.username || u.password) {
    u.username = '***';
    u.password = '';
  }
  for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, '***');
  return u.toString();
}

const webhookView = (r: WebhookRow): z.infer<typeof Webhook> => ({
  id: r.id,
  url: maskUrl(r.url),
  jurisdictionId: r.jurisdiction_id,
  events: r.events,
  locale: r.locale,
  description: r.description,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

const BureauContact = z
  .object({
    jurisdictionId: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    governmentEmail: z.string().nullable(),
    disciplineCommissionEmail: z.string().nullable(),
    locale: z.enum(LOCALES),
    updatedAt: z.string(),
  })
  .meta({ id: 'BureauContact' });

interface ContactRow {
  jurisdiction_id: string;
  name: string | null;
  email: string | null;
  government_email: string | null;
  discipline_email: string | null;
  locale: (typeof LOCALES)[number];
  updated_at: Date;
}
const contactView = (r: ContactRow): z.infer<typeof BureauContact> => ({
  jurisdictionId: r.jurisdiction_id,
  name: r.name,
  email: r.email,
  governmentEmail: r.government_email,
  disciplineCommissionEmail: r.discipline_email,
  locale: r.locale,
  updatedAt: r.updated_at.toISOString(),
});

export const notificationRoutes = [
  route({
    method: 'get',
    path: '/v1/notifications',
    tag: 'notifications',
    summary:
      'Deliveries of reminders and escalations (one per notification, recipient and channel), newest first; filters ' +
      'status (failed: ran out of retries, see POST …/retry), channel, campaignId. A bureau sees its subtree.',
    access: ['admin', 'bureau'],
    query: PageQuery.extend({
      status: z.enum(STATUSES).optional(),
      channel: z.enum(CHANNELS).optional(),
      campaignId: Id.optional(),
    }),
    response: { status: 200, description: 'a page of deliveries', schema: Page(Delivery) },
    async handler({ query, principal, deps }) {
      const { sql } = deps;
      const after = decodeCursorAs(query.cursor, IdCursor);
      const rows = await sql<DeliveryRow[]>`
        select ${sql.unsafe(DELIVERY_COLUMNS)} from notification_deliveries d join outbox o on o.id = d.outbox_id
        where ${inDeliveryScope(sql, principal)}
          ${query.status ? sql`and d.status = ${query.status}` : sql``}
          ${query.channel ? sql`and d.channel = ${query.channel}` : sql``}
          ${query.campaignId ? sql`and d.campaign_id = ${query.campaignId}` : sql``}
          ${after ? sql`and d.id < ${after}` : sql``}
        order by d.id desc limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(deliveryView),
          nextCursor: rows.length > query.limit ? encodeCursor(Number(page[page.length - 1].id)) : null,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/notifications/deliveries/:id',
    tag: 'notifications',
    summary: 'One delivery with every attempt and its outcome',
    access: ['admin', 'bureau'],
    params: z.strictObject({ id: NumericId }),
    response: { status: 200, description: 'the delivery', schema: Delivery.extend({ attemptLog: z.array(Attempt) }) },
    async handler({ params, principal, deps }) {
      const { sql } = deps;
      const d = await visibleDelivery(sql, params.id, principal);
      const attempts = await sql<
        {
          number: number;
          run: number;
          started_at: Date;
          finished_at: Date | null;
          outcome: 'sending' | 'delivered' | 'failed';
          detail: string | null;
          error: string | null;
        }[]
      >`
        select number, run, started_at, finished_at, outcome, detail, error from notification_attempts where delivery_id = ${d.id} order by number`;
      return {
        body: {
          ...deliveryView(d),
          attemptLog: attempts.map((a) => ({
            number: a.number,
            run: a.run,
            startedAt: a.started_at.toISOString(),
            finishedAt: a.finished_at?.toISOString() ?? null,
            outcome: a.outcome,
            detail: a.detail,
            error: a.error,
          })),
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/notifications/deliveries/:id/retry',
    tag: 'notifications',
    summary:
      'Retry a failed delivery: it is pending again and a new run of attempts starts, under the same dedupe key (a ' +
      'receiver that already has it recognises it). Only a failed delivery can be retried (else 409).',
    access: ['admin', 'bureau'],
    params: z.strictObject({ id: NumericId }),
    response: {
      status: 202,
      description: 'the delivery, pending again, and the workflow that delivers it',
      schema: Delivery.extend({ workflowId: z.string() }),
    },
    errors: [409],
    async handler({ params, principal, deps }) {
      const { sql, client, config } = deps;
      const current = await visibleDelivery(sql, params.id, principal);
      if (current.status !== 'failed')
        throw refused('delivery_not_failed', `只有投递失败的通知可以重试；该通知当前状态为 ${current.status}`, [
          { status: current.status },
        ]);
      // The retry's workflow first, under the number of the run it is; its first step sets the delivery back to
      // pending: nothing to take back if the start fails. A copy of this request names the same run and is refused.
      const run = current.run + 1;
      const { workflowId, started } = await startDeliveryRetry(client, config.TEMPORAL_TASK_QUEUE, {
        outboxId: current.outbox_id,
        notificationKey: current.notification_key,
        deliveryId: current.id,
        run,
      });
      if (!started) throw refused('retry_already_started', '该通知的重试已经开始，不能重复重试', [{ workflowId }]);
      await written(
        async () =>
          (await sql<{ run: number }[]>`select run from notification_deliveries where id = ${current.id}`)[0].run >=
          run,
        `the retry of delivery ${current.id} has not taken it yet`,
      );
      const row = await visibleDelivery(sql, params.id, principal);
      return { status: 202, body: { ...deliveryView(row), workflowId } };
    },
  }),

  route({
    method: 'get',
    path: '/v1/inbox',
    tag: 'notifications',
    summary:
      "The in-app inbox, newest first: an agency's own, a bureau's jurisdiction's; filters campaignId, unread. `unread` counts all unread.",
    access: ['agency', 'bureau'],
    query: PageQuery.extend({
      ...InboxFilter.shape,
      unread: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    }),
    response: {
      status: 200,
      description: 'a page of messages',
      schema: Page(InboxMessage).extend({ unread: z.number() }),
    },
    async handler({ query, principal, deps }) {
      const { sql } = deps;
      const after = decodeCursorAs(query.cursor, IdCursor);
      const campaign = inboxFiltered(sql, query);
      const rows = await sql<InboxRow[]>`
        select ${sql.unsafe(INBOX_COLUMNS)} from inbox_messages m join outbox o on o.id = m.notification_id
        where ${inboxOf(sql, principal)} ${campaign}
          ${query.unread === undefined ? sql`` : query.unread ? sql`and read_at is null` : sql`and read_at is not null`}
          ${after ? sql`and m.id < ${after}` : sql``}
        order by m.id desc limit ${query.limit + 1}`;
      const [{ n }] = await sql<
        { n: number }[]
      >`select count(*)::int as n from inbox_messages m join outbox o on o.id = m.notification_id
        where ${inboxOf(sql, principal)} ${campaign} and m.read_at is null`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(inboxView),
          nextCursor: rows.length > query.limit ? encodeCursor(Number(page[page.length - 1].id)) : null,
          unread: n,
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/inbox/read',
    tag: 'notifications',
    summary: 'Mark every unread message of your inbox that the filter keeps read ("mark all read" within a filter)',
    access: ['agency', 'bureau'],
    body: InboxFilter,
    response: { status: 200, description: 'how many were marked', schema: z.object({ marked: z.number() }) },
    async handler({ body, principal, deps }) {
      const { sql } = deps;
      const marked = await sql`
        update inbox_messages m set read_at = now() from outbox o
        where o.id = m.notification_id and ${inboxOf(sql, principal)} and m.read_at is null ${inboxFiltered(sql, body)}`;
      return { body: { marked: marked.count } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/inbox/:id/read',
    tag: 'notifications',
    summary: 'Mark a message of your inbox read (again is harmless: the first time stays)',
    access: ['agency', 'bureau'],
    params: z.strictObject({ id: NumericId }),
    response: { status: 200, description: 'the message', schema: InboxMessage },
    async handler({ params, principal, deps }) {
      const { sql } = deps;
      const [marked] = await sql<{ id: string }[]>`
        update inbox_messages m set read_at = coalesce(read_at, now()) where id = ${params.id} and ${inboxOf(sql, principal)} returning id`;
      if (!marked) throw notFound('message');
      const [row] = await sql<InboxRow[]>`
        select ${sql.unsafe(INBOX_COLUMNS)} from inbox_messages m join outbox o on o.id = m.notification_id where m.id = ${marked.id}`;
      return { body: inboxView(row) };
    },
  }),

  route({
    method: 'post',
    path: '/v1/webhooks',
    tag: 'notifications',
    summary:
      'Subscribe a URL to notifications (every step, or the types/steps in events; every jurisdiction, or one subtree). ' +
      'The signing secret is returned here once and never again; an Idempotency-Key replay answers without it.',
    access: ['admin'],
    body: z.strictObject({
      url: z.url({ protocol: /^https?$/ }).max(2000),
      jurisdictionId: Id.optional(),
      events: z.array(z.enum(EVENT_FILTERS)).max(EVENT_FILTERS.length).optional(),
      locale: z.enum(LOCALES).optional(),
      description: z.string().max(500).optional(),
    }),
    secretFields: ['secret'],
    response: {
      status: 201,
      description: 'the subscription and its secret',
      schema: Webhook.extend({ secret: z.string() }),
    },
    errors: [422],
    async handler({ body, principal, deps }) {
      if (!(await outboundUrlAllowed(body.url)))
        throw refused('outbound_address_forbidden', 'Webhook 地址指向内部网络或本机，不能使用');
      const id = `wh_${randomBytes(8).toString('hex')}`;
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      const [row] = await deps.sql<WebhookRow[]>`
        insert into webhook_subscriptions (id, url, secret, jurisdiction_id, events, locale, description, created_by)
        values (${id}, ${body.url}, ${secret}, ${body.jurisdictionId ?? null}, ${[...new Set(body.events ?? [])]}, ${body.locale ?? 'zh'},
                ${body.description ?? null}, ${principal.keyId})
        returning *`;
      return { status: 201, body: { ...webhookView(row), secret } };
    },
  }),

  route({
    method: 'get',
    path: '/v1/webhooks',
    tag: 'notifications',
    summary: 'Webhook subscriptions, without their secrets (deleted ones with active=false)',
    access: ['admin'],
    query: PageQuery.extend({
      active: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    }),
    response: { status: 200, description: 'a page of subscriptions', schema: Page(Webhook) },
    async handler({ query, deps }) {
      const { sql } = deps;
      const after = query.cursor ? decodeCursorAs(query.cursor, z.string()) : null;
      const rows = await sql<WebhookRow[]>`
        select * from webhook_subscriptions where true
          ${query.active === undefined ? sql`` : sql`and active = ${query.active}`}
          ${after ? sql`and id > ${after}` : sql``}
        order by id limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(webhookView),
          nextCursor: rows.length > query.limit ? encodeCursor(JSON.stringify(page[page.length - 1].id)) : null,
        },
      };
    },
  }),

  route({
    method: 'delete',
    path: '/v1/webhooks/:id',
    tag: 'notifications',
    summary: 'Delete a subscription: nothing more is sent to it; deliveries still pending for it fail',
    access: ['admin'],
    params: z.strictObject({ id: Id }),
    response: { status: 200, description: 'the deleted subscription', schema: Webhook },
    async handler({ params, deps }) {
      const [row] = await deps.sql<WebhookRow[]>`
        update webhook_subscriptions set active = false, deleted_at = now() where id = ${params.id} and active returning *`;
      if (!row) throw notFound('webhook subscription');
      return { body: webhookView(row) };
    },
  }),

  route({
    method: 'put',
    path: '/v1/bureau-contacts/:jurisdictionId',
    tag: 'notifications',
    summary:
      "Set where a jurisdiction's notifications go by email: the bureau's address (supervising / investigating bureau), " +
      'and those of its government (listed supervision) and discipline commission (referrals). The nearest jurisdiction ' +
      'up the tree with an address receives them.',
    access: ['admin'],
    params: z.strictObject({ jurisdictionId: Id }),
    body: z.strictObject({
      name: z.string().max(200).optional(),
      email: z.email().max(200).optional(),
      governmentEmail: z.email().max(200).optional(),
      disciplineCommissionEmail: z.email().max(200).optional(),
      locale: z.enum(LOCALES).optional(),
    }),
    response: { status: 200, description: 'the contact as stored', schema: BureauContact },
    async handler({ params, body, principal, deps }) {
      const [row] = await deps.sql<ContactRow[]>`
        insert into bureau_contacts (jurisdiction_id, name, email, government_email, discipline_email, locale, updated_by)
        values (${params.jurisdictionId}, ${body.name ?? null}, ${body.email ?? null}, ${body.governmentEmail ?? null},
                ${body.disciplineCommissionEmail ?? null}, ${body.locale ?? 'zh'}, ${principal.keyId})
        on conflict (jurisdiction_id) do update set name = excluded.name, email = excluded.email,
          government_email = excluded.government_email, discipline_email = excluded.discipline_email, locale = excluded.locale,
          updated_by = excluded.updated_by, updated_at = now()
        returning *`;
      return { body: contactView(row) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/bureau-contacts',
    tag: 'notifications',
    summary: "The bureaus' notification contacts",
    access: ['admin'],
    query: PageQuery,
    response: { status: 200, description: 'a page of contacts', schema: Page(BureauContact) },
    async handler({ query, deps }) {
      const { sql } = deps;
      const after = query.cursor ? decodeCursorAs(query.cursor, z.string()) : null;
      const rows = await sql<ContactRow[]>`
        select * from bureau_contacts ${after ? sql`where jurisdiction_id > ${after}` : sql``} order by jurisdiction_id limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(contactView),
          nextCursor:
            rows.length > query.limit ? encodeCursor(JSON.stringify(page[page.length - 1].jurisdiction_id)) : null,
        },
      };
    },
  }),
];
