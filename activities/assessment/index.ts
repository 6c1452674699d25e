import type { ActivityDeps } from '../deps';
import type { AssessmentState, DecideObjection, FileObjection } from '../../domain/contract';
import { computeRows } from '../../services/assessment/scores';
import { announceResults } from './announceResults';

/** The assessment workflow's rows (workflows/assessment.ts); each write is idempotent. */
export function assessmentActivities({ sql }: ActivityDeps) {
  return {
    async recordAssessmentState(p: {
      campaignId: string;
      state: AssessmentState;
      draftedAt: string;
      draftedBy: string;
      windowEndsAt: string;
    }): Promise<void> {
      await sql`
        insert into assessments (campaign_id, state, drafted_at, drafted_by, window_ends_at)
        values (${p.campaignId}, ${p.state}, ${p.draftedAt}, ${p.draftedBy}, ${p.windowEndsAt})
        on conflict (campaign_id) do update set state = excluded.state where assessments.state <> 'final'`;
    },

    async recordObjection(p: FileObjection & { campaignId: string; filedAt: string }): Promise<void> {
      await sql`
        insert into assessment_objections (id, campaign_id, agency_id, text, file_id, filed_by, filed_at)
        values (${p.objectionId}, ${p.campaignId}, ${p.agencyId}, ${p.text}, ${p.fileId ?? null}, ${p.by.keyId}, ${p.filedAt})
        on conflict (id) do nothing`;
    },

    async recordObjectionDecision(p: DecideObjection & { campaignId: string; decidedAt: string }): Promise<void> {
      await sql`
        update assessment_objections
        set decision = ${p.decision}, points = ${p.decision === 'accept' ? (p.points ?? 0) : null}, reason = ${p.reason},
            decided_by = ${p.by.keyId}, decided_at = ${p.decidedAt}
        where id = ${p.objectionId} and campaign_id = ${p.campaignId} and decision is null`;
    },

    /**
     * Freezes the final assessment: every agency's row as the events give it at the final, kept with its deductions
     * and adjustments, in the transaction that marks it final. The assessments row is locked first, so an adjustment
     * the bureau makes at the same moment either lands before (and counts) or meets the final (and is refused).
     */
    async freezeAssessment(p: { campaignId: string; finalizedAt: string; by: string }): Promise<void> {
      await sql.begin(async (tx) => {
        const [a] = await tx<{ state: string }[]>`
          select state from assessments where campaign_id = ${p.campaignId} for update`;
        if (a.state === 'final') return;
        const rows = await computeRows(tx, p.campaignId, p.finalizedAt);
        for (const r of rows) {
          const { score, grade, rank, levelId, agencyId, ...detail } = r;
          await tx`
            insert into assessment_results (campaign_id, agency_id, score, grade, rank, level_id, detail)
            values (${p.campaignId}, ${agencyId}, ${score}, ${grade}, ${rank}, ${levelId}, ${tx.json(detail as never)})`;
        }
        await tx`update assessments set state = 'final', finalized_at = ${p.finalizedAt}, finalized_by = ${p.by}
                 where campaign_id = ${p.campaignId}`;
      });
    },

    announceResults: (p: { campaignId: string; at: string }) => announceResults(sql, p),
  };
}
