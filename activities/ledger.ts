import type { Sql, TransactionSql } from 'postgres';
import type { ActivityDeps } from './deps';
import type { Actor, LedgerItemState, LedgerItemWorkflowInput, Subject } from '../domain/contract';

export interface ReferralRecord {
  id: string;
  campaignId: string | null;
  agencyId: string | null;
  subject: Subject;
  target: 'discipline_commission' | 'government' | 'appointing_authority' | 'supervisory_commission';
  summary: string;
  by: Actor;
}

export interface ItemProjection {
  itemId: string;
  version: number;
  status: string;
  dueAt: string;
  closure: unknown;
  listed: boolean;
  overdue: boolean;
  state: LedgerItemState;
}

export function ledgerActivities({ sql }: ActivityDeps) {
  return {
    /**
     * The item's row, written by its own workflow in its first task: there is never a row without a workflow, nor a
     * workflow whose row a failed request took back. A retry (or a second start of the same id) writes nothing.
     */
    async recordItemRow(i: LedgerItemWorkflowInput): Promise<void> {
      const it = i.item;
      await sql`
        insert into ledger_items (id, campaign_id, agency_id, checklist_code, source, description, severity, classification,
          responsible_person, measures, found_on, due_at, created_by, created_at, disposals, spot_check_id)
        values (${i.itemId}, ${i.campaignId}, ${i.agencyId}, ${it.checklistCode}, ${it.source}, ${it.description}, ${it.severity},
          ${it.classification}, ${it.responsiblePerson ?? null}, ${it.measures ?? null}, ${it.foundOn}, ${i.dueAt}, ${i.createdBy.keyId},
          ${i.createdAt}, ${i.disposals ?? []}, ${i.spotCheckId ?? null})
        on conflict (id) do nothing`;
    },

    /** A referral is made once per subject and receiver; a retry returns the first one. */
    async createReferral(r: ReferralRecord): Promise<{ id: string; referredAt: string }> {
      return referOnce(sql, r);
    },

    /** The item's read model; an older snapshot never overwrites a newer one. */
    async projectItem(p: ItemProjection): Promise<void> {
      await sql`
        update ledger_items set status = ${p.status}, due_at = ${p.dueAt}, closure = ${p.closure ? sql.json(p.closure as never) : null},
          listed = ${p.listed}, overdue = ${p.overdue}, state = ${sql.json(p.state as never)}, state_version = ${p.version}, updated_at = now()
        where id = ${p.itemId} and state_version < ${p.version}`;
    },
  };
}

/**
 * Makes a referral unless this subject of this campaign and agency has one to this receiver already, and returns
 * the one it has. Used by a bureau's or agency's referral and by the ladder's discipline_referral step alike.
 */
export async function referOnce(
  q: Sql | TransactionSql,
  r: ReferralRecord,
): Promise<{ id: string; referredAt: string }> {
  const [row] = await q<{ id: string; referred_at: Date }[]>`
    with agency as (
      select jurisdiction_id from agencies where campaign_id = ${r.campaignId} and id = ${r.agencyId}
    ), inserted as (
      insert into referrals (id, campaign_id, agency_id, jurisdiction_id, subject_kind, subject_id, target, summary, referred_by)
      values (${r.id}, ${r.campaignId}, ${r.agencyId},
              -- a complaint naming no agency lies with its investigating bureau: the commission above that reads it
              coalesce((select jurisdiction_id from agency),
                       (select jurisdiction_id from complaints where ${r.subject.kind} = 'complaint' and id = ${r.subject.id}),
                       (select jurisdiction->>'id' from campaigns where id = ${r.campaignId})),
              ${r.subject.kind}, ${r.subject.id},
              ${r.target}, ${r.summary}, ${r.by.keyId})
      on conflict on constraint referrals_one_per_subject do nothing
      returning id, referred_at
    )
    select id, referred_at from inserted
    union all
    select id, referred_at from referrals
    where campaign_id is not distinct from ${r.campaignId} and agency_id is not distinct from ${r.agencyId}
      and subject_kind = ${r.subject.kind} and subject_id = ${r.subject.id} and target = ${r.target}
    limit 1`;
  return { id: row.id, referredAt: row.referred_at.toISOString() };
}
