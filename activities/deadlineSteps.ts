import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { TransactionSql } from 'postgres';
import type { ActivityDeps } from './deps';
import type { StepOutcome } from '../services/workerMetrics';
import type { DeadlineStepRecord, RecordedStep } from './types';
import { referOnce } from './ledger';
import {
  audienceOf,
  ladderSubjectOf,
  referralSummary,
  stepKindOf,
  type LadderSubject,
  type StepDocument,
} from '../domain/stepKinds';
import { describeSubject } from '../domain/notifications/templates';
import { resolveNoticeIssuer } from '../services/noticeIssuer';

export function deadlineStepActivities({ sql, metrics }: ActivityDeps) {
  return {
    /**
     * Records one reminder or escalation, does what its kind says (domain/stepKinds.ts: issue or join a numbered
     * notice, refer the subject) and queues its notification, all in one transaction; the outbox relay
     * (services/outboxRelay.ts) starts the notification's workflow. The unique key on (campaign, agency, subject,
     * deadline, step) makes a retry or a rerun return the first record unchanged.
     */
    async recordDeadlineStep(rec: DeadlineStepRecord): Promise<RecordedStep> {
      let outcome: StepOutcome = 'repeated';
      const recorded = await sql.begin(async (tx): Promise<RecordedStep> => {
        const inserted = await tx<{ id: string; occurred_at: Date }[]>`
          insert into deadline_events (campaign_id, agency_id, subject_kind, subject_id, deadline, type, step, scheduled_for)
          values (${rec.campaignId}, ${rec.agencyId}, ${rec.subject.kind}, ${rec.subject.id}, ${rec.deadline},
                  ${rec.type}, ${rec.step}, ${rec.scheduledFor})
          on conflict do nothing
          returning id, occurred_at`;
        if (inserted.length === 0) {
          const [first] = await tx<{ occurred_at: Date; notice_number: string | null; missed: boolean }[]>`
            select occurred_at, notice_number, missed from deadline_events
            where campaign_id = ${rec.campaignId} and agency_id = ${rec.agencyId} and subject_kind = ${rec.subject.kind}
              and subject_id = ${rec.subject.id} and deadline = ${rec.deadline} and step = ${rec.step}`;
          return {
            occurredAt: first.occurred_at.toISOString(),
            noticeNumber: first.notice_number,
            ...(first.missed ? { missed: true } : {}),
          };
        }
        const event = inserted[0];
        const kind = stepKindOf(rec);
        // Taken after its deadline (the system was down across it), a reminder would announce a date already gone.
        const missed = rec.type === 'reminder' && event.occurred_at.getTime() >= Date.parse(rec.deadline);
        const subject = await ladderSubjectFacts(tx, rec);
        const notice = kind?.document && !missed ? await issueNotice(tx, rec, kind.document, event.occurred_at) : null;
        const referralId = kind && kind.effect[subject.ladder] !== 'notify' ? await referLate(tx, rec, subject) : null;
        await tx`
          update deadline_events set notice_id = ${notice?.id ?? null}, notice_number = ${notice?.number ?? null},
            referral_id = ${referralId}, missed = ${missed}
          where id = ${event.id}`;
        const noticeNumber = notice?.number ?? null;
        if (!missed) {
          await tx`
            insert into outbox (event_id, campaign_id, audience, payload)
            values (${event.id}, ${rec.campaignId}, ${tx.json(audienceOf(rec, rec.subject.kind))},
                    ${tx.json({ ...rec, noticeNumber, ladderSubject: subject.ladder } as never)})`;
        }
        outcome = missed ? 'missed' : 'recorded';
        return { occurredAt: event.occurred_at.toISOString(), noticeNumber, ...(missed ? { missed: true } : {}) };
      });
      metrics.countStep(rec, outcome); // after the commit: the counter never runs ahead of the table
      return recorded;
    },
  };
}

