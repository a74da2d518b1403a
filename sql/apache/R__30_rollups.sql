-- Where the rollup table of one level is complete: buckets before it are materialised.
CREATE OR REPLACE FUNCTION webtop_watermark(rollup_level text) RETURNS timestamptz
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $$
    SELECT watermark FROM webtop_rollup_watermarks WHERE level = rollup_level
$$;

-- Same names and columns as the community edition's continuous aggregates: materialised buckets
-- from the rollup table, the rest computed on the fly from the level below (raw rows for 1m).
CREATE OR REPLACE VIEW domain_stats_1m AS
SELECT bucket, domain, hits, bot_hits, errors_4xx, errors_5xx, bytes, response_ms_sum,
       response_ms_count, response_ms_max
  FROM domain_stats_1m_rollup
 WHERE bucket < webtop_watermark('1m')
UNION ALL
SELECT time_bucket(INTERVAL '1 minute', time), domain, count(*),
       count(*) FILTER (WHERE is_bot),
       count(*) FILTER (WHERE status BETWEEN 400 AND 499),
       count(*) FILTER (WHERE status >= 500),
       coalesce(sum(bytes), 0)::bigint, coalesce(sum(response_ms), 0)::bigint,
       count(response_ms), max(response_ms)
  FROM logs
 WHERE time >= webtop_watermark('1m')
 GROUP BY 1, 2;

CREATE OR REPLACE VIEW domain_stats_10m AS
SELECT bucket, domain, hits, bot_hits, errors_4xx, errors_5xx, bytes, response_ms_sum,
       response_ms_count, response_ms_max
  FROM domain_stats_10m_rollup
 WHERE bucket < webtop_watermark('10m')
UNION ALL
SELECT time_bucket(INTERVAL '10 minutes', bucket), domain, sum(hits)::bigint,
       sum(bot_hits)::bigint, sum(errors_4xx)::bigint, sum(errors_5xx)::bigint,
       sum(bytes)::bigint, sum(response_ms_sum)::bigint, sum(response_ms_count)::bigint,
       max(response_ms_max)
  FROM domain_stats_1m
 WHERE bucket >= webtop_watermark('10m')
 GROUP BY 1, 2;

CREATE OR REPLACE VIEW domain_stats_1d AS
SELECT bucket, domain, hits, bot_hits, errors_4xx, errors_5xx, bytes, response_ms_sum,
       response_ms_count, response_ms_max
  FROM domain_stats_1d_rollup
 WHERE bucket < webtop_watermark('1d')
UNION ALL
SELECT time_bucket(INTERVAL '1 day', bucket), domain, sum(hits)::bigint,
       sum(bot_hits)::bigint, sum(errors_4xx)::bigint, sum(errors_5xx)::bigint,
       sum(bytes)::bigint, sum(response_ms_sum)::bigint, sum(response_ms_count)::bigint,
       max(response_ms_max)
  FROM domain_stats_10m
 WHERE bucket >= webtop_watermark('1d')
 GROUP BY 1, 2;

-- Re-aggregates one level over [lo, hi) from its source, overwriting what was there: a job that
-- runs twice, or a row that arrives late, still leaves exact counts.
CREATE OR REPLACE FUNCTION webtop_rollup_level(rollup_level text, lo timestamptz, hi timestamptz)
RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    IF lo IS NULL OR lo >= hi THEN
        RETURN;
    END IF;
    IF rollup_level = '1m' THEN
        DELETE FROM domain_stats_1m_rollup WHERE bucket >= lo AND bucket < hi;
        INSERT INTO domain_stats_1m_rollup
        SELECT time_bucket(INTERVAL '1 minute', time), domain, count(*),
               count(*) FILTER (WHERE is_bot),
               count(*) FILTER (WHERE status BETWEEN 400 AND 499),
               count(*) FILTER (WHERE status >= 500),
               coalesce(sum(bytes), 0), coalesce(sum(response_ms), 0),
               count(response_ms), max(response_ms)
          FROM logs
         WHERE time >= lo AND time < hi
         GROUP BY 1, 2;
    ELSIF rollup_level = '10m' THEN
        DELETE FROM domain_stats_10m_rollup WHERE bucket >= lo AND bucket < hi;
        INSERT INTO domain_stats_10m_rollup
        SELECT time_bucket(INTERVAL '10 minutes', bucket), domain, sum(hits), sum(bot_hits),
               sum(errors_4xx), sum(errors_5xx), sum(bytes), sum(response_ms_sum),
               sum(response_ms_count), max(response_ms_max)
          FROM domain_stats_1m_rollup
         WHERE bucket >= lo AND bucket < hi
         GROUP BY 1, 2;
    ELSE
        DELETE FROM domain_stats_1d_rollup WHERE bucket >= lo AND bucket < hi;
        INSERT INTO domain_stats_1d_rollup
        SELECT time_bucket(INTERVAL '1 day', bucket), domain, sum(hits), sum(bot_hits),
               sum(errors_4xx), sum(errors_5xx), sum(bytes), sum(response_ms_sum),
               sum(response_ms_count), max(response_ms_max)
          FROM domain_stats_10m_rollup
         WHERE bucket >= lo AND bucket < hi
         GROUP BY 1, 2;
    END IF;
