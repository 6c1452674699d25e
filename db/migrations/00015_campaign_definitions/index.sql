-- A campaign's definition as the API validated it (name, jurisdiction tree, settings, every agency), kept by the
-- digest of its content so that the campaign's workflow can start with the digest alone: a province's definition is
-- larger than a workflow input may be. The campaign's workflow reads it in its first task and writes the campaign's
-- rows itself (docs/RELIABILITY.md). Writing a draft owns nothing: the same definition is one row however often it is
-- sent, and a draft no campaign was made from (its request died before the start) is harmless.
create table campaign_definitions (
  digest      text primary key,              -- sha256 of the canonical JSON of body
  body        jsonb not null,
  created_at  timestamptz not null default now()
);

-- The definition a campaign was made from; null for campaigns the API wrote itself, before their workflows did.
-- A retry under the same Idempotency-Key with another definition finds a different digest here and is refused.
alter table campaigns add column definition_digest text;
