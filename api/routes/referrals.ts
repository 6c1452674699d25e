import { z } from 'zod';
import { Id } from '../../domain/campaign';
import { referralAcknowledgedSignal, workflowIds } from '../../domain/contract';
import { notFound, refused } from '../errors';
import { route } from '../route';
import { Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import type { Principal } from '../principal';
import type { Sql } from 'postgres';
import { jurisdictionInScope } from '../../services/scope';
import { signLettersOfReferral } from '../../services/documents/receipts';

const Referral = z
  .object({
    id: z.string(),
    campaignId: z.string().nullable(),
    agencyId: z.string().nullable(),
    agencyName: z.string().nullable().meta({ description: 'the agency by its name in the campaign' }),
    subject: z.object({ kind: z.string(), id: z.string() }),
    target: z.string(),
    summary: z.string(),
    referredAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    letter: z
      .object({ id: z.string(), number: z.string() })
      .nullable()
      .meta({ description: 'the 移送函 that carried it, printable at /v1/documents/:id.pdf' }),
  })
  .meta({ id: 'Referral' });

interface ReferralRow {
  id: string;
  campaign_id: string | null;
  agency_id: string | null;
  agency_name?: string | null;
  subject_kind: string;
  subject_id: string;
  target: string;
  summary: string;
  referred_at: Date;
  acknowledged_at: Date | null;
  letter?: { id: string; number: string } | null;
}

/**
 * The discipline commission (纪委监委) sees the referrals made to it, within its jurisdiction when its key names one
 * (the referral's agency lies in that subtree of its campaign); nothing else.
 */
function inDisciplineScope(sql: Sql, p: Principal) {
  return sql`r.target in ('discipline_commission', 'supervisory_commission') and ${jurisdictionInScope(sql, p, 'r.jurisdiction_id')}`;
}

const view = (r: ReferralRow) => ({
  id: r.id,
  campaignId: r.campaign_id,
  agencyId: r.agency_id,
  agencyName: r.agency_name ?? null,
  subject: { kind: r.subject_kind, id: r.subject_id },
  target: r.target,
  summary: r.summary,
  referredAt: r.referred_at.toISOString(),
  acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
  letter: r.letter ?? null,
});

/** The 移送函 a ladder's referral was carried by (a referral by hand has none). */
const letterOf = (sql: Sql) => sql`(
  select jsonb_build_object('id', n.public_id, 'number', n.number) from deadline_events e join notices n on n.id = e.notice_id
  where e.referral_id = r.id and n.kind = 'referral_letter' order by e.id limit 1) as letter`;

export const referralRoutes = [
  route({
    method: 'get',
    path: '/v1/referrals',
    tag: 'referrals',
    summary: 'Referrals to the discipline inspection and supervision commission (移交纪委监委)',
    access: ['discipline'],
    query: PageQuery.extend({
      acknowledged: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    }),
    response: { status: 200, description: 'a page of referrals', schema: Page(Referral) },
    async handler({ query, principal, deps }) {
      const { sql } = deps;
      const after = decodeCursor(query.cursor);
      const rows = await sql<ReferralRow[]>`
        select r.*, a.name as agency_name, ${letterOf(sql)} from referrals r
          left join agencies a on a.campaign_id = r.campaign_id and a.id = r.agency_id
        where ${inDisciplineScope(sql, principal)}
          ${query.acknowledged === undefined ? sql`` : query.acknowledged ? sql`and r.acknowledged_at is not null` : sql`and r.acknowledged_at is null`}
          ${after ? sql`and r.id > ${after}` : sql``}
        order by r.id limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(view),
          nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/referrals/:id/acknowledge',
    tag: 'referrals',
    summary: 'Acknowledge receipt of a referral',
    access: ['discipline'],
    params: z.strictObject({ id: Id }),
    body: z.strictObject({ note: z.string().max(2000).optional() }).optional(),
    response: { status: 200, description: 'acknowledged', schema: Referral },
    errors: [409],
    async handler({ params, principal, deps }) {
      const { sql, client } = deps;
      const [current] = await sql<
        ReferralRow[]
      >`select r.* from referrals r where r.id = ${params.id} and ${inDisciplineScope(sql, principal)}`;
      if (!current) throw notFound('referral');
      const [row] = await sql<ReferralRow[]>`
        update referrals set acknowledged_at = now(), acknowledged_by = ${principal.keyId}
        where id = ${params.id} and acknowledged_at is null returning *`;
      if (!row)
        throw refused('referral_already_acknowledged', '该移送已确认接收', [
          { acknowledgedAt: current.acknowledged_at },
        ]);
      await signLettersOfReferral(sql, row.id, { keyId: principal.keyId, name: principal.name });
      if (row.subject_kind === 'item') {
        // The item's history shows the acknowledgement; an item already closed keeps it in the referral record alone.
        await client.workflow
          .getHandle(workflowIds.item(row.subject_id))
          .signal(referralAcknowledgedSignal, {
            referralId: row.id,
            by: { keyId: principal.keyId, role: principal.role },
            at: row.acknowledged_at!.toISOString(),
          })
          .catch(() => undefined);
      }
      const [letter] = await sql<
        { letter: ReferralRow['letter'] }[]
      >`select ${letterOf(sql)} from referrals r where r.id = ${row.id}`;
      return { body: view({ ...row, letter: letter?.letter ?? null }) };
    },
  }),
];
