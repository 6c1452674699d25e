-- The organisation registry (SPEC §10): jurisdictions and agencies exist once, not inside each campaign, and every
-- scope decision reads them (services/scope.ts). The per-campaign `jurisdictions` and `agencies` tables stay as each
-- campaign's copy (agencies carries its workflow's projection); the registry says where each id belongs.

create table org_jurisdictions (
  id             text primary key,
  name           text not null,
  parent_id      text references org_jurisdictions(id),
  path           text[] not null,           -- ids from the root down to this one; rewritten for a subtree when it moves
  notice_prefix  text,                      -- the issuing authority's code in notice numbers, e.g. 卫法督 (〔2027〕12号)
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  check (path[array_length(path, 1)] = id)
);
-- "j = any(path)" (a subtree) is answered from this index.
create index org_jurisdictions_by_path on org_jurisdictions using gin (path);
create index org_jurisdictions_by_parent on org_jurisdictions (parent_id);

create table org_agencies (
  id               text primary key,
  name             text not null,
  jurisdiction_id  text not null references org_jurisdictions(id),
  credit_code      text unique,             -- 统一社会信用代码 (GB 32100-2015), check character validated by the API
  contact          jsonb,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
create index org_agencies_by_jurisdiction on org_agencies (jurisdiction_id, name);

-- What the migration below found two campaigns disagreeing about: the first campaign (by creation) was kept.
create table org_registry_conflicts (
  kind               text not null check (kind in ('jurisdiction', 'agency')),
  id                 text not null,
  kept_campaign_id   text not null,
  kept               jsonb not null,
  other_campaign_id  text not null,
  other              jsonb not null,
  found_at           timestamptz not null default now()
);

-- Existing campaigns' trees: each id as its first campaign defines it. A node's parent appears in the same campaign,
-- so it was first defined no later than the node itself: the parent chain always ends at a root, never in a cycle.
with recursive firsts as (
  select distinct on (j.id) j.id, j.name, j.parent_id
  from jurisdictions j join campaigns c on c.id = j.campaign_id
  order by j.id, c.created_at, c.id
), tree as (
  select id, name, parent_id, array[id] as path from firsts where parent_id is null
  union all
  select f.id, f.name, f.parent_id, t.path || f.id from firsts f join tree t on f.parent_id = t.id
)
insert into org_jurisdictions (id, name, parent_id, path) select id, name, parent_id, path from tree;

insert into org_agencies (id, name, jurisdiction_id, contact)
select distinct on (a.id) a.id, a.name, a.jurisdiction_id, a.contact
from agencies a join campaigns c on c.id = a.campaign_id
order by a.id, c.created_at, c.id;

-- The disagreements, against the kept (first) definition.
with ranked as (
  select j.*, row_number() over (partition by j.id order by c.created_at, c.id) as n
  from jurisdictions j join campaigns c on c.id = j.campaign_id
)
insert into org_registry_conflicts (kind, id, kept_campaign_id, kept, other_campaign_id, other)
select 'jurisdiction', o.id, k.campaign_id, jsonb_build_object('name', k.name, 'parentId', k.parent_id),
       o.campaign_id, jsonb_build_object('name', o.name, 'parentId', o.parent_id)
from ranked o join ranked k on k.id = o.id and k.n = 1
where o.n > 1 and (o.name, o.parent_id) is distinct from (k.name, k.parent_id);

with ranked as (
  select a.campaign_id, a.id, a.name, a.jurisdiction_id, row_number() over (partition by a.id order by c.created_at, c.id) as n
  from agencies a join campaigns c on c.id = a.campaign_id
)
insert into org_registry_conflicts (kind, id, kept_campaign_id, kept, other_campaign_id, other)
select 'agency', o.id, k.campaign_id, jsonb_build_object('name', k.name, 'jurisdictionId', k.jurisdiction_id),
       o.campaign_id, jsonb_build_object('name', o.name, 'jurisdictionId', o.jurisdiction_id)
from ranked o join ranked k on k.id = o.id and k.n = 1
where o.n > 1 and o.jurisdiction_id <> k.jurisdiction_id;

-- Zhongwei's bureau numbers its notices 卫法督〔year〕n号 (the 2020 plan); other bureaus set theirs in the registry.
update org_jurisdictions set notice_prefix = '卫法督' where id = 'zhongwei';

do $$
declare
  c record;
  n integer := 0;
begin
  for c in select * from org_registry_conflicts order by kind, id, other_campaign_id loop
    n := n + 1;
    raise notice 'registry: % "%" kept as in campaign % (%), campaign % said %',
      c.kind, c.id, c.kept_campaign_id, c.kept, c.other_campaign_id, c.other;
  end loop;
  raise notice 'registry: % jurisdictions, % agencies migrated; % conflicts (table org_registry_conflicts)',
    (select count(*) from org_jurisdictions), (select count(*) from org_agencies), n;
end $$;
