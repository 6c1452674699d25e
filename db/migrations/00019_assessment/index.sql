-- Assessment (评议考核) and public disclosure (公示), SPEC §17. A campaign's live score is computed at read time from
-- what was recorded (domain/assessment/score.ts); these tables hold what the bureau adds (adjustments), the lifecycle
-- the assessment workflow writes (draft → objections → final), the objections and their decisions, and the final
-- scores frozen with the events behind them, so later events never move a final score.
create table assessments (
  campaign_id       text primary key references campaigns(id) on delete cascade,
  state             text not null check (state in ('draft', 'objections', 'final')),
  drafted_at        timestamptz not null,
  drafted_by        text not null,
  window_ends_at    timestamptz not null,           -- the end of the objection window (working days of the campaign)
  finalized_at      timestamptz,
  finalized_by      text,
  -- the 通报 of results until the register of issued documents numbers it (activities/assessment/announceResults.ts)
  circular_number   text,
  circular_issued_at timestamptz
);

create table assessment_adjustments (
  id           text primary key,
  campaign_id  text not null references campaigns(id) on delete cascade,
  agency_id    text not null,
  kind         text not null check (kind in ('bonus', 'correction', 'veto')),
  honour       text check (honour in ('national', 'provincial', 'municipal')),
  points       numeric not null,
  reason       text not null,
  file_id      text,
  created_by   text not null,
  created_at   timestamptz not null default clock_timestamp(),
  foreign key (campaign_id, agency_id) references agencies(campaign_id, id) on delete cascade
);
create index assessment_adjustments_by_campaign on assessment_adjustments (campaign_id, agency_id);

create table assessment_objections (
  id           text primary key,
  campaign_id  text not null references campaigns(id) on delete cascade,
  agency_id    text not null,
  text         text not null,
  file_id      text,
  filed_by     text not null,
  filed_at     timestamptz not null,
  decision     text check (decision in ('accept', 'reject')),
  points       numeric,                              -- what an accepted objection gives back (or takes)
  reason       text,
  decided_by   text,
  decided_at   timestamptz,
  foreign key (campaign_id, agency_id) references agencies(campaign_id, id) on delete cascade
);
create index assessment_objections_by_campaign on assessment_objections (campaign_id, agency_id);

-- The final assessment, frozen: each agency's score, grade, rank and the deductions and adjustments behind them as
-- they were when the bureau finalized.
create table assessment_results (
  campaign_id  text not null references campaigns(id) on delete cascade,
  agency_id    text not null,
  score        numeric not null,
  grade        text not null,
  rank         integer not null,
  level_id     text not null,
  detail       jsonb not null,
  primary key (campaign_id, agency_id)
);

create table disclosures (
  campaign_id  text primary key references campaigns(id) on delete cascade,
  published    boolean not null,
  changed_by   text not null,
  changed_at   timestamptz not null default clock_timestamp()
);
