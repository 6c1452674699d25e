-- The outbox relay (services/outboxRelay.ts) starts each row's notification workflow after the step is recorded,
-- instead of the recording activity doing it inside the workflow task (docs/NOTIFICATIONS.md, docs/BENCHMARKS.md).
alter table outbox
  add column dispatched_at   timestamptz,   -- its notification workflow was started
  add column claimed_until   timestamptz;   -- a relay is starting it; another may take it over after this

-- Rows queued before the relay existed were dispatched by the activity that recorded them.
update outbox set dispatched_at = created_at;

create index outbox_to_dispatch on outbox (id) where dispatched_at is null;

-- Wakes the relays at once; they also sweep every few seconds, so a notice lost while one was not listening only
-- delays a notification.
create function notify_outbox_queued() returns trigger language plpgsql as $$
begin
  perform pg_notify('outbox_queued', '');
  return null;
end
$$;
create trigger outbox_queued after insert on outbox for each statement execute function notify_outbox_queued();
