import type { Sql } from 'postgres';
import { refused } from '../errors';
import type { Principal } from '../principal';
import { mayGrant } from '../../services/scope';

/**
 * Who may hand out an account or an API key of a given scope (SPEC §1, §13): an admin any; a bureau bureau, discipline
 * and agency ones within its own subtree, never an admin one. The same rule lists and revokes them.
 */
export interface Grant {
  role: string;
  jurisdictionId?: string | null;
  agencyId?: string | null;
}

export async function assertMayGrant(sql: Sql, p: Principal, g: Grant): Promise<void> {
  const may = await mayGrant(sql, p, g);
  if (may === 'not_a_bureau')
    throw refused('grant_outside_bureau', '司法局只能为本辖区创建司法局、执法机关或纪委监委的账号和密钥');
  if (may === 'outside') throw refused('outside_scope', '该辖区或执法机关不在本局的管辖范围内');
}
