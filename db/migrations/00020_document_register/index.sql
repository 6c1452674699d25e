-- The register of issued documents (发文登记簿, SPEC §14): every document a bureau issues is one row of `notices`,
-- whatever issued it (the ladder, 摘牌, 通报, the assessment). services/documents/register.ts writes it.

-- A document is reached by a random id, never by its serial: ids in links and routes cannot be enumerated.
alter table notices add column public_id text;
update notices set public_id = 'd' || replace(gen_random_uuid()::text, '-', '');
alter table notices alter column public_id set not null;
alter table notices add constraint notices_public_id_key unique (public_id);

-- Kinds by their ids (domain/documents.ts), no longer by their Chinese names.
update notices set kind = case kind
  when '督办通知' then 'supervision_notice'
  when '挂牌督办通知书' then 'listed_supervision'
  when '移送函' then 'referral_letter'
  else kind end;

-- 代字: each issuing authority numbers each 代字's documents on a yearly sequence of their own (卫法督 for notices,
-- 卫法函 for letters, 卫法通 for 通报). The code is the number's head: 卫法督〔2027〕3号 → 卫法督.
alter table notices add column code text;
update notices set code = substring(number from '^(.*)〔');
alter table notices alter column code set not null;
alter table notices drop constraint notices_issuer_id_year_serial_key;
alter table notices add constraint notices_one_number unique (issuer_id, code, year, serial);
alter table notices add constraint notices_number_key unique (number, issuer_id);

alter table notice_serials add column code text;
update notice_serials s set code = coalesce(
  (select n.code from notices n where n.issuer_id = s.issuer_id and n.year = s.year order by n.serial desc limit 1), '');
alter table notice_serials alter column code set not null;
alter table notice_serials drop constraint notice_serials_pkey;
alter table notice_serials add primary key (issuer_id, code, year);

-- What makes a document one: the ladder's (campaign, addressee, kind, day) or the caller's own key (摘牌 of one
-- listing, 通报 of one disposal); a retried or second worker's issue finds the first.
alter table notices add column dedupe_key text;
update notices set dedupe_key = 'legacy:' || id;
alter table notices alter column dedupe_key set not null;
alter table notices add constraint notices_dedupe_key_key unique (dedupe_key);
alter table notices drop constraint notices_campaign_id_agency_id_step_issue_day_grouping_key_key;

-- What the document says and to whom. The jurisdiction whose scope the document's subject lies in decides who reads it.
alter table notices
  add column title              text not null default '',
  add column addressee          jsonb,                       -- {kind: agency | jurisdiction | commission, id, name}
  add column matters            jsonb not null default '[]', -- [{subject: {kind, id}, step, name, deadline?}]
  add column body               jsonb,                       -- paragraphs given by the issuer; null: composed from the matters
  add column scope_jurisdiction text,
  add column drill              boolean not null default false,
  -- 签收: due by (null: none asked), signed when and by whom; 催办: how often, last when
  add column receipt_due_at     timestamptz,
  add column signed_at          timestamptz,
  add column signed_by          text,
  add column signed_by_name     text,
  add column chased             integer not null default 0,
  add column last_chased_at     timestamptz;
alter table notices alter column step drop not null;
alter table notices alter column grouping_key set default '';

-- Rows issued before: their matters and addressee from their events, their scope from the agency.
update notices n set
  matters = coalesce((select jsonb_agg(jsonb_build_object('subject', jsonb_build_object('kind', e.subject_kind, 'id', e.subject_id),
                                                          'step', e.step, 'name', e.subject_id, 'deadline', e.deadline) order by e.id)
                      from deadline_events e where e.notice_id = n.id), '[]'),
  scope_jurisdiction = coalesce((select a.jurisdiction_id from agencies a where a.campaign_id = n.campaign_id and a.id = n.agency_id),
                                (select c.jurisdiction->>'id' from campaigns c where c.id = n.campaign_id));
update notices n set addressee = case when n.kind = 'referral_letter'
    then jsonb_build_object('kind', 'commission', 'id', n.scope_jurisdiction, 'name', '纪委监委')
    else jsonb_build_object('kind', 'agency', 'id', n.agency_id,
      'name', coalesce((select a.name from agencies a where a.campaign_id = n.campaign_id and a.id = n.agency_id), n.agency_id)) end;
alter table notices alter column addressee set not null;
alter table notices alter column scope_jurisdiction set not null;
create index notices_by_scope on notices (scope_jurisdiction, issued_at desc);
create index notices_unsigned on notices (receipt_due_at) where signed_at is null and receipt_due_at is not null;

-- The registry keeps each authority's 代字 per kind group (domain/documents.ts DOCUMENT_CODE_GROUPS); null: derived
-- from its notice prefix (卫法督 → 卫法函, 卫法通).
alter table org_jurisdictions add column document_codes jsonb;

-- A referral of a complaint naming no agency lies in the complaint's investigating jurisdiction: the commission
-- above it reads it (it had none, so no commission saw it).
update referrals r set jurisdiction_id = coalesce(c.jurisdiction_id, (select jurisdiction->>'id' from campaigns where id = r.campaign_id))
from complaints c where r.jurisdiction_id is null and r.subject_kind = 'complaint' and c.id = r.subject_id;
