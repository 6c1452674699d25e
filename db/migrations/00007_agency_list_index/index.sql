-- The agency list is ordered by next deadline with agencies that have none last (docs/BENCHMARKS.md: the list route
-- sorted 10,000 rows per request without it).
create index agencies_by_next_deadline_sort on agencies (campaign_id, (coalesce(next_deadline_at, 'infinity'::timestamptz)), id);
