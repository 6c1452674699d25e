-- A notification that no deadline step caused: a deliverable returned to its agency (退回, SPEC §12). Its outbox row
-- names no deadline event; its source key ('return:<campaign>:<agency>:<code>:<returnedAt>') lets a retried recording
-- queue it once.
alter table outbox alter column event_id drop not null;
alter table outbox add column source_key text unique;
alter table outbox add constraint outbox_event_or_source check (event_id is not null or source_key is not null);
