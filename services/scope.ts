import type { Sql } from 'postgres';

/**
 * Scope (SPEC §1, §10): the one module that says what a caller may see and touch. Every answer reads the
 * organisation registry (org_jurisdictions, org_agencies), never a campaign's own copy of its tree, so an id means
 * the same thing in every campaign. The API's routes, the activities and the services all ask here; nothing else
 * writes a subtree predicate.
 *
 * The fragments name the columns they test; the caller says which table they belong to.
 */

/** Who is asking, as far as scope goes (the API's Principal has this shape). */
export interface ScopeOf {
  keyId: string;
  role: 'admin' | 'bureau' | 'agency' | 'discipline';
  jurisdictionId: string | null;
  agencyId: string | null;
}

type Column = string;

/** The ids of a jurisdiction and every jurisdiction below it in the registry, as a subquery. */
export const subtreeIds = (sql: Sql, jurisdictionId: string) =>
  sql`select id from org_jurisdictions where ${jurisdictionId} = any(path)`;

/** `column` (a jurisdiction id) lies in the subtree of `jurisdictionId`. */
export const jurisdictionUnder = (sql: Sql, column: Column, jurisdictionId: string) =>
  sql`${sql(column)} in (${subtreeIds(sql, jurisdictionId)})`;

/**
 * The campaign (alias `c`) is visible: to a bureau whose jurisdiction lies at or under the campaign's root, to an
 * agency taking part in it. An admin and the discipline commission see campaigns through their own routes.
 */
export function campaignVisible(sql: Sql, p: ScopeOf) {
  if (p.role === 'bureau') {
    return sql`exists (select 1 from org_jurisdictions o where o.id = ${p.jurisdictionId ?? ''} and c.jurisdiction->>'id' = any(o.path))`;
  }
  if (p.role === 'agency')
    return sql`exists (select 1 from agencies a where a.campaign_id = c.id and a.id = ${p.agencyId ?? ''})`;
  return sql`false`;
}

/**
 * A campaign's agencies (the table's `jurisdiction_id`, or `column`) a bureau oversees: those in its subtree.
 * Any other role is narrowed elsewhere (an agency to itself), so the fragment is `true` for it.
 */
export function agencyInScope(sql: Sql, p: ScopeOf, column: Column = 'jurisdiction_id') {
  if (p.role !== 'bureau') return sql`true`;
  return jurisdictionUnder(sql, column, p.jurisdictionId ?? '');
}

/**
 * A row carrying a jurisdiction (a complaint's investigating bureau, a notification's subject, a referral) that the
 * caller oversees. A bureau: its subtree. The discipline commission: its subtree when its key names one, all
 * otherwise. An admin: all. An agency: none (it reads its own rows by id).
 */
export function jurisdictionInScope(sql: Sql, p: ScopeOf, column: Column) {
  if (p.role === 'admin' || (p.role === 'discipline' && !p.jurisdictionId)) return sql`true`;
  if (p.role === 'agency') return sql`false`;
  return jurisdictionUnder(sql, column, p.jurisdictionId ?? '');
}

/**
 * The complaint (alias `c`) is one the caller investigates: a bureau whose subtree holds the complaint's investigating
 * jurisdiction. Nobody else reads a complaint by id (the public follows its own by the tracking code).
 */
export function complaintInvestigated(sql: Sql, p: ScopeOf) {
  if (p.role !== 'bureau') return sql`false`;
  return jurisdictionUnder(sql, 'c.jurisdiction_id', p.jurisdictionId ?? '');
}

/**
 * The issued document (alias `n`, the register `notices`) is one the caller may read: a bureau, when the document's
 * subject lies in its subtree (n.scope_jurisdiction); an agency, when it is addressed to it or to a jurisdiction above
 * it; the discipline commission, the 移送函 of matters in its subtree. Nobody else, the admin included.
 */
