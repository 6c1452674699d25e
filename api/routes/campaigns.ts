import type { Sql } from 'postgres';
import { z } from 'zod';
import { CampaignDefinitionSchema, PolicySchema } from '../../domain/campaign';
import { settleDefinition } from '../../domain/campaignYear';
import {
  campaignStatusQuery,
  joinAgenciesUpdate,
  workflowIds,
  type CampaignWorkflowInput,
} from '../../domain/contract';
import type { Agency } from '../../domain/campaign';
import { Id } from '../../domain/campaign';
import { sendUpdate } from '../updates';
import { deadlineLight, LIGHT_ORDER, type Light } from '../../domain/policy/schedule';
import { badRequest, HttpError, refused } from '../errors';
import { route } from '../route';
import { CampaignParams } from '../schemas';
import { enrolOrRefuse, visibleCampaign } from '../scope';
import { agencyInScope } from '../../services/scope';
import { queryLive } from '../liveState';
import { creationId, IDEMPOTENCY_HEADER } from '../idempotency';
import { keepDraft } from '../../services/campaignDefinitions';
import { openCampaign } from '../../services/workflowStarts';
import { startSearchAttributes } from '../../domain/searchAttributes';

/** A province's rows take longer to write than an item's: the workflow's first task writes 10,000 agencies. */
const CAMPAIGN_ROWS_WAIT_MS = 60_000;

export const CampaignSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    phase: z.string(),
    closedAt: z.string().nullable(),
    drill: z.boolean().describe('a drill (演练): takes no public complaint; its documents say 演练'),
    jurisdiction: z.unknown(),
    calendar: z.unknown(),
    policy: z.unknown(),
    agencies: z.object({
      total: z.number(),
      byPhase: z.record(z.string(), z.number()),
      byLight: z.record(z.string(), z.number()),
      overdue: z.number(),
      listed: z.number(),
    }),
    deliverables: z.object({
      received: z.number(),
      late: z.number(),
      due: z.number(),
      // the bureau's review (审核): received and accepted (审核通过), and returns (退回) made, each return once
      accepted: z.number(),
      returned: z.number(),
    }),
    nextDeadlines: z.array(z.object({ dueAt: z.string(), agencies: z.number() })),
    workflow: z.object({ agenciesStarted: z.number(), fanOutDone: z.boolean() }).nullable(),
  })
  .meta({ id: 'CampaignSummary' });

const JoinBody = z.strictObject({
  agencies: z
    .array(z.strictObject({ id: Id }))
    .min(1)
    .max(1000)
    .describe('agencies of the registry, in the bureau’s scope and within the campaign’s jurisdictions'),
});
const JoinReceiptSchema = z.object({
  joined: z.array(z.string()),
  alreadyIn: z.array(z.string()).describe('agencies the campaign held already, left as they were'),
  joinedAt: z
    .string()
    .nullable()
    .describe('the joined agencies’ ladders start here: no step due before it is taken (null when none joined)'),
});

/** The registry's agencies a bureau adds to a running campaign, as the campaign's rows will hold them. */
async function joiningAgencies(
  sql: Sql,
  campaignId: string,
  principal: { jurisdictionId: string | null },
  ids: string[],
): Promise<{ joining: Agency[]; alreadyIn: string[] }> {
  const found = await sql<
    {
      id: string;
      name: string;
      jurisdiction_id: string;
      contact: Agency['contact'] | null;
      path: string[];
      held: boolean;
      in_campaign: boolean;
    }[]
  >`
    select a.id, a.name, a.jurisdiction_id, a.contact, j.path,
      exists (select 1 from jurisdictions cj where cj.campaign_id = ${campaignId} and cj.id = a.jurisdiction_id) as held,
      exists (select 1 from agencies ca where ca.campaign_id = ${campaignId} and ca.id = a.id) as in_campaign
    from org_agencies a join org_jurisdictions j on j.id = a.jurisdiction_id where a.id = any(${ids})`;
  const unknown = ids.filter((id) => !found.some((a) => a.id === id));
  if (unknown.length) throw refused('not_found', `名录中没有这些执法机关：${unknown.join('、')}`, unknown);
  const outside = found.filter((a) => !principal.jurisdictionId || !a.path.includes(principal.jurisdictionId));
  if (outside.length)
    throw refused(
      'outside_scope',
      `不在本单位辖区内：${outside.map((a) => a.name).join('、')}`,
      outside.map((a) => a.id),
    );
  const elsewhere = found.filter((a) => !a.held);
  if (elsewhere.length)
    throw refused(
      'agency_outside_campaign',
      `这些执法机关所在的辖区不在本专项整治的范围内：${elsewhere.map((a) => a.name).join('、')}`,
      elsewhere.map((a) => a.id),
    );
  return {
    joining: found
      .filter((a) => !a.in_campaign)
      .map((a) => ({
        id: a.id,
        name: a.name,
        jurisdictionId: a.jurisdiction_id,
        ...(a.contact ? { contact: a.contact } : {}),
      })),
    alreadyIn: found.filter((a) => a.in_campaign).map((a) => a.id),
  };
}

