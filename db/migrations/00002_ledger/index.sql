-- The problem ledger (问题清单/整改台账), referrals to other bodies, spot-checks (SPEC §4, §5).

create table ledger_items (
  id                  text primary key,
  campaign_id         text not null,
  agency_id           text not null,
  checklist_code      text not null,
  source              text not null,
  description         text not null,
  severity            text not null check (severity in ('general', 'serious', 'egregious')),
  classification      text not null check (classification in ('immediate', 'scheduled', 'disciplinary_lead')),
  responsible_person  text,
  measures            text,
  found_on            date not null,
  disposals           text[] not null default '{}',
  spot_check_id       text,
  -- projection of the item workflow
  due_at              timestamptz not null,
  status              text not null default 'open',
  closure             jsonb,                  -- how it closed: rectified / closed_unrectifiable / withdrawn, why, who
  listed              boolean not null default false,
  overdue             boolean not null default false,
  state               jsonb,
  state_version       integer not null default 0,
  created_by          text not null,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  foreign key (campaign_id, agency_id) references agencies(campaign_id, id) on delete cascade
);
create index ledger_items_by_agency on ledger_items (campaign_id, agency_id);
create index ledger_items_by_status on ledger_items (campaign_id, status);

-- A transfer to another body: the discipline commission (纪委监委) for disciplinary leads, or the government, the
-- appointing authority or the supervisory commission for a complaint's handling suggestion. The receiver acknowledges.
create table referrals (
  id                text primary key,
  campaign_id       text,
  agency_id         text,
  jurisdiction_id   text,
  subject_kind      text not null check (subject_kind in ('item', 'complaint')),
  subject_id        text not null,
  target            text not null check (target in ('discipline_commission', 'government', 'appointing_authority', 'supervisory_commission')),
  summary           text not null,
  referred_by       text not null,
  referred_at       timestamptz not null default now(),
  acknowledged_by   text,
  acknowledged_at   timestamptz,
  unique (subject_kind, subject_id, target)
);

create table spot_checks (
  id            text primary key,
  campaign_id   text not null references campaigns(id) on delete cascade,
  seed          text not null,
  share         numeric not null,
  sampled       text[] not null,
  reasons       jsonb not null,           -- agency id → why it was sampled (overdue, listed, random)
  created_by    text not null,
  created_at    timestamptz not null default now()
);

create table spot_check_records (
  spot_check_id  text not null references spot_checks(id) on delete cascade,
  agency_id      text not null,
  omissions      boolean not null,        -- 问题清单是否有遗漏
  accurate       boolean not null,        -- 相关情况是否准确、属实
  note           text,
  finding_items  text[] not null default '{}',
  checked_by     text not null,
  checked_at     timestamptz not null default now(),
  primary key (spot_check_id, agency_id)
);
