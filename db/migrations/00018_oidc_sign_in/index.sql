-- Sign-in through the province's identity provider (SPEC §13, docs/ACCESS.md "Unified sign-in"). An account is linked
-- to the provider's subject (its `sub` claim), one account per subject; role and scope stay the product's.
alter table users add column oidc_subject text;
create unique index users_by_oidc_subject on users (oidc_subject) where oidc_subject is not null;

-- How a session began: a session of the provider's is not held to the first-password change, and its sign-out may
-- continue at the provider's end_session endpoint.
alter table user_sessions add column via text not null default 'password' check (via in ('password', 'oidc'));

-- An authorization request under way: the browser holds a random handle in a short-lived cookie, the row (found by its
-- sha256) the PKCE verifier, state and nonce the callback must match. Used once; rows older than ten minutes are over.
create table oidc_logins (
  id_hash       text primary key,
  state         text not null,
  nonce         text not null,
  code_verifier text not null,
  created_at    timestamptz not null default clock_timestamp()
);
create index oidc_logins_by_created on oidc_logins (created_at);
