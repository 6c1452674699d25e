import type { Sql } from 'postgres';
import { z } from 'zod';
import { Id } from '../domain/campaign';
import { hashToken, newToken } from './auth';
import { notFound, refused } from './errors';
import { decodeCursorAs, encodeCursor } from './schemas';
import { managedBy } from '../services/scope';
import type { Principal } from './principal';

/**
 * API keys, shared by the HTTP routes (api/routes/system.ts) and the operator CLI (scripts/keys.ts). Only the
 * sha256 of a token is kept; the token itself is returned once, by createApiKey.
 *
 * Scopes (SPEC §1): a bureau key carries its jurisdiction (it sees that subtree); an agency key its agency; a
 * discipline key may carry a jurisdiction (the commission of a city sees the referrals of its subtree) or none (all
 * referrals); an admin key carries neither.
 */
export const ROLES = ['admin', 'bureau', 'agency', 'discipline'] as const;

/** The scope rule of SPEC §1, shared by keys and user accounts (api/people/users.ts). */
export const refineScope =
  (noun: 'key' | 'account') =>
  (k: { role: (typeof ROLES)[number]; jurisdictionId?: string; agencyId?: string }, ctx: z.RefinementCtx): void => {
    if (k.role === 'bureau' && !k.jurisdictionId)
      ctx.addIssue({ code: 'custom', path: ['jurisdictionId'], message: `a bureau ${noun} needs its jurisdiction` });
    if (k.role === 'agency' && !k.agencyId)
      ctx.addIssue({ code: 'custom', path: ['agencyId'], message: `an agency ${noun} needs its agency` });
    if (k.jurisdictionId && k.role !== 'bureau' && k.role !== 'discipline') {
      ctx.addIssue({
        code: 'custom',
        path: ['jurisdictionId'],
        message: `only bureau and discipline ${noun}s carry a jurisdiction`,
      });
    }
    if (k.agencyId && k.role !== 'agency')
      ctx.addIssue({ code: 'custom', path: ['agencyId'], message: `only agency ${noun}s carry an agency` });
  };

export const CreateKeySchema = z
  .strictObject({
    role: z.enum(ROLES),
    jurisdictionId: Id.optional(),
    agencyId: Id.optional(),
    label: z.string().min(1).max(200),
  })
  .superRefine(refineScope('key'));
export type CreateKeyInput = z.infer<typeof CreateKeySchema>;

export const ApiKeyView = z
  .object({
    id: z.string(),
    role: z.enum(ROLES),
    jurisdictionId: z.string().nullable(),
    agencyId: z.string().nullable(),
    label: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyView = z.infer<typeof ApiKeyView>;

interface KeyRow {
  id: string;
  role: ApiKeyView['role'];
  jurisdiction_id: string | null;
  agency_id: string | null;
  label: string;
  created_at: Date;
  revoked_at: Date | null;
}

const view = (r: KeyRow): ApiKeyView => ({
  id: r.id,
  role: r.role,
  jurisdictionId: r.jurisdiction_id,
  agencyId: r.agency_id,
  label: r.label,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
});

/** Creates a key; the token is in the answer and nowhere else. */
export async function createApiKey(sql: Sql, input: CreateKeyInput): Promise<{ id: string; token: string }> {
  const k = CreateKeySchema.parse(input);
  const { id, token } = newToken();
  await sql`
    insert into api_keys (id, token_hash, role, jurisdiction_id, agency_id, label)
    values (${id}, ${hashToken(token)}, ${k.role}, ${k.jurisdictionId ?? null}, ${k.agencyId ?? null}, ${k.label})`;
  return { id, token };
}

/** Keys newest first, without their hashes; keyset-paginated over (created_at, id). */
export async function listApiKeys(
  sql: Sql,
  o: { limit: number; cursor?: string; role?: ApiKeyView['role']; revoked?: boolean; managedBy?: Principal },
): Promise<{ items: ApiKeyView[]; nextCursor: string | null }> {
  const after = decodeCursorAs(o.cursor, z.tuple([z.iso.datetime({ offset: true }), Id]));
  const [afterAt, afterId] = after ?? [null, null];
  // the cursor keeps created_at to the microsecond (a JS Date keeps milliseconds): keys made in the same millisecond
  // must not be skipped
  const rows = await sql<(KeyRow & { exact_at: string })[]>`
    select id, role, jurisdiction_id, agency_id, label, created_at, revoked_at,
           to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') as exact_at
    from api_keys
    where ${o.managedBy ? managedBy(sql, o.managedBy) : sql`true`}
      ${o.role ? sql`and role = ${o.role}` : sql``}
      ${o.revoked === undefined ? sql`` : o.revoked ? sql`and revoked_at is not null` : sql`and revoked_at is null`}
      ${afterAt ? sql`and (created_at, id) < (${afterAt}::timestamptz, ${afterId})` : sql``}
    order by created_at desc, id desc
    limit ${o.limit + 1}`;
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(view),
    nextCursor: rows.length > o.limit ? encodeCursor(JSON.stringify([last.exact_at, last.id])) : null,
  };
}

/**
 * Revokes a key: 404 when there is none (or, given `by`, none that it manages), 409 when it was already revoked. Its
 * token answers 401 from then on.
 */
export async function revokeApiKey(sql: Sql, id: string, by?: Principal): Promise<ApiKeyView> {
  const mine = by ? managedBy(sql, by) : sql`true`;
  const [row] = await sql<KeyRow[]>`
    update api_keys set revoked_at = clock_timestamp() where id = ${id} and revoked_at is null and ${mine}
    returning id, role, jurisdiction_id, agency_id, label, created_at, revoked_at`;
  if (row) return view(row);
  const [existing] = await sql<{ revoked_at: Date }[]>`select revoked_at from api_keys where id = ${id} and ${mine}`;
  if (!existing) throw notFound('api key');
  throw refused('key_already_revoked', `api key ${id} was already revoked at ${existing.revoked_at.toISOString()}`);
}
