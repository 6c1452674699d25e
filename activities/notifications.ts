import { randomUUID } from 'node:crypto';
import { activityInfo, log, sleep } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Sql, TransactionSql } from 'postgres';
import { loadNotifyConfig, type NotifyConfig } from '../config/env';
import type { CampaignSettings, Contact } from '../domain/campaign';
import {
  planRecipients,
  dedupeKey,
  type BureauContact,
  type PlannedRecipient,
  type WebhookTarget,
} from '../domain/notifications/recipients';
import {
  dashboardLink,
  describeSubject,
  formatDeadline,
  renderMessage,
  type Locale,
  type NotificationFacts,
  type RenderedMessage,
} from '../domain/notifications/templates';
import {
  DELIVERY_FAILURE,
  PERMANENT_DELIVERY_FAILURE,
  type DeliveryResult,
  type DeliveryRetryPolicy,
  type NotificationPlan,
  type NotificationWorkflowInput,
} from '../domain/notifications/workflow';
import type { ActivityDeps } from './deps';
import type { DeadlineStepRecord } from './types';
import type { LadderSubject } from '../domain/stepKinds';
import { RETURN_NOTICE, type ReturnNoticeRecord } from '../domain/notifications/returns';
import { RECEIPT_CHASE, type ReceiptChaseRecord } from '../domain/notifications/chases';
import { channelModules } from './channels';
import { SendError, type Sent } from './channels/sendError';
import type { Outgoing } from './channels/types';
import { CHANNEL_TABLE, type Channel } from '../domain/notifications/channels';
import { planRobotRecipients, type RobotFacts, type UnitRobots } from '../domain/notifications/robots';
import { dayCalendar, deliveryOf } from '../domain/policy/schedule';
import { gatherInstant, isAlwaysOpen, pushInstant } from '../domain/policy/deliveryWindow';
import { jurisdictionPath } from '../services/scope';
import { bureauDesks } from '../services/bureauDesks';

/**
 * How long one attempt may hold a delivery: longer than any send can take (SEND_LIMIT_MS), shorter than the delivery
 * activity's start-to-close timeout (30 s, workflows/notification.ts), so the retry of a crashed attempt finds it free.
 */
const LEASE_SECONDS = 25;

interface OutboxRow {
  id: string;
  campaign_id: string;
  audience: string[];
  /** a deadline's step, or a deliverable's return (domain/notifications/returns.ts) */
  payload:
    | (DeadlineStepRecord & { noticeNumber: string | null; ladderSubject?: LadderSubject; reason?: undefined })
    | (ReturnNoticeRecord & { noticeNumber?: undefined; ladderSubject?: undefined })
    | (ReceiptChaseRecord & { ladderSubject?: undefined; reason?: undefined });
  occurred_at: Date;
}

interface DeliveryRow {
  id: string;
  outbox_id: string;
  campaign_id: string;
  recipient_kind: 'agency' | 'bureau' | 'government' | 'discipline_commission' | 'webhook';
  recipient_id: string;
  channel: Channel;
  address: string | null;
  subscription_id: string | null;
  dedupe_key: string;
  message: RenderedMessage;
  body: unknown;
  /** when its push may go: its digest takes the group's deliveries due by then (null: at once, alone) */
  push_at: Date | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  run: number;
}

/**
 * An operator's retry takes its deliveries: those still failed in the run before it are pending again, in this run,
 * and so is their outbox row until this run closes it. A rerun of the step finds them taken and changes nothing.
 */
async function takeRetry(sql: Sql, outboxId: string, deliveryIds: string[], run: number): Promise<void> {
  await sql.begin(async (tx) => {
    const taken = await tx`
      update notification_deliveries set status = 'pending', run = ${run}, failed_at = null, updated_at = now()
      where outbox_id = ${outboxId} and id in ${tx(deliveryIds)} and status = 'failed' and run = ${run - 1}
      returning id`;
    if (taken.length) await tx`update outbox set status = 'pending' where id = ${outboxId}`;
  });
}

export function retryPolicyOf(cfg: Pick<NotifyConfig, 'NOTIFY_MAX_ATTEMPTS'>): DeliveryRetryPolicy {
  return {
    maximumAttempts: cfg.NOTIFY_MAX_ATTEMPTS,
    initialIntervalMs: 1000,
    backoffCoefficient: 2,
    maximumIntervalMs: 60_000,
  };
}

