-- Notification delivery (docs/NOTIFICATIONS.md): each outbox row is delivered by one notification workflow to its
-- recipients' channels — email, signed webhook, in-app inbox. Every attempt and its outcome is kept; a delivery that
-- ran out of retries stays 'failed' until an operator retries it.

-- Where a bureau's mail goes, per jurisdiction (the nearest jurisdiction on the path up from an agency that has an
-- address receives it). The government and the discipline commission of that jurisdiction are reached by email too.
create table bureau_contacts (
  jurisdiction_id   text primary key,
  name              text,
  email             text,
  government_email  text,
  discipline_email  text,
  locale            text not null default 'zh' check (locale in ('zh', 'en')),
  updated_by        text not null,
  updated_at        timestamptz not null default now()
);

-- Webhook subscribers (an SMS gateway, a DingTalk bridge …). The secret signs every request; the API returns it once.
create table webhook_subscriptions (
  id               text primary key,
  url              text not null,
  secret           text not null,
  jurisdiction_id  text,                               -- null: every jurisdiction; else that subtree
  events           text[] not null default '{}',       -- empty: every step; else step types and/or step names
  locale           text not null default 'zh' check (locale in ('zh', 'en')),
  description      text,
  active           boolean not null default true,
  created_by       text not null,
  created_at       timestamptz not null default now(),
  deleted_at       timestamptz
);

-- One (notification, recipient, channel): its dedupe key is the Idempotency-Key / Message-ID of every send.
create table notification_deliveries (
  id               bigserial primary key,
  outbox_id        bigint not null references outbox(id) on delete cascade,
  campaign_id      text not null,
  agency_id        text,
  jurisdiction_id  text,                               -- the subject's, for a bureau's scope
  recipient_kind   text not null check (recipient_kind in ('agency', 'bureau', 'government', 'discipline_commission', 'webhook')),
  recipient_id     text not null,
  recipient_key    text not null,
  channel          text not null check (channel in ('email', 'webhook', 'inbox')),
  address          text,                               -- the email address; null for webhooks (the subscription has the URL)
  subscription_id  text references webhook_subscriptions(id),
  dedupe_key       text not null unique,
  locale           text not null,
  message          jsonb not null,                     -- {title, text, link}, rendered once so every attempt sends the same
  body             jsonb,                              -- the webhook's JSON body
  status           text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts         integer not null default 0,
  run              integer not null default 1,         -- 1, then +1 for each operator retry
  last_error       text,
  lease_token      text,                               -- the attempt sending right now, so two never send at once
  lease_until      timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  delivered_at     timestamptz,
  failed_at        timestamptz
);
create index notification_deliveries_by_outbox on notification_deliveries (outbox_id);
create index notification_deliveries_by_status on notification_deliveries (status, id);
create index notification_deliveries_by_campaign on notification_deliveries (campaign_id, id);

create table notification_attempts (
  id                bigserial primary key,
  delivery_id       bigint not null references notification_deliveries(id) on delete cascade,
  number            integer not null,                  -- 1, 2, … across runs
  run               integer not null,
  temporal_attempt  integer,                           -- the activity attempt within its run
  started_at        timestamptz not null default clock_timestamp(),
  finished_at       timestamptz,
  outcome           text not null default 'sending' check (outcome in ('sending', 'delivered', 'failed')),
  detail            text,                              -- e.g. "HTTP 200", the SMTP server's answer
  error             text,
  unique (delivery_id, number)
);

-- The in-app inbox of an agency or a bureau (by jurisdiction).
create table inbox_messages (
  id               bigserial primary key,
  recipient_kind   text not null check (recipient_kind in ('agency', 'bureau')),
  recipient_id     text not null,
  campaign_id      text not null,
  notification_id  bigint not null references outbox(id) on delete cascade,
  delivery_id      bigint not null unique references notification_deliveries(id) on delete cascade,
  title            text not null,
  body             text not null,
  link             text,
  created_at       timestamptz not null default now(),
  read_at          timestamptz
);
create index inbox_messages_by_recipient on inbox_messages (recipient_kind, recipient_id, id desc);
