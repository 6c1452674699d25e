import type { Sql } from 'postgres';
import { refused } from '../errors';
import type { Principal } from '../principal';
import { scopeUnder } from '../../services/scope';

/**
 * Who may hand out an account or an API key of a given scope (SPEC §1, §13): an admin any; a bureau bureau, discipline
 * and agency ones within its own subtree, never an admin one. The same rule lists and revokes them.
 */
export interface Grant {
  role: string;
  jurisdictionId?: string | null;
  agencyId?: string | null;
}

/** The rows (users or api_keys, by their role, jurisdiction_id and agency_id columns) the caller manages. */
export function managedBy(sql: Sql, p: Principal) {
  if (p.role === 'admin') return sql`true`;
  if (p.role !== 'bureau' || !p.jurisdictionId) return sql`false`;
  return sql`role <> 'admin' and ${scopeUnder(sql, p.jurisdictionId, { jurisdictionId: sql`jurisdiction_id`, agencyId: sql`agency_id` })}`;
}

export async function assertMayGrant(sql: Sql, p: Principal, g: Grant): Promise<void> {
  if (p.role === 'admin') return;
  if (p.role !== 'bureau' || !p.jurisdictionId || g.role === 'admin')
    throw refused('grant_outside_bureau', '司法局只能为本辖区创建司法局、执法机关或纪委监委的账号和密钥');
  const [row] = await sql<{ ok: boolean }[]>`
    select ${scopeUnder(sql, p.jurisdictionId, { jurisdictionId: sql`${g.jurisdictionId ?? null}::text`, agencyId: sql`${g.agencyId ?? null}::text` })} as ok`;
  if (!row?.ok) throw refused('outside_scope', '该辖区或执法机关不在本局的管辖范围内');
}
