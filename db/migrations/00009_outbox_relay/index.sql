-- The outbox relay (services/outboxRelay.ts) starts each row's notification workflow after the step is recorded,
-- instead of the recording activity doing it inside the workflow task (docs/NOTIFICATIONS.md, docs/BENCHMARKS.md).
alter table outbox
  add column dispatched_at   timestamptz,   -- its notification workflow was started
  add column claimed_until   timestamptz;   -- a relay is starting it; another may take it over after this

-- Rows queued before the relay existed were dispatched by the activity that recorded them.
update outbox set dispatched_at = created_at;

create index outbox_to_dispatch on outbox (id) where dispatched_at is null;
