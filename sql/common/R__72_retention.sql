-- Drops the chunks of a hypertable that lie wholly before `keep` ago, the oldest first and at most
-- `at_most` of them: one transaction locks every chunk it drops, and a month of imported history
-- (a chunk per 20 minutes) at once would run out of lock slots ("out of shared memory") and fail
-- every run. The rest goes in the runs that follow. Returns how many were dropped.
CREATE OR REPLACE FUNCTION webtop_drop_old_chunks(hypertable regclass, keep interval, at_most integer)
RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    cutoff timestamptz := now() - keep;
    until timestamptz;
    dropped integer;
BEGIN
    SELECT c.range_end INTO until
      FROM timescaledb_information.chunks c
     WHERE format('%I.%I', c.hypertable_schema, c.hypertable_name)::regclass = hypertable
       AND c.range_end <= cutoff
     ORDER BY c.range_end
     LIMIT 1 OFFSET at_most - 1;
    SELECT count(*) INTO dropped FROM drop_chunks(hypertable, older_than => coalesce(until, cutoff));
    RETURN dropped;
END
$$;
