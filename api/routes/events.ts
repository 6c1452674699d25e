import { z } from 'zod';
import { route } from '../route';
import { CampaignParams, Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import { visibleCampaign } from '../scope';
import { agencyInScope } from '../../services/scope';

export const EventItem = z
  .object({
    id: z.string(),
    type: z.enum(['reminder', 'escalation']),
    step: z.string(),
    agencyId: z.string().nullable(),
    subject: z.object({ kind: z.string(), id: z.string() }),
    deadline: z.string(),
    scheduledFor: z.string(),
    occurredAt: z.string(),
    noticeNumber: z.string().nullable(),
    /** the numbered notice (督办通知 …) this step belongs to: GET /v1/campaigns/{id}/notices */
    noticeId: z.string().nullable(),
    /** the referral this step made (discipline_referral): the same the commission sees in GET /v1/referrals */
    referralId: z.string().nullable(),
    /** a reminder whose deadline had passed when it was taken (after an outage): recorded, not sent */
    missed: z.boolean(),
  })
  .meta({ id: 'DeadlineEvent' });

export const eventRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/events',
    tag: 'events',
    summary: 'Reminders and escalations, newest first; each (subject, deadline, step) at most once',
    access: ['bureau'],
    params: CampaignParams,
    query: PageQuery.extend({
      type: z.enum(['reminder', 'escalation']).optional(),
      agencyId: z.string().max(64).optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      subjectKind: z.enum(['deliverable', 'item', 'complaint']).optional(),
      subjectId: z.string().max(64).optional(),
    }),
    response: { status: 200, description: 'a page of events', schema: Page(EventItem) },
    async handler({ params, query, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const before = decodeCursor(query.cursor);
      const rows = await sql<{ id: string; type: 'reminder' | 'escalation'; step: string; agency_id: string; subject_kind: string; subject_id: string; deadline: Date; scheduled_for: Date; occurred_at: Date; notice_number: string | null; notice_id: string | null; referral_id: string | null; missed: boolean }[]>`
        select e.id, e.type, e.step, e.agency_id, e.subject_kind, e.subject_id, e.deadline, e.scheduled_for, e.occurred_at, e.notice_number,
               e.notice_id, e.referral_id, e.missed
        from deadline_events e
        where e.campaign_id = ${c.id}
          ${principal.role === 'bureau' ? sql`and (e.agency_id = '' or e.agency_id in (select id from agencies where campaign_id = ${c.id} and ${agencyInScope(sql, principal)}))` : sql``}
          ${query.type ? sql`and e.type = ${query.type}` : sql``}
          ${query.agencyId ? sql`and e.agency_id = ${query.agencyId}` : sql``}
          ${query.since ? sql`and e.occurred_at >= ${query.since}` : sql``}
          ${query.subjectKind ? sql`and e.subject_kind = ${query.subjectKind}` : sql``}
          ${query.subjectId ? sql`and e.subject_id = ${query.subjectId}` : sql``}
          ${before ? sql`and e.id < ${before}` : sql``}
        order by e.id desc
        limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map((r) => ({
            id: String(r.id),
            type: r.type,
            step: r.step,
            agencyId: r.agency_id || null,
            subject: { kind: r.subject_kind, id: r.subject_id },
            deadline: r.deadline.toISOString(),
            scheduledFor: r.scheduled_for.toISOString(),
            occurredAt: r.occurred_at.toISOString(),
            noticeNumber: r.notice_number,
            noticeId: r.notice_id == null ? null : String(r.notice_id),
            referralId: r.referral_id,
            missed: r.missed,
          })),
          nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
        },
      };
    },
  }),
];
