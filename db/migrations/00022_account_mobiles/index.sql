-- A person's mainland mobile number on their account (POST /v1/users, PUT /v1/users/:id/mobile): an agency's text
-- messages also reach its enabled accounts' numbers, a bureau's those of its jurisdiction's enabled bureau accounts
-- (docs/NOTIFICATIONS.md "SMS").
alter table users add column mobile text check (mobile ~ '^1[3-9][0-9]{9}$');
