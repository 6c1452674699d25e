-- When a campaign actually closed (its workflow's last step), as opposed to the calendar's closesAt.
alter table campaigns add column closed_at timestamptz;