export function documentVisible(sql: Sql, p: ScopeOf) {
  if (p.role === 'bureau') return jurisdictionUnder(sql, 'n.scope_jurisdiction', p.jurisdictionId ?? '');
  if (p.role === 'discipline')
    return sql`(n.kind = 'referral_letter' and ${jurisdictionInScope(sql, p, 'n.scope_jurisdiction')})`;
  if (p.role === 'agency')
    return sql`((n.addressee->>'kind' = 'agency' and n.addressee->>'id' = ${p.agencyId ?? ''})
      or (n.addressee->>'kind' = 'jurisdiction' and exists (
        select 1 from agencies x join org_jurisdictions o on o.id = x.jurisdiction_id
        where x.campaign_id = n.campaign_id and x.id = ${p.agencyId ?? ''} and n.addressee->>'id' = any(o.path))))`;
  return sql`false`;
}

/** The inbox messages (recipient_kind, recipient_id) the caller reads: an agency its own, a bureau its jurisdiction's. */
export function inboxOf(sql: Sql, p: ScopeOf) {
  return p.role === 'agency'
    ? sql`recipient_kind = 'agency' and recipient_id = ${p.agencyId ?? ''}`
    : sql`recipient_kind = 'bureau' and recipient_id = ${p.jurisdictionId ?? ''}`;
}

/** Campaign agencies (alias `a`; `column` their jurisdiction) on the caller's desk: an agency itself, a bureau its subtree's. */
export function agencyOnDesk(sql: Sql, p: ScopeOf, column: Column = 'a.jurisdiction_id') {
  return p.role === 'agency' ? sql`a.id = ${p.agencyId ?? ''}` : agencyInScope(sql, p, column);
}

/** The key (`column` names an api_keys id) is the caller's own or that of a bureau or commission in its subtree. */
export function keyInScope(sql: Sql, p: ScopeOf, column: Column) {
  return sql`(${sql(column)} = ${p.keyId} or exists (
    select 1 from api_keys sk where sk.id = ${sql(column)} and sk.role in ('bureau', 'discipline')
      and ${jurisdictionUnder(sql, 'sk.jurisdiction_id', p.jurisdictionId ?? '')}))`;
}

/**
 * A row of a campaign (`column` names its agency id; '' for the campaign's own rows) the caller oversees: a bureau the
 * campaign's own rows and those of agencies in its subtree. Other roles reach the campaign's rows only through routes
 * that narrow them already (an agency to itself), so the fragment is `true` for them.
 */
export function campaignRowInScope(sql: Sql, p: ScopeOf, campaignId: string, column: Column) {
  if (p.role !== 'bureau') return sql`true`;
  return sql`(${sql(column)} = '' or ${sql(column)} in (
    select id from agencies where campaign_id = ${campaignId} and ${agencyInScope(sql, p)}))`;
}

/** A registry row whose jurisdiction is `column` that the caller keeps: the admin every one, a bureau its subtree. */
export function keptByCaller(sql: Sql, p: ScopeOf, column: Column) {
  if (p.role === 'admin') return sql`true`;
  if (p.role !== 'bureau') return sql`false`;
  return jurisdictionUnder(sql, column, p.jurisdictionId ?? '');
}

/**
 * The scope of a key or an account (its jurisdiction and agency, as SQL fragments: columns or values) lies in the
 * subtree of `jurisdictionId`: a bureau or discipline scope at or below it, an agency scope of a registry agency below
 * it. Who may hand out, list and revoke keys and accounts (api/people/grants.ts), and whose audit entries a bureau reads.
 */
export function scopeUnder(
  sql: Sql,
  jurisdictionId: string,
  scope: { jurisdictionId: ReturnType<Sql>; agencyId: ReturnType<Sql> },
) {
  return sql`(${scope.jurisdictionId} in (${subtreeIds(sql, jurisdictionId)})
    or exists (select 1 from org_agencies sa where sa.id = ${scope.agencyId} and ${jurisdictionUnder(sql, 'sa.jurisdiction_id', jurisdictionId)}))`;
}

/**
 * The accounts or keys (rows with role, jurisdiction_id and agency_id columns) the caller manages: the admin all; a
 * bureau those below it that are not the admin's (api/people/grants.ts).
 */