/**
 * Delivery of the outbox (docs/NOTIFICATIONS.md). The notification workflow plans the deliveries of one outbox row,
 * runs `deliverNotification` for each under its own retry policy, marks those that ran out of attempts failed and
 * closes the row. Every attempt is a row of notification_attempts; a delivery recorded delivered is never sent again.
 */
export function notificationActivities({ sql, metrics }: ActivityDeps, cfg: NotifyConfig = loadNotifyConfig()) {
  const modules = channelModules(sql, cfg);
  const retry = retryPolicyOf(cfg);

  return {
    /** Resolves recipients once per notification and returns the deliveries still pending. Safe to retry. */
    async planNotification(input: NotificationWorkflowInput): Promise<NotificationPlan> {
      const { outboxId } = input;
      const now = input.nowMs ?? Date.now();
      const [ob] = await sql<OutboxRow[]>`
        select o.id, o.campaign_id, o.audience, o.payload, coalesce(e.occurred_at, o.created_at) as occurred_at
        from outbox o left join deadline_events e on e.id = o.event_id where o.id = ${outboxId}`;
      if (!ob) return { outboxId, deliveryIds: [], retry }; // its campaign was deleted
      if (input.deliveryIds) {
        if (input.retryRun !== undefined) await takeRetry(sql, outboxId, input.deliveryIds, input.retryRun);
        const rows = await sql<{ id: string }[]>`
          select id from notification_deliveries
          where outbox_id = ${outboxId} and id in ${sql(input.deliveryIds)} and status = 'pending' order by id`;
        return { outboxId, deliveryIds: rows.map((r) => r.id), retry };
      }
      await sql.begin(async (tx) => {
        // Recipients are resolved once, in one transaction: a retry finds them and resolves nothing again.
        await tx`select id from outbox where id = ${outboxId} for update`;
        const [{ n }] = await tx<
          { n: number }[]
        >`select count(*)::int as n from notification_deliveries where outbox_id = ${outboxId}`;
        if (n === 0) await insertDeliveries(tx, ob, cfg, modules, now);
      });
      const rows = await sql<{ id: string; push_at: Date | null }[]>`
        select id, push_at from notification_deliveries where outbox_id = ${outboxId} and status = 'pending' order by id`;
      // Pushes wait for the delivery window (all of one notification share its push instant); the inbox goes now.
      const later = rows.filter((r) => r.push_at && r.push_at.getTime() > now);
      const windowed = later.length
        ? { atMs: Math.max(...later.map((r) => r.push_at!.getTime())), deliveryIds: later.map((r) => r.id) }
        : undefined;
      return {
        outboxId,
        deliveryIds: rows.filter((r) => !later.includes(r)).map((r) => r.id),
        retry,
        ...(windowed ? { windowed } : {}),
      };
    },

    /**
     * One attempt at one delivery. Already delivered → nothing is sent. Otherwise the attempt takes the delivery's
     * lease (so two attempts never send at once), records itself, sends with the dedupe key and records the outcome.
     */
    async deliverNotification({ deliveryId }: { deliveryId: string }): Promise<DeliveryResult> {
      const token = randomUUID();
      const claimed = await claim(sql, deliveryId, token);
      if (claimed === 'gone' || claimed === 'already_delivered') return { deliveryId, outcome: claimed };
      const { d, digest } = claimed;
      const counted = (outcome: string) => metrics.notifications.inc({ channel: d.channel, outcome });
      const [attempt] = await sql<{ id: string }[]>`
        insert into notification_attempts (delivery_id, number, run, temporal_attempt)
        values (${d.id}, ${d.attempts}, ${d.run}, ${activityInfo().attempt}) returning id`;
      let sent: Sent | null = null;
      try {
        sent = await modules[d.channel].send(outgoing(d, digest, cfg));
      } catch (err) {
        const e =
          err instanceof SendError ? err : new SendError('retry', err instanceof Error ? err.message : String(err));
        log.warn('notification delivery attempt failed', {
          deliveryId: d.id,
          channel: d.channel,
          kind: e.kind,
          detail: e.detail,
        });
        if (digest.length)
          await sql`update notification_deliveries set lease_token = null, lease_until = null where lease_token = ${token} and id <> ${d.id}`;
        await sql`update notification_attempts set outcome = 'failed', finished_at = clock_timestamp(), error = ${e.message} where id = ${attempt.id}`;
        await sql`
          update notification_deliveries set last_error = ${e.message}, lease_token = null, lease_until = null, updated_at = now()
          where id = ${d.id} and lease_token = ${token}`;
        counted('attempt_failed');
        throw ApplicationFailure.create({
          message: e.message,
          type: e.permanent ? PERMANENT_DELIVERY_FAILURE : DELIVERY_FAILURE,
          nonRetryable: e.permanent,
          ...(e.retryAfterMs ? { nextRetryDelay: e.retryAfterMs } : {}),
        });
      }
      // The send happened: record it, trying hard, since a retry from here would send a second time. Counted as
      // delivered only by the attempt that marks the row delivered: a second attempt of the same delivery (a local
      // activity run again after its workflow task timed out, seen on the real server) counts already_delivered.
      const first = await persistently(() =>
        sql.begin(async (tx) => {
          if (d.channel === 'inbox') {
            await tx`
              insert into inbox_messages (recipient_kind, recipient_id, campaign_id, notification_id, delivery_id, title, body, link)
              values (${d.recipient_kind}, ${d.recipient_id}, ${d.campaign_id}, ${d.outbox_id}, ${d.id}, ${d.message.title}, ${d.message.text}, ${d.message.link})
              on conflict (delivery_id) do nothing`;
          }
          await tx`update notification_attempts set outcome = 'delivered', finished_at = clock_timestamp(), detail = ${sent!.detail} where id = ${attempt.id}`;
          const marked = await tx`
            update notification_deliveries set status = 'delivered', delivered_at = now(), last_error = null, lease_token = null,
              lease_until = null, updated_at = now()
            where id = ${d.id} and status <> 'delivered' returning id`;
          if (digest.length) await markDigested(tx, d, token, sent!.detail);
          return marked.length > 0;
        }),
      );
      counted(first ? 'delivered' : 'already_delivered');
      for (let i = 0; i < digest.length; i += 1) counted('delivered');
      return { deliveryId, outcome: 'delivered' };
    },

    /** After the last attempt failed: the delivery is failed, for operators to see and retry. */
    async markDeliveryFailed({ deliveryId, error }: { deliveryId: string; error: string }): Promise<void> {
      const failed = await sql<{ channel: string }[]>`
        update notification_deliveries set status = 'failed', failed_at = now(), last_error = coalesce(last_error, ${error}),
          lease_token = null, lease_until = null, updated_at = now()
        where id = ${deliveryId} and status = 'pending' returning channel`;
      for (const { channel } of failed) metrics.notifications.inc({ channel, outcome: 'failed' });
    },

    /** The outbox row's status summarises its deliveries: delivered, failed, pending (a retry runs) or no_recipients. */
    async finishNotification({ outboxId }: { outboxId: string }): Promise<string> {
      const [row] = await sql<{ status: string }[]>`
        update outbox set status = (
          select case when count(*) = 0 then 'no_recipients'
                      when bool_or(status = 'pending') then 'pending'
                      when bool_or(status = 'failed') then 'failed'
                      else 'delivered' end
          from notification_deliveries where outbox_id = ${outboxId})
        where id = ${outboxId} returning status`;
      return row?.status ?? 'gone';
    },
  };
}

