-- Channels and working hours (SPEC §16, docs/NOTIFICATIONS.md). The list of channels lives in one table of the code
-- (domain/notifications/channels.ts): the database no longer repeats it in a check constraint.
alter table notification_deliveries drop constraint if exists notification_deliveries_channel_check;

-- When a push may go (the delivery window, a digest's gathering boundary); null: at once (the inbox, an always-open
-- policy). A delivery sent as part of another's digest names it.
alter table notification_deliveries add column push_at timestamptz;
alter table notification_deliveries add column sent_with bigint;
create index notification_deliveries_digest on notification_deliveries (channel, address, push_at) where status = 'pending';

-- The group robots and mobile numbers of a unit (PUT /v1/jurisdictions/:id/channels, PUT /v1/agencies/:id/channels).
-- wecom: {webhookUrl}; dingtalk: {webhookUrl, secret?}; sms: {mobiles: [...]}. The URLs carry the robots' keys.
create table unit_channels (
  unit_kind   text not null check (unit_kind in ('jurisdiction', 'agency')),
  unit_id     text not null,
  wecom       jsonb,
  dingtalk    jsonb,
  sms         jsonb,
  updated_by  text,
  updated_at  timestamptz not null default now(),
  primary key (unit_kind, unit_id)
);

-- Each message sent to a group robot, kept two minutes: the robots' 20 a minute, counted across every worker.
create table channel_sends (
  robot       text not null,                          -- a hash of the robot's URL
  dedupe_key  text not null,
  part        integer not null,
  sent_at     timestamptz not null default clock_timestamp()
);
create index channel_sends_by_robot on channel_sends (robot, sent_at);

-- The parts of a split digest already sent, so a retry after a later part failed sends only the rest.
create table robot_parts_sent (
  dedupe_key  text not null,
  part        integer not null,
  primary key (dedupe_key, part)
);

-- Text messages sent to each number on each day (China time), kept within SMS_DAILY_CAP.
create table sms_sends (
  mobile  text not null,
  day     date not null,
  n       integer not null,
  primary key (mobile, day)
);
