-- Documents (SPEC §12): uploaded files, and the history of what an agency submitted and the bureau returned.

-- One uploaded file. Its bytes live in `content` (the PostgreSQL store) or in the object store under its id (S3).
-- Until it is attached to an object only its uploader sees it, and after a day it is removed; once attached, whoever
-- may see the object sees the file (services/files/access.ts).
create table files (
  id             text primary key,
  name           text not null,                 -- the original name, shown and given back on download
  size           bigint not null,
  sha256         text not null,
  content_type   text not null,
  purpose        text not null,                 -- 'evidence' (signed-in roles) or 'complaint' (the public's photos)
  storage        text not null check (storage in ('postgres', 's3')),
  content        bytea,
  uploaded_by    text not null,                 -- the key id, or 'public'
  uploaded_at    timestamptz not null default now(),
  -- what it is attached to: an agency's object in a campaign (deliverable, checklist answer, ledger item) or a complaint
  campaign_id    text references campaigns(id) on delete cascade,
  agency_id      text,
  complaint_id   text,
  attached_to    text,                          -- 'deliverable:D7', 'checklist:A1', 'item:<id>', 'complaint:<id>'
  attached_at    timestamptz
);
create index files_unattached on files (uploaded_at) where attached_at is null;
create index files_by_agency on files (campaign_id, agency_id) where attached_at is not null;

-- Every submission of a deliverable and every return of it (退回), in order; `submissions` keeps the latest.
create table deliverable_history (
  campaign_id   text not null,
  agency_id     text not null,
  code          text not null,
  action        text not null check (action in ('submitted', 'returned')),
  at            timestamptz not null,
  by_key        text not null,
  body          jsonb,                          -- what was submitted
  reason        text,                           -- why it was returned
  primary key (campaign_id, agency_id, code, at, action),
  foreign key (campaign_id, agency_id) references agencies(campaign_id, id) on delete cascade
);

-- A returned deliverable is not received until it is submitted again.
alter table submissions add column returned_at timestamptz;
insert into deliverable_history (campaign_id, agency_id, code, action, at, by_key, body)
  select campaign_id, agency_id, code, 'submitted', submitted_at, submitted_by, body from submissions;
