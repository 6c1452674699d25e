import { z } from 'zod';
import { refused } from '../errors';
import { Me, meOf } from '../people/me';
import { route } from '../route';
import { Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import { campaignVisible } from '../../services/scope';

const CampaignListItem = z
  .object({
    id: z.string(),
    name: z.string(),
    phase: z.string(),
    createdAt: z.string(),
    timeZone: z.string(),
    drill: z.boolean().describe('a drill (演练): takes no public complaint'),
  })
  .meta({ id: 'CampaignListItem' });

function parseCursor(text: string): [string, string] {
  try {
    const value = JSON.parse(text) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !isNaN(Date.parse(value[0]))
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw refused('invalid_cursor', 'the query is not valid', [
    { code: 'custom', path: ['cursor'], message: 'not a cursor this API issued', in: 'query' },
  ]);
}

/**
 * What a signed-in operator needs before anything else: who the key is (GET /v1/me), and the campaigns it can open
 * (GET /v1/campaigns). The visibility rule is visibleCampaign's: a bureau sees the campaigns whose jurisdiction tree
 * holds its jurisdiction, an agency the campaigns it takes part in.
 */
export const campaignListRoutes = [
  route({
    method: 'get',
    path: '/v1/me',
    tag: 'system',
    summary:
      'Who is calling (a person signed in, or a key): role, jurisdiction, agency, name, and for a session its CSRF token',
    access: ['admin', 'bureau', 'agency', 'discipline'],
    beforePasswordChange: true,
    response: { status: 200, description: 'the caller', schema: Me },
    async handler({ principal, deps }) {
      return { body: await meOf(deps.sql, principal) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns',
    tag: 'campaigns',
    summary: 'The campaigns this key can see, newest first',
    access: ['bureau', 'agency'],
    query: PageQuery,
    response: { status: 200, description: 'a page of campaigns', schema: Page(CampaignListItem) },
    async handler({ query, principal: p, deps }) {
      const { sql } = deps;
      // Keyset pagination over (created_at desc, id desc).
      const after = decodeCursor(query.cursor);
      const [afterAt, afterId] = after ? parseCursor(after) : [null, null];
      const rows = await sql<
        { id: string; name: string; phase: string; created_at: Date; time_zone: string | null; drill: boolean }[]
      >`
        select c.id, c.name, c.phase, c.created_at, c.settings->'calendar'->>'timeZone' as time_zone,
          coalesce((c.settings->>'drill')::boolean, false) as drill
        from campaigns c
        where ${campaignVisible(sql, p)}
        ${after ? sql`and (date_trunc('milliseconds', c.created_at), c.id) < (${afterAt}::timestamptz, ${afterId})` : sql``}
        order by date_trunc('milliseconds', c.created_at) desc, c.id desc
        limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        body: {
          items: page.map((r) => ({
            id: r.id,
            name: r.name,
            phase: r.phase,
            createdAt: r.created_at.toISOString(),
            timeZone: r.time_zone ?? 'Asia/Shanghai',
            drill: r.drill,
          })),
          nextCursor:
            rows.length > query.limit ? encodeCursor(JSON.stringify([last.created_at.toISOString(), last.id])) : null,
        },
      };
    },
  }),
];
