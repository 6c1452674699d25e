import { z } from 'zod';
import { Id } from '../../domain/campaign';
import { DISPOSALS } from '../../domain/ledger';
import { badRequest } from '../errors';
import { route } from '../route';
import { CampaignParams, Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import { visibleCampaign } from '../scope';
import { agencyInScope } from '../../services/scope';

/**
 * The ledger items spot-checks opened, with their classified disposals (分类处置): what the bureau's spot-check screens
 * list as findings, and, filtered by `public_notification`, the typical cases to be publicly notified (通报曝光).
 */
const SpotCheckFinding = z
  .object({
    itemId: z.string(),
    spotCheckId: z.string(),
    agencyId: z.string(),
    agencyName: z.string(),
    checklistCode: z.string(),
    description: z.string(),
    severity: z.string(),
    classification: z.string(),
    disposals: z.array(z.string()),
    responsiblePerson: z.string().nullable(),
    dueAt: z.string(),
    status: z.string(),
    listed: z.boolean(),
    overdue: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'SpotCheckFindingItem' });

interface FindingRow {
  id: string;
  spot_check_id: string;
  agency_id: string;
  agency_name: string;
  checklist_code: string;
  description: string;
  severity: string;
  classification: string;
  disposals: string[];
  responsible_person: string | null;
  due_at: Date;
  status: string;
  listed: boolean;
  overdue: boolean;
  created_at: Date;
}

export const spotCheckFindingRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/spot-check-findings',
    tag: 'spot-checks',
    summary:
      "The ledger items spot-check findings opened in the bureau's jurisdiction, with their disposals; filters spotCheckId, agencyId and disposal (public_notification: the 通报 list)",
    access: ['bureau'],
    params: CampaignParams,
    query: PageQuery.extend({
      spotCheckId: Id.optional(),
      agencyId: Id.optional(),
      disposal: z.enum(DISPOSALS).optional(),
    }),
    response: { status: 200, description: 'a page of findings', schema: Page(SpotCheckFinding) },
    async handler({ params, query, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const after = decodeCursor(query.cursor);
      if (after !== null && !Id.safeParse(after).success) throw badRequest('the cursor is not one this API issued');
      const rows = await sql<FindingRow[]>`
        select i.id, i.spot_check_id, i.agency_id, a.name as agency_name, i.checklist_code, i.description, i.severity, i.classification,
          i.disposals, i.responsible_person, i.due_at, i.status, i.listed, i.overdue, i.created_at
        from ledger_items i join agencies a on a.campaign_id = i.campaign_id and a.id = i.agency_id
        where i.campaign_id = ${c.id} and i.spot_check_id is not null and ${agencyInScope(sql, principal, 'a.jurisdiction_id')}
          ${query.spotCheckId ? sql`and i.spot_check_id = ${query.spotCheckId}` : sql``}
          ${query.agencyId ? sql`and i.agency_id = ${query.agencyId}` : sql``}
          ${query.disposal ? sql`and ${query.disposal} = any(i.disposals)` : sql``}
          ${after ? sql`and i.id > ${after}` : sql``}
        order by i.id limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map((r) => ({
            itemId: r.id,
            spotCheckId: r.spot_check_id,
            agencyId: r.agency_id,
            agencyName: r.agency_name,
            checklistCode: r.checklist_code,
            description: r.description,
            severity: r.severity,
            classification: r.classification,
            disposals: r.disposals,
            responsiblePerson: r.responsible_person,
            dueAt: r.due_at.toISOString(),
            status: r.status,
            listed: r.listed,
            overdue: r.overdue,
            createdAt: r.created_at.toISOString(),
          })),
          nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
        },
      };
    },
  }),
];