export function managedBy(sql: Sql, p: ScopeOf) {
  if (p.role === 'admin') return sql`true`;
  if (p.role !== 'bureau' || !p.jurisdictionId) return sql`false`;
  return sql`role <> 'admin' and ${scopeUnder(sql, p.jurisdictionId, { jurisdictionId: sql`jurisdiction_id`, agencyId: sql`agency_id` })}`;
}

/** Whether the caller may hand out an account or key of scope `g`: the admin any, a bureau a non-admin one below it. */
export async function mayGrant(
  sql: Sql,
  p: ScopeOf,
  g: { role: string; jurisdictionId?: string | null; agencyId?: string | null },
): Promise<'yes' | 'not_a_bureau' | 'outside'> {
  if (p.role === 'admin') return 'yes';
  if (p.role !== 'bureau' || !p.jurisdictionId || g.role === 'admin') return 'not_a_bureau';
  const [row] = await sql<{ ok: boolean }[]>`
    select ${scopeUnder(sql, p.jurisdictionId, { jurisdictionId: sql`${g.jurisdictionId ?? null}::text`, agencyId: sql`${g.agencyId ?? null}::text` })} as ok`;
  return row?.ok ? 'yes' : 'outside';
}

/**
 * The audit entries (alias `l`, its caller's scope as `k`, its subject's campaign and agency as `s`) the caller reads:
 * the admin all; a bureau its own, those of callers below it, and those about campaigns and agencies it sees.
 */
export function auditEntryVisible(sql: Sql, p: ScopeOf) {
  if (p.role === 'admin') return sql`true`;
  const j = p.jurisdictionId ?? '';
  return sql`l.key_id is not null and l.role is distinct from 'admin' and (
    l.key_id = ${p.keyId}
    or ${scopeUnder(sql, j, { jurisdictionId: sql`k.jurisdiction_id`, agencyId: sql`k.agency_id` })}
    or (exists (select 1 from campaigns c where c.id = s.campaign_id and ${campaignVisible(sql, p)})
        and (s.agency_id is null or exists (
          select 1 from agencies sa where sa.campaign_id = s.campaign_id and sa.id = s.agency_id and ${agencyInScope(sql, p, 'sa.jurisdiction_id')})))
  )`;
}

/** A jurisdiction's ids from the root down to it, per the registry; empty when the registry does not know it. */
export async function jurisdictionPath(sql: Sql, jurisdictionId: string): Promise<string[]> {
  const [row] = await sql<{ path: string[] }[]>`select path from org_jurisdictions where id = ${jurisdictionId}`;
  return row?.path ?? [];
}

/** The jurisdiction the caller keeps: a bureau's own; the admin keeps the whole registry (null). */
export const keptJurisdiction = (p: ScopeOf): string | null => (p.role === 'admin' ? null : p.jurisdictionId);

/** A registry jurisdiction lies in what the caller keeps (the admin keeps everything). */
export async function keepsJurisdiction(sql: Sql, p: ScopeOf, jurisdictionId: string): Promise<boolean> {
  if (p.role === 'admin') return true;
  if (p.role !== 'bureau' || !p.jurisdictionId) return false;
  return (await jurisdictionPath(sql, jurisdictionId)).includes(p.jurisdictionId);
}

/**
 * Of the jurisdictions and agencies a campaign names, those the registry puts outside the caller's subtree: a
 * bureau may only name its own. Ids the registry does not know are not outside (they are registered under the
 * caller, services/registry.ts).
 */
export async function outsideScope(
  sql: Sql,
  p: ScopeOf,
  ids: { jurisdictions: string[]; agencies: string[] },
): Promise<string[]> {
  const under = p.jurisdictionId ?? '';
  const rows = await sql<{ id: string }[]>`
    select id from org_jurisdictions where id = any(${ids.jurisdictions}) and not (${under} = any(path))
    union all
    select a.id from org_agencies a join org_jurisdictions j on j.id = a.jurisdiction_id
    where a.id = any(${ids.agencies}) and not (${under} = any(j.path))`;
  return rows.map((r) => r.id);
}

