-- The API keeps hot reads in memory (api/readCache.ts) and forgets them when these notifications say the data behind
-- them changed. pg_notify sends once per transaction for the same channel and payload, so a bulk write costs one.

-- A key changed (only revocation changes one): the API drops its cached principal at once.
create function notify_api_key_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('api_key_changed', old.token_hash);
  return null;
end
$$;
create trigger api_key_changed after update or delete on api_keys
  for each row execute function notify_api_key_changed();

-- Anything a campaign's cached reads show (agencies, ledger, submissions, reminders, referrals, complaints, spot checks).
create function notify_campaign_row_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('campaign_changed', coalesce(new.id, old.id));
  return null;
end
$$;
create trigger campaign_changed after update or delete on campaigns for each row execute function notify_campaign_row_changed();

create function notify_campaign_changed() returns trigger language plpgsql as $$
begin
  if coalesce(new.campaign_id, old.campaign_id) is not null then
    perform pg_notify('campaign_changed', coalesce(new.campaign_id, old.campaign_id));
  end if;
  return null;
end
$$;
create trigger campaign_changed after insert or update or delete on agencies for each row execute function notify_campaign_changed();
create trigger campaign_changed after insert or update or delete on ledger_items for each row execute function notify_campaign_changed();
create trigger campaign_changed after insert or update or delete on submissions for each row execute function notify_campaign_changed();
create trigger campaign_changed after insert or update or delete on checklist_answers for each row execute function notify_campaign_changed();
create trigger campaign_changed after insert or update or delete on deadline_events for each row execute function notify_campaign_changed();
create trigger campaign_changed after insert or update or delete on referrals for each row execute function notify_campaign_changed();
create trigger campaign_changed after insert or update or delete on complaints for each row execute function notify_campaign_changed();
create trigger campaign_changed after insert or update or delete on spot_checks for each row execute function notify_campaign_changed();
