-- What each step kind does (domain/stepKinds.ts, docs/STEP_KINDS.md): referrals for any subject, notices as a bureau
-- issues them (one per agency and issuing day, numbered per issuing bureau and year), reminders missed in an outage.

-- A deliverable can be referred too. Its id (D1 …) repeats across agencies and campaigns, so a referral is unique per
-- campaign, agency, subject and receiver (a complaint without a known agency has none: nulls count as equal).
alter table referrals drop constraint referrals_subject_kind_check;
alter table referrals add constraint referrals_subject_kind_check check (subject_kind in ('deliverable', 'item', 'complaint'));
alter table referrals drop constraint referrals_subject_kind_subject_id_target_key;
alter table referrals add constraint referrals_one_per_subject unique nulls not distinct (campaign_id, agency_id, subject_kind, subject_id, target);

-- A numbered document a bureau issued: a 督办通知 names every matter of one agency that reached its step that day;
-- a 挂牌督办通知书 names one matter. Each deadline event of a numbered step points to its notice.
create table notices (
  id                 bigserial primary key,
  campaign_id        text not null references campaigns(id) on delete cascade,
  agency_id          text not null,
  kind               text not null,             -- 督办通知, 挂牌督办通知书 …
  step               text not null,             -- the step kind that issued it
  issue_day          date not null,             -- in the campaign's time zone
  -- one notice per agency and day, or (matter) per subject: the event key the document was issued for
  grouping_key       text not null,
  issuer_id          text not null,             -- the bureau that issued it: services/noticeIssuer.ts
  issuer_name        text not null,
  year               integer not null,
  serial             integer not null,
  number             text not null,             -- 沙法督〔2027〕3号
  issued_at          timestamptz not null default clock_timestamp(),
  unique (campaign_id, agency_id, step, issue_day, grouping_key),
  unique (issuer_id, year, serial)
);
create index notices_by_campaign on notices (campaign_id, issued_at desc, id desc);

-- Numbers run per issuing bureau and year, across its document kinds (they share its prefix), without gaps: the
-- counter row is updated in the transaction that issues the notice, so a rolled-back issue gives its number back.
create table notice_serials (
  issuer_id    text not null,
  year         integer not null,
  last_serial  integer not null,
  primary key (issuer_id, year)
);

alter table deadline_events
  add column notice_id    bigint references notices(id) on delete set null,
  add column referral_id  text,
  -- a reminder whose deadline had passed when it was taken (the system was down): recorded, never sent
  add column missed       boolean not null default false;
create index deadline_events_by_notice on deadline_events (notice_id) where notice_id is not null;
