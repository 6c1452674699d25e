-- The desk (SPEC §15). A deliverable is reviewed: accepted (审核通过) or returned (退回); both stay in its history, and
-- the latest submission says which, so the queue of deliverables to review is those neither accepted nor returned.
alter table deliverable_history drop constraint deliverable_history_action_check;
alter table deliverable_history add constraint deliverable_history_action_check
  check (action in ('submitted', 'returned', 'accepted'));
alter table submissions add column accepted_at timestamptz;
create index submissions_to_review on submissions (campaign_id, agency_id) where accepted_at is null and returned_at is null;

-- A complaint closed without investigation (不予受理: spam, no matter of administrative enforcement), with its reason.
alter table complaints drop constraint complaints_outcome_check;
alter table complaints add constraint complaints_outcome_check
  check (outcome in ('substantiated', 'unsubstantiated', 'not_accepted'));
