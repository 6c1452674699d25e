import type { Sql } from 'postgres';
import type { Agency, Jurisdiction } from '../domain/campaign';
import { outsideScope, type ScopeOf } from './scope';

interface NewJurisdiction {
  id: string;
  name: string;
  parent_id: string | null;
  path: string[];
}

/**
 * The jurisdictions of a campaign's tree the registry lacks, each under its parent in the tree. A known node keeps
 * its place in the registry (the registry, not the campaign, says where an id belongs); its unknown children hang
 * under it there.
 */
function unknownNodes(root: Jurisdiction, known: Map<string, string[]>): NewJurisdiction[] {
  const out: NewJurisdiction[] = [];
  const walk = (j: Jurisdiction, parent: string | null, parentPath: string[]) => {
    let path = known.get(j.id);
    if (!path) {
      path = [...parentPath, j.id];
      out.push({ id: j.id, name: j.name, parent_id: parent, path });
    }
    for (const c of j.children ?? []) walk(c, j.id, path);
  };
  walk(root, null, []);
  return out;
}

const INSERT_CHUNK = 1000;

/**
 * Enrols what a new campaign names in the registry (API.md, POST /v1/campaigns): every jurisdiction and agency the
 * registry already knows must lie in the creating bureau's subtree (those that do not are answered, and nothing is
 * registered); the ones it does not know are registered there, under their parent in the campaign's tree.
 */
export async function enrolCampaign(sql: Sql, p: ScopeOf, def: { jurisdiction: Jurisdiction; agencies: Agency[] }): Promise<{ outside: string[] }> {
  const jurisdictionIds: string[] = [];
  const collect = (j: Jurisdiction) => (jurisdictionIds.push(j.id), (j.children ?? []).forEach(collect));
  collect(def.jurisdiction);
  const agencyIds = def.agencies.map((a) => a.id);
  return sql.begin(async (tx) => {
    const q = tx as unknown as Sql;
    const outside = await outsideScope(q, p, { jurisdictions: jurisdictionIds, agencies: agencyIds });
    if (outside.length) return { outside };
    const known = await q<{ id: string; path: string[] }[]>`select id, path from org_jurisdictions where id = any(${jurisdictionIds})`;
    const fresh = unknownNodes(def.jurisdiction, new Map(known.map((k) => [k.id, k.path])));
    if (fresh.length) await q`insert into org_jurisdictions ${q(fresh, 'id', 'name', 'parent_id', 'path')} on conflict (id) do nothing`;
    for (let i = 0; i < def.agencies.length; i += INSERT_CHUNK) {
      const rows = def.agencies.slice(i, i + INSERT_CHUNK).map((a) => ({ id: a.id, name: a.name, jurisdiction_id: a.jurisdictionId, contact: a.contact ?? null }));
      await q`insert into org_agencies ${q(rows, 'id', 'name', 'jurisdiction_id', 'contact')} on conflict (id) do nothing`;
    }
    return { outside: [] };
  });
}
