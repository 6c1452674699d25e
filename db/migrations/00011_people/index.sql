-- People sign in as people (SPEC §13, docs/ACCESS.md): accounts, sessions, and the counters that throttle sign-in
-- and bearer tokens, kept here rather than in process memory so that every API process on this database shares them.

create table users (
  id                    text primary key,               -- u_<hex>; also the audit trail's key_id for a person's writes
  username              text not null,
  display_name          text not null,
  role                  text not null check (role in ('admin', 'bureau', 'agency', 'discipline')),
  jurisdiction_id       text,                           -- scope as on api_keys (SPEC §1)
  agency_id             text,
  password_hash         text not null,                  -- Argon2id (PHC string)
  must_change_password  boolean not null default true,  -- a generated password is changed at the first sign-in
  created_by            text,                           -- the key or user id that made the account
  created_at            timestamptz not null default clock_timestamp(),
  password_changed_at   timestamptz,
  disabled_at           timestamptz
);
create unique index users_username on users (lower(username));

-- Server-side sessions: the cookie holds a random secret, only its sha256 is kept. A session ends when it has been
-- idle longer than the configured idle timeout (a working day), on sign-out, and for all of a person's sessions
-- when the password changes, is reset, or the account is disabled.
create table user_sessions (
  id_hash       text primary key,
  user_id       text not null references users (id),
  csrf_token    text not null,                           -- synchronizer token: cookie-authenticated writes send it back
  created_at    timestamptz not null default clock_timestamp(),
  last_seen_at  timestamptz not null default clock_timestamp()
);
create index user_sessions_by_user on user_sessions (user_id);
create index user_sessions_by_last_seen on user_sessions (last_seen_at);

-- Failed attempts, one row each (a sliding window): failed sign-ins per username, failed bearer tokens per address.
create table auth_failures (
  bucket  text not null check (bucket in ('sign_in', 'bearer')),
  subject text not null,                                 -- the lower-cased username, or task queue and client address
  at      timestamptz not null default clock_timestamp()
);
create index auth_failures_by_subject on auth_failures (bucket, subject, at);

-- Fixed-window request counters of the public routes' rate limits (express-rate-limit's store, api/rateLimit.ts).
create table rate_limit_windows (
  key        text primary key,                           -- route and client address
  hits       integer not null,
  resets_at  timestamptz not null
);
create index rate_limit_windows_by_reset on rate_limit_windows (resets_at);

-- The audit trail names the person: for a session, key_id is the user id and actor_name "display name (username)";
-- for a key, its label.
alter table audit_log add column actor_name text;
