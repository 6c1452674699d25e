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
import { matterName } from '../domain/documentText';
import { watchReceipt } from '../services/documents/receipts';
import { issueDocument, ladderDedupeKey, type Addressee, type IssuedDocument } from '../services/documents/register';

export function deadlineStepActivities({ sql, metrics, client, taskQueue }: ActivityDeps) {
  return {
    /**
     * Records one reminder or escalation, does what its kind says (domain/stepKinds.ts: issue or join a numbered
     * notice, refer the subject) and queues its notification, all in one transaction; the outbox relay
     * (services/outboxRelay.ts) starts the notification's workflow. The unique key on (campaign, agency, subject,
     * deadline, step) makes a retry or a rerun return the first record unchanged.
     */
    async recordDeadlineStep(rec: DeadlineStepRecord): Promise<RecordedStep> {
      let outcome: StepOutcome = 'repeated';
      let toSign: string | null = null; // a document that asks for a receipt: its receipt workflow is started below
      const recorded = await sql.begin(async (tx): Promise<RecordedStep> => {
        const inserted = await tx<{ id: string; occurred_at: Date }[]>`
          insert into deadline_events (campaign_id, agency_id, subject_kind, subject_id, deadline, type, step, scheduled_for)
          values (${rec.campaignId}, ${rec.agencyId}, ${rec.subject.kind}, ${rec.subject.id}, ${rec.deadline},
                  ${rec.type}, ${rec.step}, ${rec.scheduledFor})
          on conflict do nothing
          returning id, occurred_at`;
        if (inserted.length === 0) {
          const [first] = await tx<
            { occurred_at: Date; notice_number: string | null; missed: boolean; to_sign: string | null }[]
          >`
            select e.occurred_at, e.notice_number, e.missed,
                   (select n.public_id from notices n where n.id = e.notice_id and n.receipt_due_at is not null) as to_sign
            from deadline_events e
            where campaign_id = ${rec.campaignId} and agency_id = ${rec.agencyId} and subject_kind = ${rec.subject.kind}
              and subject_id = ${rec.subject.id} and deadline = ${rec.deadline} and step = ${rec.step}`;
          toSign = first.to_sign;
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
        const notice =
          kind?.document && !missed
            ? await issueStepDocument(tx, rec, kind.document, subject, event.occurred_at)
            : null;
        const referralId = kind && kind.effect[subject.ladder] !== 'notify' ? await referLate(tx, rec, subject) : null;
        await tx`
          update deadline_events set notice_id = ${notice?.rowId ?? null}, notice_number = ${notice?.number ?? null},
            referral_id = ${referralId}, missed = ${missed}
          where id = ${event.id}`;
        const noticeNumber = notice?.number ?? null;
        toSign = notice?.receiptDueAt ? notice.id : null;
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
      // after the commit too: a retry after a failed start finds the event recorded and starts it then
      if (toSign) await watchReceipt(client, taskQueue, toSign);
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
 * The document this step belongs to (services/documents/register.ts): the one of its addressee, kind and issuing day,
 * issued by the first matter that reaches the step that day and joined by the others. A notice goes to the agency; a
 * 移送函 to the commission of the jurisdiction the matter lies in (a complaint naming no agency: the investigating
 * bureau's), one letter per agency concerned.
 */
async function issueStepDocument(
  tx: TransactionSql,
  rec: DeadlineStepRecord,
  kind: StepDocument,
  subject: { label: string },
  at: Date,
): Promise<IssuedDocument> {
  const [facts] = await tx<
    { zone: string; agency: string | null; agency_jurisdiction: string | null; place: string; place_name: string }[]
  >`
    select c.settings->'calendar'->>'timeZone' as zone, a.name as agency, a.jurisdiction_id as agency_jurisdiction,
           coalesce(a.jurisdiction_id, k.jurisdiction_id, c.jurisdiction->>'id') as place,
           coalesce(j.name, c.jurisdiction->>'name') as place_name
    from campaigns c
    left join agencies a on a.campaign_id = c.id and a.id = ${rec.agencyId}
    left join complaints k on ${rec.subject.kind} = 'complaint' and k.id = ${rec.subject.id}
    left join org_jurisdictions j on j.id = coalesce(a.jurisdiction_id, k.jurisdiction_id)
    where c.id = ${rec.campaignId}`;
  const agency = facts.agency ? { id: rec.agencyId, name: facts.agency } : null;
  const addressee: Addressee =
    kind === 'referral_letter'
      ? { kind: 'commission', id: facts.place, name: `${facts.place_name}纪委监委` }
      : { kind: 'agency', id: rec.agencyId, name: facts.agency ?? rec.agencyId };
  const day = DateTime.fromJSDate(at, { zone: facts.zone }).toISODate()!;
  return issueDocument(tx, {
    kind,
    campaignId: rec.campaignId,
    jurisdictionId: facts.place,
    agency,
    addressee,
    matters: [
      { subject: rec.subject, step: rec.step, name: matterName(rec.subject, subject.label), deadline: rec.deadline },
    ],
    dedupeKey: ladderDedupeKey({ campaignId: rec.campaignId, kind, addressee, agencyId: rec.agencyId, day }),
    at,
  });
}
