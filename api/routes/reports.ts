import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Sql } from 'postgres';
import type { Jurisdiction } from '../../domain/campaign';
import {
  COUNT_KEYS,
  contactCells,
  statisticsCells,
  statisticsTable,
  type ContactPerson,
  type ItemOutcome,
  type StatAgency,
  type StatisticsFacts,
  type StatisticsTable,
} from '../../domain/statistics';
import { CSV_CONTENT_TYPE, toCsv } from '../csv';
import type { Principal } from '../principal';
import { route } from '../route';
import { CampaignParams } from '../schemas';
import { visibleCampaign, type CampaignRow } from '../scope';
import { agencyInScope } from '../../services/scope';

const StatisticsRowSchema = z
  .object({
    kind: z.enum(['agency', 'subtotal', 'total']),
    groupId: z.string(),
    groupName: z.string(),
    agencyId: z.string().nullable(),
    name: z.string(),
    counts: z.object(Object.fromEntries(COUNT_KEYS.map((k) => [k, z.number().int()]))),
    rectificationRate: z.number().nullable(),
    standardsFiledOn: z.string().nullable(),
  })
  .meta({ id: 'StatisticsRow' });

const StatisticsSchema = z
  .object({
    campaignId: z.string(),
    campaignName: z.string(),
    scope: z.object({ id: z.string(), name: z.string() }),
    generatedAt: z.string(),
    columns: z.array(z.object({ key: z.string(), header: z.string() })),
    rows: z.array(StatisticsRowSchema),
  })
  .meta({ id: 'Statistics' });

/**
 * A report's file name as a bureau files it: the form, the area it covers and the campaign's year, e.g.
 * 附件2-统计表-中卫市-2027.xlsx (演练 added for a drill). Sent as RFC 5987 filename* (api/app.ts).
 */
export function reportFileName(c: CampaignRow, form: string, scopeName: string, ext: 'csv' | 'xlsx'): string {
  const { calendar } = c.settings;
  const year = DateTime.fromISO(calendar.phases[0].startsAt, { zone: calendar.timeZone }).year;
  return `${form}-${scopeName}-${year}${c.settings.drill ? '-演练' : ''}.${ext}`;
}

/** The bureau's jurisdiction (the table's total row is named after it); the campaign's root for anyone else. */
export async function scopeOf(sql: Sql, c: CampaignRow, p: Principal): Promise<{ id: string; name: string }> {
  if (!p.jurisdictionId) return { id: c.jurisdiction.id, name: c.jurisdiction.name };
  const [row] = await sql<
    { id: string; name: string }[]
  >`select id, name from org_jurisdictions where id = ${p.jurisdictionId}`;
  return row ?? { id: c.jurisdiction.id, name: c.jurisdiction.name };
}

interface AgencyPathRow {
  id: string;
  name: string;
  path: string[];
  contact: ContactPerson | null;
}

/** The agencies the caller sees, each with its jurisdiction path from the campaign's root. */
export async function scopedAgencies(sql: Sql, c: CampaignRow, p: Principal): Promise<AgencyPathRow[]> {
  return sql<AgencyPathRow[]>`
    select a.id, a.name, a.contact, j.path
    from agencies a join jurisdictions j on j.campaign_id = a.campaign_id and j.id = a.jurisdiction_id
    where a.campaign_id = ${c.id}
      and a.id in (select id from agencies where campaign_id = ${c.id} and ${agencyInScope(sql, p)})`;
}

/**
 * The counts behind Attachment 2, in one read-only snapshot: a handful of grouped queries over the ledger, referrals,
 * the reminder and escalation record, complaints and the D6/D8 submissions.
 */
