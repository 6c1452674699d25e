import type { ActivityDeps } from './deps';
import type { LiftingRecord } from '../domain/contract';
import { DOCUMENT_KINDS } from '../domain/documents';
import { matterName } from '../domain/documentText';
import { issueDocument } from '../services/documents/register';

export function documentIssueActivities({ sql }: ActivityDeps) {
  return {
    /**
     * 摘牌通知: the numbered notice that lifts a matter's listed supervision, to the agency; once per lifting (its
     * instant is in the key), however often the update's activity is retried.
     */
    async issueLifting(r: LiftingRecord): Promise<{ id: string; number: string }> {
      const [facts] = await sql<{ agency: string | null; item: string | null }[]>`
        select (select name from agencies where campaign_id = ${r.campaignId} and id = ${r.agencyId}) as agency,
               (select description from ledger_items where ${r.subject.kind} = 'item' and id = ${r.subject.id}) as item`;
      const name = matterName(r.subject, facts.item);
      const agency = facts.agency ?? r.agencyId;
      const lifting = DOCUMENT_KINDS.lifting;
      const doc = await issueDocument(sql, {
        kind: 'lifting',
        campaignId: r.campaignId,
        agency: { id: r.agencyId, name: agency },
        addressee: { kind: 'agency', id: r.agencyId, name: agency },
        matters: [{ subject: r.subject, step: 'lift_listing', name }],
        body: [`你单位“${name}”事项已实行挂牌督办。摘牌理由：${r.reason}。`, lifting.demand, lifting.closing],
        dedupeKey: `lifting:${r.campaignId}:${r.agencyId}:${r.subject.kind}:${r.subject.id}:${r.liftedAt}`,
        at: new Date(r.liftedAt),
      });
      return { id: doc.id, number: doc.number };
    },
  };
}
