import type { ActivityDeps } from './deps';
import type { AgencyProjection, SubmissionRecord } from './types';
import type { AnswerChecklist } from '../domain/contract';

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

    /** Keeps the submitted deliverable; a retry writes the same row again. */
    async recordSubmission(s: SubmissionRecord): Promise<void> {
      await sql`
        insert into submissions (campaign_id, agency_id, code, body, submitted_at, late, submitted_by)
        values (${s.campaignId}, ${s.agencyId}, ${s.code}, ${sql.json(s.body as never)}, ${s.submittedAt}, ${s.late}, ${s.by.keyId})
        on conflict (campaign_id, agency_id, code) do nothing`;
    },

    async recordChecklistAnswer(a: AnswerChecklist & { campaignId: string; agencyId: string; answeredAt: string }): Promise<void> {
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
