-- Campaigns, agencies and the deadline ladder's record (SPEC §2, §8).

create table campaigns (
  id            text primary key,
  name          text not null,
  jurisdiction  jsonb not null,
  settings      jsonb not null,            -- calendar + policy, template defaults filled in
  phase         text not null default 'not_started',
  created_by    text not null,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

-- The jurisdiction tree flattened, so "a bureau's subtree" is one indexed lookup.
create table jurisdictions (
  campaign_id   text not null references campaigns(id) on delete cascade,
  id            text not null,
  name          text not null,
  parent_id     text,
  path          text[] not null,           -- ids from the root down to this one
  primary key (campaign_id, id)
);

create table agencies (
  campaign_id          text not null references campaigns(id) on delete cascade,
  id                   text not null,
  name                 text not null,
  jurisdiction_id      text not null,
  contact              jsonb,
  -- projection of the agency workflow, written by activities; state_version only ever grows
  phase                text not null default 'not_started',
  next_deadline_at     timestamptz,
  next_deadline_subject jsonb,
  overdue              boolean not null default false,
  listed               boolean not null default false,
  state                jsonb,
  state_version        integer not null default 0,
  updated_at           timestamptz not null default now(),
  primary key (campaign_id, id)
);
create index agencies_by_jurisdiction on agencies (campaign_id, jurisdiction_id);
create index agencies_by_next_deadline on agencies (campaign_id, next_deadline_at);

-- Every reminder and escalation, recorded once: the unique key is the idempotency key of SPEC §8.
create table deadline_events (
  id             bigserial primary key,
  campaign_id    text not null references campaigns(id) on delete cascade,
  agency_id      text not null default '',
  subject_kind   text not null,
  subject_id     text not null,
  deadline       timestamptz not null,
  type           text not null check (type in ('reminder', 'escalation')),
  step           text not null,
  scheduled_for  timestamptz not null,
  occurred_at    timestamptz not null default clock_timestamp(),
  notice_number  text,                     -- 督办通知 number for supervision notices
  unique (campaign_id, agency_id, subject_kind, subject_id, deadline, step)
);
create index deadline_events_feed on deadline_events (campaign_id, occurred_at desc, id desc);

-- Supervision notices are numbered per campaign and year: 卫法督〔2020〕12号.
create table notice_counters (
  campaign_id  text not null references campaigns(id) on delete cascade,
  year         integer not null,
  last_number  integer not null,
  primary key (campaign_id, year)
);

-- Notifications waiting for delivery; written in the same transaction as the event they announce.
create table outbox (
  id           bigserial primary key,
  event_id     bigint not null unique references deadline_events(id) on delete cascade,
  campaign_id  text not null,
  audience     jsonb not null,             -- who must hear of it: agency contact, agency head, supervising bureau …
  payload      jsonb not null,
  status       text not null default 'pending',
  created_at   timestamptz not null default now()
);

create table submissions (
  campaign_id   text not null,
  agency_id     text not null,
  code          text not null,
  body          jsonb not null,
  submitted_at  timestamptz not null,
  late          boolean not null,
  submitted_by  text not null,
  primary key (campaign_id, agency_id, code),
  foreign key (campaign_id, agency_id) references agencies(campaign_id, id) on delete cascade
);

create table checklist_answers (
  campaign_id   text not null,
  agency_id     text not null,
  item_code     text not null,
  answer        text not null check (answer in ('compliant', 'problem_found', 'not_applicable')),
  note          text,
  evidence      jsonb,
  answered_at   timestamptz not null,
  answered_by   text not null,
  primary key (campaign_id, agency_id, item_code),
  foreign key (campaign_id, agency_id) references agencies(campaign_id, id) on delete cascade
);

-- API keys: only a hash is kept; the token is shown once.
create table api_keys (
  id               text primary key,
  token_hash       text not null unique,
  role             text not null check (role in ('admin', 'bureau', 'agency', 'discipline')),
  jurisdiction_id  text,
  agency_id        text,
  label            text not null,
  created_at       timestamptz not null default now(),
  revoked_at       timestamptz
);