END
$$;

-- The rollup job: brings each level up to date, touching only buckets that are new or within
-- rollup.lateness of the last run (never a full recompute). A level is complete only up to the
-- level below it, so 10m waits for 1m and 1d for 10m. The row locks serialise overlapping runs.
CREATE OR REPLACE PROCEDURE webtop_refresh_rollups(job_id integer, config jsonb)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    lateness  interval := webtop_setting('rollup.lateness')::interval;
    old_1m    timestamptz;
    old_10m   timestamptz;
    old_1d    timestamptz;
    new_1m    timestamptz := time_bucket(INTERVAL '1 minute', now());
    new_10m   timestamptz := time_bucket(INTERVAL '10 minutes', new_1m);
    new_1d    timestamptz := time_bucket(INTERVAL '1 day', new_10m);
    redo_1m   timestamptz;
    redo_10m  timestamptz;
    redo_1d   timestamptz;
BEGIN
    PERFORM 1 FROM webtop_rollup_watermarks ORDER BY level FOR UPDATE;
    SELECT watermark INTO old_1m FROM webtop_rollup_watermarks WHERE level = '1m';
    SELECT watermark INTO old_10m FROM webtop_rollup_watermarks WHERE level = '10m';
    SELECT watermark INTO old_1d FROM webtop_rollup_watermarks WHERE level = '1d';

    -- 1 minute, from raw rows; the first run starts at the oldest row
    IF old_1m = '-infinity' THEN
        redo_1m := (SELECT time_bucket(INTERVAL '1 minute', min(time)) FROM logs);
    ELSE
        redo_1m := time_bucket(INTERVAL '1 minute', old_1m - lateness);
    END IF;
    PERFORM webtop_rollup_level('1m', redo_1m, new_1m);

    -- 10 minutes: every bucket holding a minute just (re)written
    IF old_10m = '-infinity' THEN
        redo_10m := (SELECT time_bucket(INTERVAL '10 minutes', min(bucket)) FROM domain_stats_1m_rollup);
    ELSE
        redo_10m := time_bucket(INTERVAL '10 minutes', least(old_10m, coalesce(redo_1m, new_1m)));
    END IF;
    PERFORM webtop_rollup_level('10m', redo_10m, new_10m);

    -- 1 day, likewise from the 10-minute level
    IF old_1d = '-infinity' THEN
        redo_1d := (SELECT time_bucket(INTERVAL '1 day', min(bucket)) FROM domain_stats_10m_rollup);
    ELSE
        redo_1d := time_bucket(INTERVAL '1 day', least(old_1d, coalesce(redo_10m, new_10m)));
    END IF;
    PERFORM webtop_rollup_level('1d', redo_1d, new_1d);

    UPDATE webtop_rollup_watermarks
       SET watermark = CASE level WHEN '1m' THEN new_1m WHEN '10m' THEN new_10m ELSE new_1d END;
END
$$;

-- Rows written with old timestamps (initial data, an imported log, a pattern with a long
-- interval) may be older than the next rollup run looks: this moves the watermarks back, each to
-- its own bucket boundary, so that the views read those buckets from the level below until the
-- next run rolls them up again. Rows the next run will see anyway need nothing.
CREATE OR REPLACE FUNCTION webtop_rollup_backfill(since timestamptz) RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    IF since >= webtop_watermark('1m') - webtop_setting('rollup.lateness')::interval THEN
        RETURN;
    END IF;
    -- the same lock order as webtop_refresh_rollups
    PERFORM 1 FROM webtop_rollup_watermarks ORDER BY level FOR UPDATE;
    UPDATE webtop_rollup_watermarks
       SET watermark = least(watermark, CASE level
               WHEN '1m' THEN time_bucket(INTERVAL '1 minute', since)
               WHEN '10m' THEN time_bucket(INTERVAL '10 minutes', since)
               ELSE time_bucket(INTERVAL '1 day', since) END)
     WHERE watermark <> '-infinity';
END
$$;

-- Rolls the three levels up over [from_time, to_time) at once, for history just written
-- (webtop generate --from/--to): raw rows are kept only retention.raw, sooner than the rollup
-- job might reach back. Whole buckets of each level around the range are rewritten; the
-- watermarks stay where they are (views read rollup rows only below them).
CREATE OR REPLACE PROCEDURE webtop_aggregate_range(from_time timestamptz, to_time timestamptz)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM 1 FROM webtop_rollup_watermarks ORDER BY level FOR UPDATE;
    PERFORM webtop_rollup_level('1m', time_bucket(INTERVAL '1 minute', from_time),
        least(time_bucket(INTERVAL '1 minute', to_time) + INTERVAL '1 minute', webtop_watermark('1m')));
    PERFORM webtop_rollup_level('10m', time_bucket(INTERVAL '10 minutes', from_time),
        least(time_bucket(INTERVAL '10 minutes', to_time) + INTERVAL '10 minutes', webtop_watermark('10m')));
    PERFORM webtop_rollup_level('1d', time_bucket(INTERVAL '1 day', from_time),
        least(time_bucket(INTERVAL '1 day', to_time) + INTERVAL '1 day', webtop_watermark('1d')));
END
$$;
