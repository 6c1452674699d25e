-- The public complaint channel (举报, SPEC §7). Contact details live apart from the complaint text: only the
-- investigating bureau reads them.

create table complaints (
  id                 text primary key,
  tracking_code      text not null unique,
  channel            text not null check (channel in ('web', 'phone', 'email', 'letter', 'wechat')),
  kind               text not null check (kind in ('inaction', 'slow_action', 'arbitrary_action')),
  description        text not null,
  -- routing: the campaign and agency named (if any) and the bureau's jurisdiction that investigates
  campaign_id        text,
  agency_id          text,
  agency_name        text,                       -- as the complainant wrote it, when no known agency matched
  jurisdiction_id    text,
  entered_by         text,                       -- staff key for phone/letter/… intake; null for the public web form
  received_at        timestamptz not null default now(),
  due_at             timestamptz not null,
  -- projection of the complaint workflow
  status             text not null default 'received' check (status in ('received', 'investigating', 'concluded')),
  outcome            text check (outcome in ('substantiated', 'unsubstantiated')),
  concluded_at       timestamptz,
  suggestion_target  text,                       -- government / appointing_authority / supervisory_commission
  item_id            text,                       -- the ledger item a substantiated complaint opened
  overdue            boolean not null default false,
  state              jsonb,
  state_version      integer not null default 0,
  updated_at         timestamptz not null default now()
);
create index complaints_by_campaign on complaints (campaign_id, agency_id);
create index complaints_by_jurisdiction on complaints (jurisdiction_id, status);

create table complaint_contacts (
  complaint_id  text primary key references complaints(id) on delete cascade,
  name          text,
  phone         text,
  email         text,
  address       text
);