/**
 * Takes the delivery's lease for this attempt; waits out a lease another live attempt holds. On a channel that sends
 * digests, the lease is taken under a lock of the recipient's group together with the digest's companions, so two
 * attempts of one group never send two digests at once: the second finds its delivery in the first's digest.
 */
async function claim(
  sql: Sql,
  deliveryId: string,
  token: string,
): Promise<{ d: DeliveryRow; digest: Companion[] } | 'gone' | 'already_delivered'> {
  for (;;) {
    const taken = await sql.begin(async (tx) => {
      const [cur] = await tx<{ channel: Channel; address: string | null }[]>`
        select channel, address from notification_deliveries where id = ${deliveryId}`;
      const grouped = !!cur && CHANNEL_TABLE[cur.channel]?.digest && cur.address !== null;
      if (grouped) await tx`select pg_advisory_xact_lock(hashtext(${`digest:${cur.channel}:${cur.address}`}))`;
      const [d] = await tx<DeliveryRow[]>`
        update notification_deliveries
        set lease_token = ${token}, lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1, updated_at = now()
        where id = ${deliveryId} and status <> 'delivered' and (lease_until is null or lease_until < now())
        returning *`;
      return d ? { d, digest: grouped ? await takeCompanions(tx, d, token) : [] } : null;
    });
    if (taken) return taken;
    const [cur] = await sql<{ status: string }[]>`select status from notification_deliveries where id = ${deliveryId}`;
    if (!cur) return 'gone';
    if (cur.status === 'delivered') return 'already_delivered';
    await sleep(500);
  }
}