/** A campaign `c` that receives complaints: every one but a drill. */
const receiving = (sql: Sql) => sql`not coalesce((c.settings->>'drill')::boolean, false)`;

/** Where a complaint goes: the campaign that receives it and the jurisdiction whose bureaus investigate it. */
export interface ComplaintDestination {
  campaignId: string;
  settings: unknown;
  /** the campaign's agency the complaint is about, when one is */
  agencyId: string | null;
  agencyName: string | null;
  jurisdictionId: string;
}

/**
 * Complaint routing (SPEC §10). Drills (演练) take no complaint: only campaigns under way that are not drills receive.
 * A complaint about an agency goes to the newest such campaign that holds it and
 * whose root lies above the agency in the registry, investigated by the bureaus of the agency's jurisdiction. An
 * agency the registry knows but no campaign holds, or no agency at all, goes to the campaign under way nearest the
 * top of the registry (one above the agency when there is one), investigated by the agency's bureaus when the
 * campaign is above it and otherwise by the top of the registry above the campaign (the city bureau): never by a
 * county whose subtree the agency is not in.
 */
export async function complaintDestination(
  sql: Sql,
  agencyId: string | undefined,
): Promise<ComplaintDestination | null> {
  if (agencyId) {
    const [hit] = await sql<{ campaign_id: string; name: string; jurisdiction_id: string; settings: unknown }[]>`
      select a.campaign_id, coalesce(oa.name, a.name) as name, coalesce(oa.jurisdiction_id, a.jurisdiction_id) as jurisdiction_id, c.settings
      from agencies a join campaigns c on c.id = a.campaign_id left join org_agencies oa on oa.id = a.id
      where a.id = ${agencyId} and c.phase <> 'closed' and ${receiving(sql)}
        and (oa.id is null or exists (select 1 from org_jurisdictions o where o.id = oa.jurisdiction_id and c.jurisdiction->>'id' = any(o.path)))
      order by c.created_at desc limit 1`;
    if (hit)
      return {
        campaignId: hit.campaign_id,
        settings: hit.settings,
        agencyId,
        agencyName: hit.name,
        jurisdictionId: hit.jurisdiction_id,
      };
  }
  const [known] = agencyId
    ? await sql<{ name: string; path: string[] }[]>`
        select a.name, j.path from org_agencies a join org_jurisdictions j on j.id = a.jurisdiction_id where a.id = ${agencyId}`
    : [];
  const above = known?.path ?? [];
  const [campaign] = await sql<{ id: string; settings: unknown; root: string; top: string | null }[]>`
    select c.id, c.settings, c.jurisdiction->>'id' as root, o.path[1] as top
    from campaigns c left join org_jurisdictions o on o.id = c.jurisdiction->>'id'
    where c.phase <> 'closed' and ${receiving(sql)}
    order by (c.jurisdiction->>'id' = any(${above})) desc, coalesce(array_length(o.path, 1), 1000), c.created_at desc limit 1`;
  if (!campaign) return null;
  const underRoot = above.includes(campaign.root);
  return {
    campaignId: campaign.id,
    settings: campaign.settings,
    agencyId: null,
    agencyName: known?.name ?? null,
    jurisdictionId: underRoot ? above[above.length - 1] : (campaign.top ?? campaign.root),
  };
}

/** The agencies whose assessment rows the caller reads (SPEC §17): a bureau its subtree's, an agency its own only. */
export function assessedAgencyInScope(sql: Sql, p: ScopeOf) {
  if (p.role === 'agency') return sql`id = ${p.agencyId ?? ''}`;
  return agencyInScope(sql, p);
}

/** Who runs a campaign's assessment and its disclosure: the bureau of the campaign's own (root) jurisdiction. */
export const leadsCampaign = (p: ScopeOf, campaignRootId: string): boolean =>
  p.role === 'bureau' && p.jurisdictionId === campaignRootId;
