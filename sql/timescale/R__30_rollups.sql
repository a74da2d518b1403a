-- Continuous aggregates notice changes to old rows themselves; this exists so that writers of old
-- rows call one function on both editions.
CREATE OR REPLACE FUNCTION webtop_rollup_backfill(since timestamptz) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    NULL;
END
$$;
