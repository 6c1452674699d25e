-- Access control, audit trail and idempotent writes (docs/ACCESS.md).

-- Every write the API answered (POST/PUT/DELETE, public ones included), recorded once the status is known.
create table audit_log (
  id               bigserial primary key,
  at               timestamptz not null default clock_timestamp(),
  key_id           text,                    -- null: no key (public route, or a missing/unknown token)
  role             text,                    -- the key's role; 'public' on public routes
  method           text not null,
  route            text not null,           -- the route's path pattern, e.g. /v1/campaigns/:id/agencies/:agencyId
  path             text not null,           -- the path actually called
  subject_ids      jsonb not null default '{}',  -- the route params, plus createdId when a 201 names what it made
  status           integer not null,
  outcome          text not null check (outcome in ('ok', 'refused', 'error')),
  idempotency_key  text,
  replayed         boolean not null default false  -- answered from the idempotency store; nothing was done again
);
create index audit_log_by_key on audit_log (key_id, id);
create index audit_log_by_at on audit_log (at);

-- Append-only: no UPDATE, DELETE or TRUNCATE, whichever rows they would touch (statement triggers fire even when
-- no row matches). The API's database role should own neither this table nor the trigger, so that it cannot drop them.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op;
end
$$;
create trigger audit_log_append_only
  before update or delete or truncate on audit_log
  for each statement execute function audit_log_append_only();

-- Idempotency-Key on writes: the first request's outcome, replayed to repeats of the same request under the same key.
-- key_id is '' on public routes (no key): public clients share one namespace, so their keys must be random (UUIDs).
create table idempotency_keys (
  key_id           text not null,
  idempotency_key  text not null,
  method           text not null,
  path             text not null,
  request_hash     text not null,           -- sha256 of method, path, query and canonical JSON body
  status           integer,                 -- null while the first request is still being handled
  response         jsonb,                   -- {"body": …} or {"text": {contentType, content, filename}}
  created_at       timestamptz not null default now(),
  claimed_at       timestamptz not null default now(),  -- a claim left by a crashed process is taken over after a while
  primary key (key_id, idempotency_key)
);
create index idempotency_keys_by_age on idempotency_keys (created_at);