/** A digest takes at most this many messages; more due to one recipient go in the next. */
const DIGEST_MAX = 500;

interface Companion {
  id: string;
  attempts: number;
  run: number;
  message: RenderedMessage;
}

/**
 * A digest (docs/NOTIFICATIONS.md "Digests"): the other deliveries pending to the same recipient on the same channel
 * whose push instant is no later than the sender's own (the sender goes at its instant, so theirs has come), leased to this attempt (under the group's lock, see claim) so no other sends them. Each keeps its own
 * row, dedupe key and attempt; the one send carries them all.
 */
async function takeCompanions(tx: TransactionSql, d: DeliveryRow, token: string): Promise<Companion[]> {
  return tx<Companion[]>`
    update notification_deliveries
    set lease_token = ${token}, lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1, updated_at = now()
    where id in (
      select id from notification_deliveries
      where channel = ${d.channel} and address = ${d.address} and status = 'pending' and id <> ${d.id}
        and push_at <= ${d.push_at} and (lease_until is null or lease_until < now())
      order by id limit ${DIGEST_MAX})
    returning id, attempts, run, message`;
}

/** The companions of a digest that went: delivered with it, each with an attempt saying so. */
async function markDigested(tx: TransactionSql, d: DeliveryRow, token: string, detail: string): Promise<void> {
  const rows = await tx<{ id: string; attempts: number; run: number }[]>`
    update notification_deliveries set status = 'delivered', delivered_at = now(), last_error = null, lease_token = null,
      lease_until = null, sent_with = ${d.id}, updated_at = now()
    where lease_token = ${token} and id <> ${d.id} and status <> 'delivered' returning id, attempts, run`;
  if (!rows.length) return;
  const attempts = rows.map((r) => ({
    delivery_id: r.id,
    number: r.attempts,
    run: r.run,
    temporal_attempt: activityInfo().attempt,
    outcome: 'delivered',
    detail: `digest with delivery ${d.id}: ${detail}`.slice(0, 500),
  }));
  await tx`insert into notification_attempts ${tx(attempts)}`;
  await tx`update notification_attempts set finished_at = clock_timestamp() where delivery_id in ${tx(rows.map((r) => r.id))} and finished_at is null`;
}

/** What a channel module sends for a delivery and the companions of its digest. */
function outgoing(d: DeliveryRow, companions: Companion[], cfg: NotifyConfig): Outgoing {
  return {
    channel: d.channel,
    dedupeKey: d.dedupe_key,
    notificationId: d.outbox_id,
    address: d.address,
    subscriptionId: d.subscription_id,
    messages: [d.message, ...companions.map((c) => c.message)],
    body: d.body,
    queueLink: cfg.PUBLIC_BASE_URL ? new URL('/queue', cfg.PUBLIC_BASE_URL).toString() : null,
  };
}

async function persistently<T>(work: () => Promise<T>, tries = 6): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await work();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 250 * 2 ** i));
    }
  }
}