export const campaignRoutes = [
  route({
    method: 'post',
    path: '/v1/campaigns',
    tag: 'campaigns',
    summary:
      'Define and start a campaign; an omitted calendar is the plan laid into `year` (default: this year while its close is ahead, else the next)',
    access: ['bureau'],
    body: CampaignDefinitionSchema,
    // a province's campaign definition, with every agency, is the largest body the API takes
    bodyLimit: '20mb',
    response: { status: 201, description: 'the campaign is running', schema: z.object({ id: z.string() }) },
    errors: [403, 409, 422],
    async handler({ body: def, principal, deps, req }) {
      if (principal.jurisdictionId !== def.jurisdiction.id) {
        throw refused(
          'campaign_outside_bureau',
          `a bureau launches campaigns for its own jurisdiction (${principal.jurisdictionId}), not for "${def.jurisdiction.id}"`,
        );
      }
      const { settings, refusal } = settleDefinition(def, Date.now());
      if (refusal) throw new HttpError(422, refusal.code, refusal.message, refusal.details);
      const policy = PolicySchema.safeParse(settings.policy);
      if (!policy.success) throw badRequest('the policy is not valid', policy.error.issues);
      // last of the checks: a definition refused for another reason registers nothing
      await enrolOrRefuse(deps.sql, principal, def);
      // The workflow first, and it writes the campaign's rows in its first task from the definition kept here by its
      // digest: nothing to take back if anything fails. Under an Idempotency-Key the id follows from it, so a retry
      // after a lost answer finds the one campaign.
      const { sql, client, config } = deps;
      const id = creationId('c', principal.keyId, req.get(IDEMPOTENCY_HEADER));
      const definitionDigest = await keepDraft(sql, {
        name: def.name,
        jurisdiction: def.jurisdiction,
        settings,
        agencies: def.agencies,
      });
      const input: CampaignWorkflowInput = {
        campaignId: id,
        settings,
        rows: { definitionDigest, createdBy: principal.keyId },
      };
      await openCampaign(client, input, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        searchAttributes: startSearchAttributes({ campaignId: id, jurisdictionId: def.jurisdiction.id }),
        rowExists: async () => (await sql`select 1 from campaigns where id = ${id}`).length > 0,
        waitMs: CAMPAIGN_ROWS_WAIT_MS,
      });
      // The id was used before for another definition (the key's stored answer is gone, e.g. its first request failed)
      const [made] = await sql<
        { definition_digest: string | null }[]
      >`select definition_digest from campaigns where id = ${id}`;
      if (made.definition_digest !== definitionDigest) {
        throw refused(
          'creation_key_reused',
          `此 ${IDEMPOTENCY_HEADER} 已用于创建另一项专项整治（${id}），内容与本次不同：请换用新的 ${IDEMPOTENCY_HEADER}`,
          [{ id }],
        );
      }
      return { status: 201, body: { id } };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id',
    tag: 'campaigns',
    summary: 'Phase, calendar, counts by phase and light, overdue counts and next deadlines',
    access: ['bureau'],
    params: CampaignParams,
    response: { status: 200, description: 'the campaign', schema: CampaignSummary },
    async handler({ params, principal, deps }) {
      const { sql, client } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const scope = agencyInScope(sql, principal);
      const groups = await sql<
        { phase: string; next_deadline_at: Date | null; listed: boolean; overdue: boolean; n: number }[]
      >`
        select phase, next_deadline_at, listed, overdue, count(*)::int as n from agencies
        where campaign_id = ${c.id} and ${scope} group by 1, 2, 3, 4`;
      const [[delivered], [returns]] = await Promise.all([
        sql<{ received: number; late: number; accepted: number }[]>`
          select count(*)::int as received, count(*) filter (where late)::int as late,
            count(*) filter (where accepted_at is not null)::int as accepted from submissions s
          join agencies a on a.campaign_id = s.campaign_id and a.id = s.agency_id
          where s.campaign_id = ${c.id} and s.returned_at is null and ${scope}`,
        sql<{ returned: number }[]>`
          select count(*)::int as returned from deliverable_history h
          join agencies a on a.campaign_id = h.campaign_id and a.id = h.agency_id
          where h.campaign_id = ${c.id} and h.action = 'returned' and ${scope}`,
      ]);
      const now = Date.now();
      const tz = c.settings.calendar.timeZone;
      const byPhase: Record<string, number> = {};
      const byLight: Record<Light, number> = Object.fromEntries(LIGHT_ORDER.map((l) => [l, 0])) as Record<
        Light,
        number
      >;
      const nextDeadlines = new Map<string, number>();
      let total = 0,
        overdue = 0,
        listed = 0;
      for (const g of groups) {
        total += g.n;
        byPhase[g.phase] = (byPhase[g.phase] ?? 0) + g.n;
        const light = g.next_deadline_at
          ? deadlineLight({ dueMs: g.next_deadline_at.getTime(), listed: g.listed }, now, c.settings.policy, tz)
          : g.listed
            ? 'red'
            : 'green';
        byLight[light] += g.n;
        if (g.overdue) overdue += g.n;
        if (g.listed) listed += g.n;
        if (g.next_deadline_at && g.next_deadline_at.getTime() > now) {
          const key = g.next_deadline_at.toISOString();
          nextDeadlines.set(key, (nextDeadlines.get(key) ?? 0) + g.n);
        }
      }
      const live = await queryLive(client, workflowIds.campaign(c.id), campaignStatusQuery);
      return {
        body: {
          id: c.id,
          name: c.name,
          phase: live?.phase ?? c.phase,
          closedAt: c.closed_at?.toISOString() ?? null,
          drill: c.settings.drill === true,
          jurisdiction: c.jurisdiction,
          calendar: c.settings.calendar,
          policy: c.settings.policy,
          agencies: { total, byPhase, byLight, overdue, listed },
          deliverables: {
            received: delivered.received,
            late: delivered.late,
            accepted: delivered.accepted,
            returned: returns.returned,
            due: total * Object.keys(c.settings.calendar.deadlines).length,
          },
          nextDeadlines: [...nextDeadlines]
            .sort(([a], [b]) => a.localeCompare(b))
            .slice(0, 10)
            .map(([dueAt, agencies]) => ({ dueAt, agencies })),
          workflow: live ? { agenciesStarted: live.agenciesStarted, fanOutDone: live.fanOutDone } : null,
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/agencies',
    tag: 'campaigns',
    summary:
      'Agencies of the registry join the running campaign; their ladders start now (a deadline already past is not escalated retroactively)',
    access: ['bureau'],
    params: CampaignParams,
    body: JoinBody,
    response: { status: 202, description: 'the agencies joined and their workflows run', schema: JoinReceiptSchema },
    errors: [403, 404, 409, 422],
    async handler({ params, body, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      if (c.phase === 'closed') throw refused('campaign_closed', '该专项整治已结束');
      const ids = [...new Set(body.agencies.map((a) => a.id))];
      const { joining, alreadyIn } = await joiningAgencies(deps.sql, c.id, principal, ids);
      const receipt = joining.length
        ? await sendUpdate(deps.client, workflowIds.campaign(c.id), joinAgenciesUpdate, [{ agencies: joining }])
        : { joined: [], joinedAt: null };
      return { status: 202, body: { ...receipt, alreadyIn } };
    },
  }),
];