async function statisticsFacts(
  sql: Sql,
  c: CampaignRow,
  p: Principal,
): Promise<{ agencies: StatAgency[]; facts: StatisticsFacts; scope: { id: string; name: string } }> {
  return (await sql.begin('isolation level repeatable read read only', async (tx) => {
    const q = tx as unknown as Sql;
    const inScope = q`select id from agencies where campaign_id = ${c.id} and ${agencyInScope(q, p)}`;
    const agencies = await scopedAgencies(q, c, p);
    const items = await q<
      {
        agency_id: string;
        area: string;
        source: string;
        outcome: ItemOutcome;
        overdue: boolean;
        listed: boolean;
        n: number;
      }[]
    >`
      select agency_id, left(checklist_code, 1) as area, source,
             case when status <> 'closed' then 'in_progress'
                  when closure->>'kind' = 'rectified' then 'rectified'
                  else 'closed_otherwise' end as outcome,
             overdue, listed, count(*)::int as n
      from ledger_items
      where campaign_id = ${c.id} and agency_id in (${inScope})
      group by 1, 2, 3, 4, 5, 6`;
    const disposals = await q<{ agency_id: string; disposal: string; n: number }[]>`
      select agency_id, d as disposal, count(distinct id)::int as n
      from ledger_items, unnest(disposals) as d
      where campaign_id = ${c.id} and agency_id in (${inScope})
      group by 1, 2`;
    const referrals = await q<{ agency_id: string; n: number }[]>`
      select agency_id, count(*)::int as n from referrals
      where campaign_id = ${c.id} and target = 'discipline_commission' and agency_id in (${inScope})
      group by 1`;
    const events = await q<{ agency_id: string; type: string; step: string; n: number }[]>`
      select agency_id, type, step, count(*)::int as n from deadline_events
      where campaign_id = ${c.id} and agency_id in (${inScope}) and not missed
      group by 1, 2, 3`;
    const complaints = await q<{ agency_id: string; received: number; substantiated: number; referred: number }[]>`
      select agency_id, count(*)::int as received, (count(*) filter (where outcome = 'substantiated'))::int as substantiated,
             (count(*) filter (where suggestion_target is not null))::int as referred
      from complaints
      where campaign_id = ${c.id} and agency_id in (${inScope})
      group by 1`;
    const rules = await q<{ agency_id: string; kind: string; n: number }[]>`
      select s.agency_id, r->>'kind' as kind, count(*)::int as n
      from submissions s,
           jsonb_array_elements(case when jsonb_typeof(s.body->'rules') = 'array' then s.body->'rules' else '[]'::jsonb end) as r
      where s.campaign_id = ${c.id} and s.code = 'D8' and s.agency_id in (${inScope})
      group by 1, 2`;
    const standards = await q<{ agency_id: string; filed_on: string }[]>`
      select agency_id, body->>'filedOn' as filed_on from submissions
      where campaign_id = ${c.id} and code = 'D6' and body->>'filedOn' is not null and agency_id in (${inScope})`;
    return {
      scope: await scopeOf(q, c, p),
      agencies: agencies.map(({ id, name, path }) => ({ id, name, path })),
      facts: {
        items: items.map((r) => ({
          agencyId: r.agency_id,
          area: r.area,
          source: r.source,
          outcome: r.outcome,
          overdue: r.overdue,
          listed: r.listed,
          n: r.n,
        })),
        disposals: disposals.map((r) => ({ agencyId: r.agency_id, disposal: r.disposal, n: r.n })),
        referrals: referrals.map((r) => ({ agencyId: r.agency_id, n: r.n })),
        events: events.map((r) => ({ agencyId: r.agency_id, type: r.type, step: r.step, n: r.n })),
        complaints: complaints.map((r) => ({
          agencyId: r.agency_id,
          received: r.received,
          substantiated: r.substantiated,
          referred: r.referred,
        })),
        rules: rules.map((r) => ({ agencyId: r.agency_id, kind: r.kind, n: r.n })),
        standards: standards.map((r) => ({ agencyId: r.agency_id, filedOn: r.filed_on })),
      },
    };
  })) as { agencies: StatAgency[]; facts: StatisticsFacts; scope: { id: string; name: string } };
}

export async function statistics(
  sql: Sql,
  c: CampaignRow,
  p: Principal,
): Promise<{ scope: { id: string; name: string }; table: StatisticsTable }> {
  const { agencies, facts, scope } = await statisticsFacts(sql, c, p);
  return { scope, table: statisticsTable({ root: c.jurisdiction as Jurisdiction, scope, agencies, facts }) };
}

/** Attachment 1's cells: the contact each agency reported in D2, else the one given when the campaign was defined. */
export async function contacts(sql: Sql, c: CampaignRow, p: Principal): Promise<(string | null)[][]> {
  const agencies = await scopedAgencies(sql, c, p);
  const reported = await sql<{ agency_id: string; body: ContactPerson }[]>`
    select agency_id, body from submissions
    where campaign_id = ${c.id} and code = 'D2' and agency_id in (select id from agencies where campaign_id = ${c.id} and ${agencyInScope(sql, p)})`;
  const byAgency = new Map(reported.map((r) => [r.agency_id, r.body]));
  return contactCells(
    c.jurisdiction as Jurisdiction,
    agencies.map((a) => ({ ...a, reported: byAgency.get(a.id) ?? null, defined: a.contact })),
  );
}

const csvResponse = (description: string) => ({
  status: 200,
  description,
  schema: z.string(),
  contentType: 'text/csv',
});

export const reportRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/reports/statistics',
    tag: 'reports',
    summary:
      "Attachment 2 (统计表) as JSON: one row per agency in the bureau's jurisdiction, a subtotal per county/district and for the city-level departments (市直), and a total. Column keys and Chinese headers are listed in `columns`; docs/REPORTS.md explains each.",
    access: ['bureau'],
    params: CampaignParams,
    readCache: 'data',
    response: { status: 200, description: 'the statistics table', schema: StatisticsSchema },
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      const { scope, table } = await statistics(deps.sql, c, principal);
      return {
        body: { campaignId: c.id, campaignName: c.name, scope, generatedAt: new Date().toISOString(), ...table },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/reports/statistics.csv',
    tag: 'reports',
    summary:
      'Attachment 2 (统计表) as CSV (UTF-8 with BOM, Chinese headers, one header row): the same rows as the JSON report. Headers → meaning in docs/REPORTS.md.',
    access: ['bureau'],
    params: CampaignParams,
    readCache: 'data',
    response: csvResponse('the statistics table as an attachment'),
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      const { scope, table } = await statistics(deps.sql, c, principal);
      return {
        text: {
          contentType: CSV_CONTENT_TYPE,
          content: toCsv(statisticsCells(table)),
          filename: reportFileName(c, '附件2-统计表', scope.name, 'csv'),
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/reports/contacts.csv',
    tag: 'reports',
    summary:
      'Attachment 1 (联系人名单) as CSV: 县区, 单位, 姓名, 职务, 联系电话, 电子邮箱, 信息来源 — the contact the agency reported in D2, else the one given when the campaign was defined.',
    access: ['bureau'],
    params: CampaignParams,
    readCache: 'data',
    response: csvResponse('the contact roster as an attachment'),
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      const [scope, cells] = await Promise.all([scopeOf(deps.sql, c, principal), contacts(deps.sql, c, principal)]);
      const filename = reportFileName(c, '附件1-联系人', scope.name, 'csv');
      return { text: { contentType: CSV_CONTENT_TYPE, content: toCsv(cells), filename } };
    },
  }),
];