/** Everything a notification says, from the database as it is when it is dispatched. */
async function insertDeliveries(
  tx: TransactionSql,
  ob: OutboxRow,
  cfg: NotifyConfig,
  modules: Record<Channel, { enabled: boolean }>,
  now: number,
): Promise<void> {
  const rec = ob.payload;
  const [campaign] = await tx<
    { name: string; settings: CampaignSettings }[]
  >`select name, settings from campaigns where id = ${ob.campaign_id}`;
  if (!campaign) return;
  const agencyId = rec.agencyId || null;
  const [agency]: ({ id: string; name: string; jurisdiction_id: string; contact: Contact | null } | undefined)[] =
    agencyId
      ? await tx`select id, name, jurisdiction_id, contact from agencies where campaign_id = ${ob.campaign_id} and id = ${agencyId}`
      : [];
  let label: string | null = null;
  let jurisdictionId: string | null = agency?.jurisdiction_id ?? null;
  let agencyName: string | null = agency?.name ?? null;
  if (rec.subject.kind === 'item') {
    const [item] = await tx<
      { description: string }[]
    >`select description from ledger_items where id = ${rec.subject.id}`;
    label = item ? truncate(item.description, 60) : null;
  } else if (rec.subject.kind === 'complaint') {
    const [c] = await tx<{ tracking_code: string; jurisdiction_id: string | null; agency_name: string | null }[]>`
      select tracking_code, jurisdiction_id, agency_name from complaints where id = ${rec.subject.id}`;
    label = c?.tracking_code ?? null;
    jurisdictionId = c?.jurisdiction_id ?? jurisdictionId;
    agencyName ??= c?.agency_name ?? null;
  }
  // the bureaus above the subject, as the registry has them
  const path = jurisdictionId ? await jurisdictionPath(tx as unknown as Sql, jurisdictionId) : [];
  const [d2]: ({ body: { email?: string; phone?: string } } | undefined)[] = agency
    ? await tx`select body from submissions where campaign_id = ${ob.campaign_id} and agency_id = ${agency.id} and code = 'D2'`
    : [];
  const contacts = path.length
    ? await tx<BureauContact[]>`
        select jurisdiction_id as "jurisdictionId", email, government_email as "governmentEmail", discipline_email as "disciplineEmail", locale
        from bureau_contacts where jurisdiction_id in ${tx(path)}`
    : [];
  const webhooks = await tx<WebhookTarget[]>`
    select id, jurisdiction_id as "jurisdictionId", events, locale from webhook_subscriptions
    where active and (jurisdiction_id is null ${path.length ? tx`or jurisdiction_id in ${tx(path)}` : tx``})`;

  const units = await tx<UnitRobots[]>`
    select unit_kind as "unitKind", unit_id as "unitId",
      array_remove(array[case when wecom is not null then 'wecom' end, case when dingtalk is not null then 'dingtalk' end], null) as channels,
      coalesce(array(select jsonb_array_elements_text(sms->'mobiles')), '{}') as mobiles
    from unit_channels
    where (unit_kind = 'agency' and unit_id = ${agencyId ?? ''}) ${path.length ? tx`or (unit_kind = 'jurisdiction' and unit_id in ${tx(path)})` : tx``}`;

  // people's own numbers: the agency's enabled accounts, and the enabled bureau accounts of the jurisdictions above
  const accountMobiles = await tx<NonNullable<RobotFacts['accountMobiles']>>`
    select case when role = 'agency' then 'agency' else 'jurisdiction' end as "unitKind",
      coalesce(agency_id, jurisdiction_id) as "unitId", mobile
    from users
    where mobile is not null and disabled_at is null
      and ((role = 'agency' and agency_id = ${agencyId ?? ''})
        ${path.length ? tx`or (role = 'bureau' and jurisdiction_id in ${tx(path)})` : tx``})`;

  const recipients = planRecipients({
    audience: ob.audience,
    type: rec.type,
    step: rec.step,
    // A complaint's ladder is the investigating bureau's: the agency complained about is not told of it.
    agency:
      agency && rec.subject.kind !== 'complaint'
        ? { id: agency.id, email: d2?.body?.email ?? agency.contact?.email ?? null }
        : null,
    jurisdictionPath: path,
    bureauContacts: contacts,
    webhooks,
    emailEnabled: modules.email.enabled,
    ...(await bureauDesks(tx as unknown as Sql, path, {
      campaignId: ob.campaign_id,
      number: rec.noticeNumber ?? null,
    })),
  });
  recipients.push(
    ...planRobotRecipients({
      audience: ob.audience,
      agencyId: agency && rec.subject.kind !== 'complaint' ? agency.id : null,
      jurisdictionPath: path,
      units,
      accountMobiles,
      contactMobile: modules.sms.enabled ? (d2?.body?.phone?.replace(/[\s-]/g, '') ?? null) : null,
    }).filter((r) => r.channel !== 'sms' || modules.sms.enabled),
  );
  if (recipients.length === 0) return;
  const pushAt = pushInstantOf(campaign.settings, rec.step, cfg, now);

  const facts: NotificationFacts = {
    campaign: { id: ob.campaign_id, name: campaign.name },
    agency: agencyName ? { id: agencyId ?? '', name: agencyName } : null,
    subject: { ...rec.subject, label },
    deadline: rec.deadline,
    timeZone: campaign.settings.calendar.timeZone,
    dayKind: campaign.settings.policy.dayKind,
    type: rec.type,
    step: rec.step,
    noticeNumber: rec.noticeNumber ?? null,
    ...(rec.ladderSubject ? { ladderSubject: rec.ladderSubject } : {}),
    ...(rec.reason ? { reason: rec.reason } : {}),
    link: dashboardLink(cfg.PUBLIC_BASE_URL, { campaignId: ob.campaign_id, agencyId, subject: rec.subject }),
  };
  const rows = recipients.map((r) => {
    const key = dedupeKey(ob.id, r.key, r.channel);
    const message = renderMessage(facts, r.locale);
    return {
      outbox_id: ob.id,
      campaign_id: ob.campaign_id,
      agency_id: agencyId,
      jurisdiction_id: jurisdictionId,
      recipient_kind: r.kind,
      recipient_id: r.id,
      recipient_key: r.key,
      channel: r.channel,
      address: r.address,
      subscription_id: r.subscriptionId,
      dedupe_key: key,
      locale: r.locale,
      message: tx.json(message as never),
      body: r.channel === 'webhook' ? tx.json(webhookBody(key, ob, facts, r, message) as never) : null,
      push_at: CHANNEL_TABLE[r.channel].pushed && pushAt !== null ? new Date(pushAt) : null,
    };
  });
  await tx`insert into notification_deliveries ${tx(rows)} on conflict (dedupe_key) do nothing`;
}

