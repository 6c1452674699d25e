import type { ActivityDeps } from './deps';
import type { AcceptanceRecord, AgencyProjection, ReturnRecord, SubmissionRecord } from './types';
import type { AnswerChecklist } from '../domain/contract';
import type { TransactionSql } from 'postgres';
import { RETURN_NOTICE, returnSourceKey, type ReturnNoticeRecord } from '../domain/notifications/returns';
import { DOCUMENT_KINDS } from '../domain/documents';
import { matterName } from '../domain/documentText';
import { issueDocument } from '../services/documents/register';

export function agencyRecordActivities({ sql }: ActivityDeps) {
  return {
    /** Writes the agency's read model; an older snapshot arriving late never overwrites a newer one. */
    async projectAgency(p: AgencyProjection): Promise<void> {
      await sql`
        update agencies set phase = ${p.phase}, next_deadline_at = ${p.nextDeadlineAt},
          next_deadline_subject = ${p.nextDeadlineSubject ? sql.json(p.nextDeadlineSubject as never) : null},
          overdue = ${p.overdue}, listed = ${p.listed}, state = ${sql.json(p.state as never)},
          state_version = ${p.version}, updated_at = now()
        where campaign_id = ${p.campaignId} and id = ${p.agencyId} and state_version < ${p.version}`;
    },

    /**
     * Keeps the submitted deliverable: `submissions` holds the latest (a resubmission after a return replaces it),
     * `deliverable_history` every one. A retry writes the same rows again.
     */
    async recordSubmission(s: SubmissionRecord): Promise<void> {
      await sql.begin(async (tx) => {
        await tx`
          insert into submissions (campaign_id, agency_id, code, body, submitted_at, late, submitted_by)
          values (${s.campaignId}, ${s.agencyId}, ${s.code}, ${tx.json(s.body as never)}, ${s.submittedAt}, ${s.late}, ${s.by.keyId})
          on conflict (campaign_id, agency_id, code) do update
            set body = excluded.body, submitted_at = excluded.submitted_at, late = excluded.late,
                submitted_by = excluded.submitted_by, returned_at = null, accepted_at = null
            where submissions.submitted_at < excluded.submitted_at`;
        await tx`
          insert into deliverable_history (campaign_id, agency_id, code, action, at, by_key, body)
          values (${s.campaignId}, ${s.agencyId}, ${s.code}, 'submitted', ${s.submittedAt}, ${s.by.keyId}, ${tx.json(s.body as never)})
          on conflict do nothing`;
      });
    },

    /**
     * Records the bureau's return (退回) of a deliverable: it no longer counts as received until resubmitted. The
     * agency is told, with the reason, through the outbox (queued in the same transaction, once per return).
     */
    async recordReturn(r: ReturnRecord): Promise<void> {
      await sql.begin(async (tx) => {
        const notice: ReturnNoticeRecord = {
          campaignId: r.campaignId,
          agencyId: r.agencyId,
          subject: { kind: 'deliverable', id: r.code },
          deadline: r.dueAt ?? r.returnedAt,
          type: RETURN_NOTICE.type,
          step: RETURN_NOTICE.step,
          scheduledFor: r.returnedAt,
          reason: r.reason,
        };
        await tx`
          insert into outbox (source_key, campaign_id, audience, payload)
          values (${returnSourceKey(r)}, ${r.campaignId}, ${tx.json([...RETURN_NOTICE.audience])}, ${tx.json(notice as never)})
          on conflict (source_key) do nothing`;
        await issueReturnNotice(tx, r);
        await tx`
          insert into deliverable_history (campaign_id, agency_id, code, action, at, by_key, reason)
          values (${r.campaignId}, ${r.agencyId}, ${r.code}, 'returned', ${r.returnedAt}, ${r.by.keyId}, ${r.reason})
          on conflict do nothing`;
        await tx`
          update submissions set returned_at = ${r.returnedAt}
          where campaign_id = ${r.campaignId} and agency_id = ${r.agencyId} and code = ${r.code} and submitted_at < ${r.returnedAt}`;
      });
    },

    /** Records the bureau's acceptance (审核通过) of the submission on record; a retry writes the same rows again. */
    async recordAcceptance(a: AcceptanceRecord): Promise<void> {
      await sql.begin(async (tx) => {
        await tx`
          insert into deliverable_history (campaign_id, agency_id, code, action, at, by_key)
          values (${a.campaignId}, ${a.agencyId}, ${a.code}, 'accepted', ${a.acceptedAt}, ${a.by.keyId})
          on conflict do nothing`;
        await tx`
          update submissions set accepted_at = ${a.acceptedAt}
          where campaign_id = ${a.campaignId} and agency_id = ${a.agencyId} and code = ${a.code}
            and submitted_at < ${a.acceptedAt} and returned_at is null`;
      });
    },

    async recordChecklistAnswer(
      a: AnswerChecklist & { campaignId: string; agencyId: string; answeredAt: string },
    ): Promise<void> {
      await sql`
        insert into checklist_answers (campaign_id, agency_id, item_code, answer, note, evidence, answered_at, answered_by)
        values (${a.campaignId}, ${a.agencyId}, ${a.itemCode}, ${a.answer.answer}, ${a.answer.note ?? null},
                ${a.answer.evidence ? sql.json(a.answer.evidence as never) : null}, ${a.answeredAt}, ${a.by.keyId})
        on conflict (campaign_id, agency_id, item_code) do update
          set answer = excluded.answer, note = excluded.note, evidence = excluded.evidence,
              answered_at = excluded.answered_at, answered_by = excluded.answered_by
          where checklist_answers.answered_at <= excluded.answered_at`;
    },
  };
}

/** 退回通知: the numbered notice of a return, in the register (docs/DOCUMENTS.md), once per return. */
async function issueReturnNotice(tx: TransactionSql, r: ReturnRecord): Promise<void> {
  const [agency] = await tx<{ name: string }[]>`
    select name from agencies where campaign_id = ${r.campaignId} and id = ${r.agencyId}`;
  const name = agency?.name ?? r.agencyId;
  const subject = { kind: 'deliverable', id: r.code };
  const task = matterName(subject);
  const kind = DOCUMENT_KINDS.return_notice;
  await issueDocument(tx, {
    kind: 'return_notice',
    campaignId: r.campaignId,
    agency: { id: r.agencyId, name },
    addressee: { kind: 'agency', id: r.agencyId, name },
    matters: [{ subject, step: 'returned', name: task }],
    body: [`你单位${task}的报送材料经审核，予以退回。退回原因：${r.reason}。`, kind.demand, kind.closing],
    dedupeKey: `return_notice:${returnSourceKey(r)}`,
    at: new Date(r.returnedAt),
  });
}
