import type { Sql } from 'postgres';
import type { CampaignDefinition, CampaignSettings, Jurisdiction } from '../domain/campaign';
import { agencyInScope, campaignVisible } from '../services/scope';
import { enrolCampaign } from '../services/registry';
import { HttpError, notFound, refused } from './errors';
import type { Principal } from './principal';
import { scopeKey } from './caches';
import type { ApiDeps } from './route';

export interface CampaignRow {
  id: string;
  name: string;
  jurisdiction: Jurisdiction;
  settings: CampaignSettings;
  phase: string;
  created_at: Date;
  closed_at: Date | null;
}

/**
 * The HTTP face of services/scope.ts: the checks that answer 404 or 403 themselves. The rules are all there.
 *
 * The campaign if the caller may see it: a bureau whose jurisdiction lies in the campaign's tree, an agency taking
 * part in it. Anything else answers 404, so the existence of other jurisdictions' campaigns is not revealed.
 */
export async function visibleCampaign(
  { sql, caches }: Pick<ApiDeps, 'sql' | 'caches'>,
  id: string,
  p: Principal,
): Promise<CampaignRow> {
  const row = await caches.campaigns.get(id, scopeKey(p), async () => {
    const [found] = await sql<CampaignRow[]>`
      select c.id, c.name, c.jurisdiction, c.settings, c.phase, c.created_at, c.closed_at from campaigns c
      where c.id = ${id} and ${campaignVisible(sql, p)}`;
    return { value: found ?? null, keep: Boolean(found) };
  });
  if (!row) throw notFound('campaign');
  return row;
}

export interface AgencyRow {
  campaign_id: string;
  id: string;
  name: string;
  jurisdiction_id: string;
  contact: unknown;
  phase: string;
  next_deadline_at: Date | null;
  overdue: boolean;
  listed: boolean;
  state: unknown;
}

/** The agency if the caller may see it: its own key, or a bureau above it. */
export async function visibleAgency(sql: Sql, campaignId: string, agencyId: string, p: Principal): Promise<AgencyRow> {
  if (p.role === 'agency' && p.agencyId !== agencyId) throw notFound('agency');
  const [row] = await sql<AgencyRow[]>`
    select campaign_id, id, name, jurisdiction_id, contact, phase, next_deadline_at, overdue, listed, state
    from agencies where campaign_id = ${campaignId} and id = ${agencyId} and ${agencyInScope(sql, p)}`;
  if (!row) throw notFound('agency');
  return row;
}

/** Only the agency itself acts for itself (submits, answers); a bureau sees but does not submit for it. */
export function assertActsFor(p: Principal, agencyId: string): void {
  if (p.role !== 'agency' || p.agencyId !== agencyId)
    throw refused('own_agency_only', 'only the agency itself may do this');
}

/**
 * A new campaign names only jurisdictions and agencies of its bureau's subtree (API.md): ids the registry places
 * elsewhere → 403 outside_scope listing them; ids it lacks are registered under the bureau.
 */
export async function enrolOrRefuse(sql: Sql, p: Principal, def: CampaignDefinition): Promise<void> {
  const { outside } = await enrolCampaign(sql, p, def);
  if (outside.length) {
    throw new HttpError(
      403,
      'outside_scope',
      `这些机构或辖区不属于本单位辖区，不能列入本单位的专项整治：${outside.join('、')}`,
      outside,
    );
  }
}