/** What the subject owes (a disciplinary lead owes a transfer) and how a referral names it. */
async function ladderSubjectFacts(
  tx: TransactionSql,
  rec: DeadlineStepRecord,
): Promise<{ ladder: LadderSubject; label: string }> {
  if (rec.subject.kind === 'item') {
    const [item] = await tx<{ classification: string; description: string }[]>`
      select classification, description from ledger_items where id = ${rec.subject.id}`;
    return { ladder: ladderSubjectOf('item', item?.classification), label: item?.description ?? rec.subject.id };
  }
  if (rec.subject.kind === 'complaint') {
    const [c] = await tx<
      { tracking_code: string }[]
    >`select tracking_code from complaints where id = ${rec.subject.id}`;
    return { ladder: 'complaint', label: c?.tracking_code ?? rec.subject.id };
  }
  return { ladder: 'deliverable', label: describeSubject(rec.subject, 'zh') };
}

/**
 * The ladder's referral to the discipline commission. An item's has the id the item workflow uses for its own
 * referral (ref-<item>), so the two are one; any other subject's id is derived from what makes it unique.
 */
async function referLate(
  tx: TransactionSql,
  rec: DeadlineStepRecord,
  subject: { ladder: LadderSubject; label: string },
): Promise<string> {
  const key = `${rec.campaignId}\u0000${rec.agencyId}\u0000${rec.subject.kind}\u0000${rec.subject.id}`;
  const id =
    rec.subject.kind === 'item'
      ? `ref-${rec.subject.id}`
      : `ref-${rec.subject.kind}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  const referral = await referOnce(tx, {
    id,
    campaignId: rec.campaignId,
    agencyId: rec.agencyId || null,
    subject: rec.subject,
    target: 'discipline_commission',
    summary: referralSummary(subject.ladder, subject.label),
    by: { keyId: 'system', role: 'system' },
  });
  return referral.id;
}

/**
 * The notice this step belongs to: for a 督办通知, the one of this agency and issuing day (issued by the first matter
 * that reaches the step that day, joined by the others); for a per-matter document, its own. A new notice takes the
 * issuing bureau's next number of the year; the counter row is locked until this transaction ends, so numbers are
 * gap-free and never shared, and an advisory lock keeps two matters of one agency from issuing two notices at once.
 */
async function issueNotice(
  tx: TransactionSql,
  rec: DeadlineStepRecord,
  doc: StepDocument,
  at: Date,
): Promise<{ id: string; number: string }> {
  const issuer = await resolveNoticeIssuer(tx, rec.campaignId, rec.agencyId);
  const local = DateTime.fromJSDate(at, { zone: issuer.timeZone });
  const day = local.toISODate()!;
  const grouping =
    doc.per === 'agency_day' ? '' : `${rec.subject.kind}:${rec.subject.id}:${new Date(rec.deadline).toISOString()}`;
  const key = { campaign: rec.campaignId, agency: rec.agencyId, step: rec.step, day, grouping };
  await tx`select pg_advisory_xact_lock(hashtext(${rec.campaignId}), hashtext(${JSON.stringify(key)}))`;
  const [existing] = await tx<{ id: string; number: string }[]>`
    select id, number from notices
    where campaign_id = ${rec.campaignId} and agency_id = ${rec.agencyId} and step = ${rec.step} and issue_day = ${day} and grouping_key = ${grouping}`;
  if (existing) return existing;
  const [{ last_serial: serial }] = await tx<{ last_serial: number }[]>`
    insert into notice_serials (issuer_id, year, last_serial) values (${issuer.id}, ${local.year}, 1)
    on conflict (issuer_id, year) do update set last_serial = notice_serials.last_serial + 1
    returning last_serial`;
  const number = `${issuer.prefix}〔${local.year}〕${serial}号`;
  const [notice] = await tx<{ id: string }[]>`
    insert into notices (campaign_id, agency_id, kind, step, issue_day, grouping_key, issuer_id, issuer_name, year, serial, number, issued_at)
    values (${rec.campaignId}, ${rec.agencyId}, ${doc.kind}, ${rec.step}, ${day}, ${grouping}, ${issuer.id}, ${issuer.name},
            ${local.year}, ${serial}, ${number}, ${at})
    returning id`;
  return { id: String(notice.id), number };
}
