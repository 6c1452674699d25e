import type { Sql } from 'postgres';
import { z } from 'zod';
import type { Principal } from './principal';
import { decodeCursor, encodeCursor } from './schemas';
import { auditEntryVisible } from '../services/scope';

/**
 * The audit trail: one append-only row per write the API answered (db/migrations/00003_access). Written by the
 * generic route mount in app.ts once the status is known, before the response leaves.
 */
export type Outcome = 'ok' | 'refused' | 'error';
export const outcomeOf = (status: number): Outcome => (status < 400 ? 'ok' : status < 500 ? 'refused' : 'error');

export interface AuditRecord {
  /** The key's id, or the signed-in person's user id. */
  keyId: string | null;
  role: string | null;
  /** The person ("display name (username)") or the key's label. */
  actorName: string | null;
  method: string;
  route: string;
  path: string;
  subjectIds: Record<string, string>;
  status: number;
  idempotencyKey: string | null;
  replayed: boolean;
}

export async function recordAudit(sql: Sql, r: AuditRecord): Promise<void> {
  await sql`
    insert into audit_log (key_id, role, actor_name, method, route, path, subject_ids, status, outcome, idempotency_key, replayed)
    values (${r.keyId}, ${r.role}, ${r.actorName}, ${r.method.toUpperCase()}, ${r.route}, ${r.path}, ${sql.json(r.subjectIds)}, ${r.status},
            ${outcomeOf(r.status)}, ${r.idempotencyKey}, ${r.replayed})`;
}

export const AuditItem = z
  .object({
    id: z.string(),
    at: z.string(),
    keyId: z.string().nullable(),
    role: z.string().nullable(),
    actorName: z.string().nullable().describe('the person ("display name (username)") or the key\'s label'),
    method: z.string(),
    route: z.string(),
    path: z.string(),
    subjectIds: z.record(z.string(), z.string()),
    status: z.number(),
    outcome: z.enum(['ok', 'refused', 'error']),
    idempotencyKey: z.string().nullable(),
    replayed: z.boolean(),
  })
  .meta({ id: 'AuditEntry' });

interface AuditRow {
  id: string;
  at: Date;
  key_id: string | null;
  role: string | null;
  actor_name: string | null;
  method: string;
  route: string;
  path: string;
  subject_ids: Record<string, string>;
  status: number;
  outcome: Outcome;
  idempotency_key: string | null;
  replayed: boolean;
}

export const AUDIT_VISIBILITY_RULE =
  'An admin reads every entry. A bureau reads the entries (a) made by its own key or account; (b) made by a key or person whose scope lies in ' +
  'its jurisdiction subtree (a bureau or discipline key or account of that subtree, an agency key or account of an agency in it); (c) about a ' +
  'campaign it can see (routes under /v1/campaigns/:id, POST /v1/campaigns by the id it created, /v1/items/:itemId by the ' +
  "item's campaign), unless the entry is about an agency outside its subtree. Admins' own, public and unauthenticated writes are for admins.";

/** The scope of the entry's caller as `k`: the API key, or the person (a user id), whose id is the entry's key_id. */
const KEY_OR_PERSON = (sql: Sql) => sql`
  left join lateral (
    select role, jurisdiction_id, agency_id from api_keys where id = l.key_id
    union all
    select role, jurisdiction_id, agency_id from users where id = l.key_id
    limit 1
  ) k on true`;

/** What an entry is about: its campaign and agency, from the route params (or the ledger item they name). */
const SUBJECT = (sql: Sql) => sql`
  left join lateral (
    select case when l.route like '/v1/campaigns/:id%' then l.subject_ids->>'id'
                when l.route = '/v1/campaigns' then l.subject_ids->>'createdId'
                else li.campaign_id end as campaign_id,
           case when l.route like '/v1/campaigns/:id%' then l.subject_ids->>'agencyId'
                else li.agency_id end as agency_id
    from (select 1) one
    left join ledger_items li on l.route like '/v1/items/:itemId%' and li.id = l.subject_ids->>'itemId'
  ) s on true`;

export async function listAudit(
  sql: Sql,
  p: Principal,
  q: { limit: number; cursor?: string; since?: string; keyId?: string; outcome?: Outcome },
): Promise<{ items: z.infer<typeof AuditItem>[]; nextCursor: string | null }> {
  const before = decodeCursor(q.cursor);
  if (before !== null && !/^\d{1,18}$/.test(before)) {
    throw new z.ZodError([
      { code: 'custom', path: ['cursor'], message: 'not a cursor this API issued', input: q.cursor },
    ]);
  }
  const rows = await sql<AuditRow[]>`
    select l.id, l.at, l.key_id, l.role, l.actor_name, l.method, l.route, l.path, l.subject_ids, l.status, l.outcome, l.idempotency_key, l.replayed
    from audit_log l ${KEY_OR_PERSON(sql)} ${p.role === 'admin' ? sql`` : SUBJECT(sql)}
    where ${auditEntryVisible(sql, p)}
      ${q.since ? sql`and l.at >= ${q.since}` : sql``}
      ${q.keyId ? sql`and l.key_id = ${q.keyId}` : sql``}
      ${q.outcome ? sql`and l.outcome = ${q.outcome}` : sql``}
      ${before ? sql`and l.id < ${before}` : sql``}
    order by l.id desc
    limit ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      keyId: r.key_id,
      role: r.role,
      actorName: r.actor_name,
      method: r.method,
      route: r.route,
      path: r.path,
      subjectIds: r.subject_ids,
      status: r.status,
      outcome: r.outcome,
      idempotencyKey: r.idempotency_key,
      replayed: r.replayed,
    })),
    nextCursor: rows.length > q.limit ? encodeCursor(String(page[page.length - 1].id)) : null,
  };
}
