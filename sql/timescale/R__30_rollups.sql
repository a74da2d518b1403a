-- Continuous aggregates notice changes to old rows themselves; this exists so that writers of old
-- rows call one function on both editions.
CREATE OR REPLACE FUNCTION webtop_rollup_backfill(since timestamptz) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    NULL;
END
$$;

-- Materialises the three levels over [from_time, to_time) at once, for history just written
-- (webtop generate --from/--to): raw rows are kept only retention.raw, and the refresh policies
-- look back minutes, not days. Whole buckets of each level around the range are refreshed.
CREATE OR REPLACE PROCEDURE webtop_aggregate_range(from_time timestamptz, to_time timestamptz)
LANGUAGE plpgsql
AS $$
BEGIN
    CALL refresh_continuous_aggregate('domain_stats_1m', time_bucket(INTERVAL '1 minute', from_time),
        time_bucket(INTERVAL '1 minute', to_time) + INTERVAL '1 minute');
    CALL refresh_continuous_aggregate('domain_stats_10m', time_bucket(INTERVAL '10 minutes', from_time),
        time_bucket(INTERVAL '10 minutes', to_time) + INTERVAL '10 minutes');
    CALL refresh_continuous_aggregate('domain_stats_1d', time_bucket(INTERVAL '1 day', from_time),
        time_bucket(INTERVAL '1 day', to_time) + INTERVAL '1 day');
END
$$;
