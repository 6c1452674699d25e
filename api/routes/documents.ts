import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../domain/documents';
import { noticeOfEvent } from '../../services/documents/noticeData';
import { renderNotice } from '../../services/documents/noticePdf';
import { notFound, refused } from '../errors';
import { route } from '../route';
import { visibleAgency, visibleCampaign } from '../scope';
import { AgencyParams, Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';

const DocumentItem = z
  .object({
    eventId: z.string(),
    kind: z.string(),
    number: z.string().nullable(),
    subject: z.object({ kind: z.string(), id: z.string() }),
    deadline: z.string(),
    occurredAt: z.string(),
  })
  .meta({ id: 'DocumentItem' });

export const documentRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/agencies/:agencyId/documents',
    tag: 'documents',
    summary:
      'The documents issued to an agency (督办通知, 挂牌督办通知书, 移送函), newest first, each printable at /v1/documents/:eventId.pdf',
    access: ['bureau', 'agency'],
    params: AgencyParams,
    query: PageQuery,
    response: { status: 200, description: 'a page of documents', schema: Page(DocumentItem) },
    async handler({ params, query, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, params.agencyId, principal);
      const before = decodeCursor(query.cursor);
      if (before !== null && !/^[1-9][0-9]{0,17}$/.test(before))
        throw refused('invalid_cursor', 'not a cursor this API issued');
      const rows = await deps.sql<
        {
          id: string;
          step: string;
          notice_number: string | null;
          subject_kind: string;
          subject_id: string;
          deadline: Date;
          occurred_at: Date;
        }[]
      >`
        select id, step, notice_number, subject_kind, subject_id, deadline, occurred_at from deadline_events
        where campaign_id = ${c.id} and agency_id = ${params.agencyId} and step in ${deps.sql(Object.keys(DOCUMENT_KINDS))}
          ${before ? deps.sql`and id < ${before}` : deps.sql``}
        order by id desc limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
          items: page.map((r) => ({
            eventId: String(r.id),
            kind: r.step,
            number: r.notice_number,
            subject: { kind: r.subject_kind, id: r.subject_id },
            deadline: r.deadline.toISOString(),
            occurredAt: r.occurred_at.toISOString(),
          })),
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/documents/:eventId.pdf',
    tag: 'documents',
    summary:
      'The numbered notice an escalation issued (督办通知, 挂牌督办通知书, 移送函) as a PDF in official-document layout',
    access: ['bureau', 'agency', 'discipline'],
    params: z.strictObject({ eventId: z.string().regex(/^[1-9][0-9]{0,17}$/, 'not an event id') }),
    response: { status: 200, description: 'the PDF', contentType: 'application/pdf' },
    async handler({ params, principal, deps }) {
      const notice = await noticeOfEvent(deps.sql, params.eventId);
      if (!notice) throw notFound('document');
      // The discipline commission reads the referral letters addressed to it; bureaus and the agency concerned, all.
      if (principal.role === 'discipline') {
        if (notice.data.kind !== 'discipline_referral') throw notFound('document');
      } else {
        const c = await visibleCampaign(deps, notice.campaignId, principal);
        await visibleAgency(deps.sql, c.id, notice.agencyId, principal);
      }
      const pdf = await renderNotice(notice.data);
      const name = `${DOCUMENT_KINDS[notice.data.kind].zh}${notice.data.number ? ` ${notice.data.number}` : ''}.pdf`;
      return { bytes: { contentType: 'application/pdf', content: pdf, filename: name } };
    },
  }),
];
