import type { CodeGroup } from '../domain/documents';
import type { Sql } from 'postgres';
import type { Agency, Jurisdiction } from '../domain/campaign';
import type { RosterAgency, RosterFacts } from '../domain/registry/roster';
import { jurisdictionUnder, outsideScope, type ScopeOf } from './scope';

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
export async function enrolCampaign(
  sql: Sql,
  p: ScopeOf,
  def: { jurisdiction: Jurisdiction; agencies: Agency[] },
): Promise<{ outside: string[] }> {
  const jurisdictionIds: string[] = [];
  const collect = (j: Jurisdiction) => (jurisdictionIds.push(j.id), (j.children ?? []).forEach(collect));
  collect(def.jurisdiction);
  const agencyIds = def.agencies.map((a) => a.id);
  return sql.begin(async (tx) => {
    const q = tx as unknown as Sql;
    const outside = await outsideScope(q, p, { jurisdictions: jurisdictionIds, agencies: agencyIds });
    if (outside.length) return { outside };
    const known = await q<
      { id: string; path: string[] }[]
    >`select id, path from org_jurisdictions where id = any(${jurisdictionIds})`;
    const fresh = unknownNodes(def.jurisdiction, new Map(known.map((k) => [k.id, k.path])));
    if (fresh.length)
      await q`insert into org_jurisdictions ${q(fresh, 'id', 'name', 'parent_id', 'path')} on conflict (id) do nothing`;
    for (let i = 0; i < def.agencies.length; i += INSERT_CHUNK) {
      const rows = def.agencies
        .slice(i, i + INSERT_CHUNK)
        .map((a) => ({ id: a.id, name: a.name, jurisdiction_id: a.jurisdictionId, contact: a.contact ?? null }));
      await q`insert into org_agencies ${q(rows, 'id', 'name', 'jurisdiction_id', 'contact')} on conflict (id) do nothing`;
    }
    return { outside: [] };
  });
}

/** The registry facts a roster file is checked against (domain/registry/roster.ts), read once for the whole file. */
export async function rosterFacts(
  sql: Sql,
  p: ScopeOf,
  agencies: { id: string; creditCode: string | null }[],
): Promise<RosterFacts> {
  const ids = agencies.map((a) => a.id).filter(Boolean);
  const codes = agencies.map((a) => a.creditCode).filter((c): c is string => Boolean(c));
  const [jurisdictions, known, held] = await Promise.all([
    sql<{ id: string; name: string; kept: boolean }[]>`
      select id, name, ${p.role === 'admin'} or ${jurisdictionUnder(sql, 'id', p.jurisdictionId ?? '')} as kept from org_jurisdictions`,
    sql<{ id: string; jurisdiction_id: string }[]>`select id, jurisdiction_id from org_agencies where id = any(${ids})`,
    sql<
      { id: string; credit_code: string }[]
    >`select id, credit_code from org_agencies where credit_code = any(${codes})`,
  ]);
  return {
    knownJurisdictions: new Set(jurisdictions.map((j) => j.id)),
    jurisdictionNames: new Map(jurisdictions.map((j) => [j.id, j.name])),
    keptJurisdictions: new Set(jurisdictions.filter((j) => j.kept).map((j) => j.id)),
    agencies: new Map(known.map((a) => [a.id, { jurisdictionId: a.jurisdiction_id }])),
    creditCodes: new Map(held.map((a) => [a.credit_code, a.id])),
  };
}

/**
 * Writes agencies into the registry, each created or updated in place by its id, all in one statement per chunk of
 * one transaction: a roster applies whole or not at all. Answers how many were new.
 */
export async function upsertAgencies(
  sql: Sql,
  agencies: RosterAgency[],
): Promise<{ created: number; updated: number }> {
  let created = 0;
  await sql.begin(async (tx) => {
    const q = tx as unknown as Sql;
    for (let i = 0; i < agencies.length; i += INSERT_CHUNK) {
      const rows = agencies.slice(i, i + INSERT_CHUNK).map((a) => ({
        id: a.id,
        name: a.name,
        jurisdiction_id: a.jurisdictionId,
        credit_code: a.creditCode,
        contact: a.contact as never,
      }));
      const written: { inserted: boolean }[] = await q`
        insert into org_agencies ${q(rows, 'id', 'name', 'jurisdiction_id', 'credit_code', 'contact')}
        on conflict (id) do update set name = excluded.name, jurisdiction_id = excluded.jurisdiction_id,
          credit_code = excluded.credit_code, contact = excluded.contact, updated_at = now()
        returning (xmax = 0) as inserted`;
      created += written.filter((w) => w.inserted).length;
    }
  });
  return { created, updated: agencies.length - created };
}

export interface RegistryJurisdiction {
  id: string;
  name: string;
  parent_id: string | null;
  path: string[];
  notice_prefix: string | null;
  /** 代字 per kind group (domain/documents.ts documentCode); null: derived from the notice prefix */
  document_codes: Partial<Record<CodeGroup, string>> | null;
}

export const findJurisdiction = async (sql: Sql, id: string): Promise<RegistryJurisdiction | null> =>
  (
    await sql<
      RegistryJurisdiction[]
    >`select id, name, parent_id, path, notice_prefix, document_codes from org_jurisdictions where id = ${id}`
  )[0] ?? null;

/**
 * Creates a jurisdiction under `parent` (null: a root), or renames and moves it there: the paths of its whole subtree
 * are rewritten in the same transaction. The caller has checked scope and that `parent` is not inside the node.
 */
export async function putJurisdiction(
  sql: Sql,
  j: {
    id: string;
    name: string;
    noticePrefix: string | null | undefined;
    documentCodes?: Partial<Record<CodeGroup, string>> | null;
  },
  parent: RegistryJurisdiction | null,
): Promise<{ created: boolean; node: RegistryJurisdiction }> {
  const path = [...(parent?.path ?? []), j.id];
  return sql.begin(async (tx) => {
    const q = tx as unknown as Sql;
    const [before] = await q<{ path: string[] }[]>`select path from org_jurisdictions where id = ${j.id} for update`;
    if (!before) {
      await q`insert into org_jurisdictions (id, name, parent_id, path, notice_prefix, document_codes)
              values (${j.id}, ${j.name}, ${parent?.id ?? null}, ${path}, ${j.noticePrefix ?? null},
                      ${j.documentCodes ? q.json(j.documentCodes) : null})`;
    } else {
      await q`update org_jurisdictions set name = ${j.name}, parent_id = ${parent?.id ?? null},
                notice_prefix = ${j.noticePrefix === undefined ? q`notice_prefix` : j.noticePrefix},
                document_codes = ${j.documentCodes === undefined ? q`document_codes` : j.documentCodes ? q.json(j.documentCodes) : null},
                updated_at = now()
              where id = ${j.id}`;
      // every node at or below it: the new path above it, then its own part of the old path
      await q`update org_jurisdictions set path = ${path}::text[] || path[${before.path.length + 1}:], updated_at = now()
              where ${j.id} = any(path)`;
    }
    return { created: !before, node: (await findJurisdiction(q, j.id))! };
  });
}