/**
 * When a notification's pushes go (docs/NOTIFICATIONS.md "Working hours"): null (at once) for a policy whose window is
 * always open or a step it marks immediate; else the first window from now, and within an open window the next
 * gathering boundary, so what falls due to one recipient within it goes as one digest.
 */
function pushInstantOf(settings: CampaignSettings, step: string, cfg: NotifyConfig, now: number): number | null {
  const delivery = deliveryOf(settings.policy);
  if (isAlwaysOpen(delivery) || delivery.immediate?.includes(step)) return null;
  const opens = pushInstant(now, step, delivery, dayCalendar(settings.policy, settings.calendar.timeZone));
  return opens > now ? opens : gatherInstant(now, cfg.NOTIFY_DIGEST_GATHER_SECONDS * 1000);
}

/** The JSON a webhook subscriber receives (docs/NOTIFICATIONS.md). */
function webhookBody(key: string, ob: OutboxRow, f: NotificationFacts, r: PlannedRecipient, message: RenderedMessage) {
  const locale: Locale = r.locale;
  return {
    id: key,
    event:
      f.type === RETURN_NOTICE.type
        ? 'deliverable.returned'
        : f.type === RECEIPT_CHASE.type
          ? 'document.unsigned'
          : `deadline.${f.type}`,
    notificationId: ob.id,
    occurredAt: ob.occurred_at.toISOString(),
    campaign: f.campaign,
    agency: f.agency,
    subject: { kind: f.subject.kind, id: f.subject.id, name: describeSubject(f.subject, locale) },
    deadline: new Date(f.deadline).toISOString(),
    deadlineLocal: formatDeadline(f.deadline, f.timeZone, locale),
    timeZone: f.timeZone,
    type: f.type,
    step: f.step,
    scheduledFor: ob.payload.scheduledFor,
    noticeNumber: f.noticeNumber,
    ...(f.reason ? { reason: f.reason } : {}),
    audience: ob.audience,
    message,
  };
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
