import type { Sql, TransactionSql } from 'postgres';
import { DELIVERABLE_CODES } from '../../domain/template';
import type { AssessmentEvent, LedgerCount } from '../../domain/assessment/score';

/**
 * The events a campaign's assessment prices, read from where each was recorded — never typed in. Each event's id
 * names its table and row, so a deduction can be traced to what caused it. A notice not signed for in time
 * (notice_unsigned) is a document of the register addressed to the agency whose receipt window passed before it was
 * signed (signed late, or not at all by now).
 */
export async function assessmentEvents(sql: Sql | TransactionSql, campaignId: string): Promise<AssessmentEvent[]> {
  const at = (d: Date) => d.toISOString();
  const [steps, referrals, late, complaints, checks, vetoes, [campaign], submitted, agencies, unsigned] =
    await Promise.all([
      sql<
        { id: string; agency_id: string; step: string; subject_kind: string; subject_id: string; occurred_at: Date }[]
      >`
      select id::text, agency_id, step, subject_kind, subject_id, occurred_at from deadline_events
      where campaign_id = ${campaignId} and agency_id <> '' and type = 'escalation' and subject_kind <> 'complaint'
        and (step in ('supervision_notice', 'listed_supervision') or (step = 'overdue' and subject_kind = 'item'))`,
      sql<{ id: string; agency_id: string; subject_kind: string; subject_id: string; referred_at: Date }[]>`
      select id, agency_id, subject_kind, subject_id, referred_at from referrals
      where campaign_id = ${campaignId} and agency_id is not null and target = 'discipline_commission'`,
      sql<{ agency_id: string; code: string; submitted_at: Date }[]>`
      select agency_id, code, submitted_at from submissions
      where campaign_id = ${campaignId} and late and returned_at is null`,
      sql<{ id: string; agency_id: string; concluded_at: Date }[]>`
      select id, agency_id, concluded_at from complaints
      where campaign_id = ${campaignId} and agency_id is not null and outcome = 'substantiated' and concluded_at is not null`,
      sql<{ spot_check_id: string; agency_id: string; omissions: boolean; accurate: boolean; checked_at: Date }[]>`
      select r.spot_check_id, r.agency_id, r.omissions, r.accurate, r.checked_at from spot_check_records r
      join spot_checks s on s.id = r.spot_check_id
      where s.campaign_id = ${campaignId} and (r.omissions or not r.accurate)`,
      sql<{ id: string; agency_id: string; created_at: Date }[]>`
      select id, agency_id, created_at from assessment_adjustments where campaign_id = ${campaignId} and kind = 'veto'`,
      sql<{ closed_at: Date | null }[]>`select closed_at from campaigns where id = ${campaignId}`,
      sql<{ agency_id: string; code: string }[]>`
      select agency_id, code from submissions where campaign_id = ${campaignId} and returned_at is null`,
      sql<{ id: string }[]>`select id from agencies where campaign_id = ${campaignId}`,
      sql<{ public_id: string; agency_id: string; receipt_due_at: Date }[]>`
      select public_id, addressee->>'id' as agency_id, receipt_due_at from notices
      where campaign_id = ${campaignId} and addressee->>'kind' = 'agency' and receipt_due_at is not null
        and receipt_due_at < coalesce(signed_at, now())`,
    ]);
  const events: AssessmentEvent[] = [
    ...steps.map((s) => ({
      id: `deadline_events/${s.id}`,
      agencyId: s.agency_id,
      kind: s.step === 'overdue' ? ('item_overdue' as const) : (s.step as 'supervision_notice' | 'listed_supervision'),
      at: at(s.occurred_at),
      subject: { kind: s.subject_kind, id: s.subject_id },
    })),
    ...referrals.map((r) => ({
      id: `referrals/${r.id}`,
      agencyId: r.agency_id,
      kind: 'discipline_referral' as const,
      at: at(r.referred_at),
      subject: { kind: r.subject_kind, id: r.subject_id },
    })),
    ...late.map((s) => ({
      id: `submissions/${s.agency_id}/${s.code}`,
      agencyId: s.agency_id,
      kind: 'deliverable_late' as const,
      at: at(s.submitted_at),
      subject: { kind: 'deliverable', id: s.code },
    })),
    ...complaints.map((c) => ({
      id: `complaints/${c.id}`,
      agencyId: c.agency_id,
      kind: 'complaint_substantiated' as const,
      at: at(c.concluded_at),
      subject: { kind: 'complaint', id: c.id },
    })),
    ...checks.flatMap((r) =>
      (
        [
          [r.omissions, 'omission'],
          [!r.accurate, 'inaccurate'],
        ] as const
      )
        .filter(([found]) => found)
        .map(([, what]) => ({
          id: `spot_check_records/${r.spot_check_id}/${r.agency_id}/${what}`,
          agencyId: r.agency_id,
          kind: 'spot_check_finding' as const,
          at: at(r.checked_at),
          subject: { kind: 'spot_check', id: r.spot_check_id },
        })),
    ),
    ...unsigned.map((n) => ({
      id: `notices/${n.public_id}`,
      agencyId: n.agency_id,
      kind: 'notice_unsigned' as const,
      at: at(n.receipt_due_at),
      subject: { kind: 'document', id: n.public_id },
    })),
    ...vetoes.map((v) => ({
      id: `assessment_adjustments/${v.id}`,
      agencyId: v.agency_id,
      kind: 'disciplinary_finding' as const,
      at: at(v.created_at),
      subject: { kind: 'adjustment', id: v.id },
    })),
  ];
  // a deliverable still not handed in when the campaign closed (missing at the close)
  if (campaign?.closed_at) {
    const handedIn = new Set(submitted.map((s) => `${s.agency_id}/${s.code}`));
    for (const { id } of agencies) {
      for (const code of DELIVERABLE_CODES) {
        if (handedIn.has(`${id}/${code}`)) continue;
        events.push({
          id: `deliverables/${id}/${code}`,
          agencyId: id,
          kind: 'deliverable_missing',
          at: at(campaign.closed_at),
          subject: { kind: 'deliverable', id: code },
        });
      }
    }
  }
  return events;
}

/** Each agency's ledger as the rate's part and the public page count it: found (not withdrawn), rectified, overdue. */
export async function ledgerCounts(
  sql: Sql | TransactionSql,
  campaignId: string,
): Promise<Map<string, LedgerCount & { overdue: number }>> {
  const rows = await sql<{ agency_id: string; found: number; rectified: number; overdue: number }[]>`
    select agency_id,
           count(*) filter (where coalesce(closure->>'kind', '') <> 'withdrawn')::int as found,
           count(*) filter (where status = 'closed' and closure->>'kind' = 'rectified')::int as rectified,
           count(*) filter (where overdue and status <> 'closed')::int as overdue
    from ledger_items where campaign_id = ${campaignId} group by agency_id`;
  return new Map(rows.map((r) => [r.agency_id, { found: r.found, rectified: r.rectified, overdue: r.overdue }]));
}
