-- What names an outbox row's notification workflows in Temporal (domain/contract.ts workflowIds.notification and
-- notificationRetry). The row's id is a serial, which repeats in another database on the same namespace — a database
-- restored from a backup taken before rows it had sent, or a second database beside the first — and the server
-- refuses a workflow id it has seen (REJECT_DUPLICATE, for the namespace's retention): such a row's notification would
-- never run. A random key per row does not repeat. Rows sent before this migration ran under `notification/<id>`; a
-- row still waiting to be sent starts under its key.
alter table outbox add column notification_key uuid not null default gen_random_uuid();
