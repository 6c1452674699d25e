import { z } from 'zod';
import { route } from '../route';
import { CampaignParams, Page, PageQuery, decodeCursorAs, encodeCursor } from '../schemas';
import { visibleCampaign } from '../scope';
import { documentVisible } from '../../services/scope';

const Notice = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.string(),
    step: z.string(),
    agencyId: z.string().nullable(),
    issuer: z.object({ id: z.string(), name: z.string() }),
    issueDay: z.string(),
    issuedAt: z.string(),
    /** every matter the notice names: one deadline event each */
    matters: z.array(
      z.object({ eventId: z.string(), subject: z.object({ kind: z.string(), id: z.string() }), deadline: z.string() }),
    ),
  })
  .meta({ id: 'Notice' });

interface NoticeRow {
  id: string;
  number: string;
  kind: string;
  step: string;
  agency_id: string;
  issuer_id: string;
  issuer_name: string;
  issue_day: string;
  issued_at: Date;
  matters: { eventId: string; subject: { kind: string; id: string }; deadline: string }[];
}

export const noticeRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/notices',
    tag: 'events',
    summary: 'Numbered notices as issued (督办通知: one per agency and day naming every matter), newest first',
    access: ['bureau'],
    params: CampaignParams,
    query: PageQuery.extend({ agencyId: z.string().max(64).optional() }),
    response: { status: 200, description: 'a page of notices', schema: Page(Notice) },
    async handler({ params, query, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const before = decodeCursorAs(query.cursor, z.number().int().positive());
      const rows = await sql<NoticeRow[]>`
        select n.id, n.number, n.kind, n.step, n.agency_id, n.issuer_id, n.issuer_name, n.issue_day::text as issue_day, n.issued_at,
               coalesce((select jsonb_agg(jsonb_build_object('eventId', e.id::text, 'subject', jsonb_build_object('kind', e.subject_kind, 'id', e.subject_id),
                                                             'deadline', e.deadline) order by e.id)
                         from deadline_events e where e.notice_id = n.id), '[]'::jsonb) as matters
        from notices n
        where n.campaign_id = ${c.id}
          and ${documentVisible(sql, principal)}
          ${query.agencyId ? sql`and n.agency_id = ${query.agencyId}` : sql``}
          ${before ? sql`and n.id < ${before}` : sql``}
        order by n.id desc
        limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map((n) => ({
            id: String(n.id),
            number: n.number,
            kind: n.kind,
            step: n.step,
            agencyId: n.agency_id || null,
            issuer: { id: n.issuer_id, name: n.issuer_name },
            issueDay: n.issue_day,
            issuedAt: n.issued_at.toISOString(),
            matters: n.matters.map((m) => ({ ...m, deadline: new Date(m.deadline).toISOString() })),
          })),
          nextCursor: rows.length > query.limit ? encodeCursor(Number(page[page.length - 1].id)) : null,
        },
      };
    },
  }),
];
