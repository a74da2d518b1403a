-- The Apache edition has no continuous aggregates. Its three levels are tables that webtop's
-- writers keep exact themselves: every batch adds its counts per domain and minute to all three
-- in the transaction that stores its rows (webtop_count_minutes, called by webtop_record_batch),
-- whatever the rows' age. Nothing waits for a job to be counted, so a late line, a backfilled
-- log or last week's batch is in every level the moment it is committed. Rows that other
-- programs write into logs are counted by CALL webtop_aggregate_range(from, to).

DROP PROCEDURE IF EXISTS webtop_refresh_rollups(integer, jsonb);
DROP FUNCTION IF EXISTS webtop_rollup_backfill(timestamptz);
DROP FUNCTION IF EXISTS webtop_rollup_level(text, timestamptz, timestamptz);

-- Same names and columns as the community edition's continuous aggregates.
CREATE OR REPLACE VIEW domain_stats_1m AS
SELECT bucket, domain, hits, bot_hits, errors_4xx, errors_5xx, bytes, response_ms_sum,
       response_ms_count, response_ms_max
  FROM domain_stats_1m_rollup;

CREATE OR REPLACE VIEW domain_stats_10m AS
SELECT bucket, domain, hits, bot_hits, errors_4xx, errors_5xx, bytes, response_ms_sum,
       response_ms_count, response_ms_max
  FROM domain_stats_10m_rollup;

CREATE OR REPLACE VIEW domain_stats_1d AS
SELECT bucket, domain, hits, bot_hits, errors_4xx, errors_5xx, bytes, response_ms_sum,
       response_ms_count, response_ms_max
  FROM domain_stats_1d_rollup;

DROP FUNCTION IF EXISTS webtop_watermark(text);

-- Adds counts per domain and minute (parallel arrays) to the three levels, in the caller's
-- transaction. Returns the range still to aggregate after commit: none here (the community
-- edition's writers refresh what they wrote).
CREATE OR REPLACE FUNCTION webtop_count_minutes(domains text[], minutes timestamptz[], hits bigint[],
                                                bot_hits bigint[], errors_4xx bigint[],
                                                errors_5xx bigint[], bytes bigint[],
                                                response_ms_sum bigint[], response_ms_count bigint[],
                                                response_ms_max integer[])
RETURNS tstzrange
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    level record;
BEGIN
    FOR level IN VALUES ('domain_stats_1m_rollup', INTERVAL '1 minute'),
                        ('domain_stats_10m_rollup', INTERVAL '10 minutes'),
                        ('domain_stats_1d_rollup', INTERVAL '1 day') LOOP
        -- rows are taken in key order, so concurrent writers never deadlock
        EXECUTE format($sql$
            INSERT INTO %I AS r
            SELECT time_bucket(%L::interval, m.minute), m.domain, sum(m.hits), sum(m.bot_hits),
                   sum(m.errors_4xx), sum(m.errors_5xx), sum(m.bytes), sum(m.response_ms_sum),
                   sum(m.response_ms_count), max(m.response_ms_max)
              FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                   AS m (domain, minute, hits, bot_hits, errors_4xx, errors_5xx, bytes,
                         response_ms_sum, response_ms_count, response_ms_max)
             GROUP BY 1, 2
             ORDER BY 1, 2
            ON CONFLICT (bucket, domain) DO UPDATE
               SET hits = r.hits + EXCLUDED.hits, bot_hits = r.bot_hits + EXCLUDED.bot_hits,
                   errors_4xx = r.errors_4xx + EXCLUDED.errors_4xx,
                   errors_5xx = r.errors_5xx + EXCLUDED.errors_5xx,
                   bytes = r.bytes + EXCLUDED.bytes,
                   response_ms_sum = r.response_ms_sum + EXCLUDED.response_ms_sum,
                   response_ms_count = r.response_ms_count + EXCLUDED.response_ms_count,
                   response_ms_max = greatest(r.response_ms_max, EXCLUDED.response_ms_max)
            $sql$, level.column1, level.column2)
        USING domains, minutes, hits, bot_hits, errors_4xx, errors_5xx, bytes, response_ms_sum,
              response_ms_count, response_ms_max;
    END LOOP;
    RETURN NULL;
END
$$;

-- Counts the raw rows in [from_time, to_time) that the levels do not hold yet: rows other
-- programs wrote into logs. Each minute still fully kept as raw rows is compared with the
-- 1-minute level and only the difference is added, to all three levels, so a level never loses
-- what retention already dropped from the raw table, and a second call changes nothing. Writers
-- wait while it runs, so that none of their rows is counted twice or missed.
CREATE OR REPLACE PROCEDURE webtop_aggregate_range(from_time timestamptz, to_time timestamptz)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    kept_from timestamptz := (SELECT time_bucket(INTERVAL '1 minute', min(time)) FROM logs);
    lo timestamptz := greatest(time_bucket(INTERVAL '1 minute', from_time), kept_from);
    hi timestamptz := time_bucket(INTERVAL '1 minute', to_time) + INTERVAL '1 minute';
    d record;
BEGIN
    IF lo IS NULL OR lo >= hi THEN
        RETURN;
    END IF;
    LOCK TABLE domain_stats_1m_rollup IN SHARE ROW EXCLUSIVE MODE;
    SELECT array_agg(domain) AS domains, array_agg(bucket) AS minutes,
           array_agg(hits) AS hits, array_agg(bot_hits) AS bot_hits,
           array_agg(errors_4xx) AS errors_4xx, array_agg(errors_5xx) AS errors_5xx,
           array_agg(bytes) AS bytes, array_agg(response_ms_sum) AS response_ms_sum,
           array_agg(response_ms_count) AS response_ms_count,
           array_agg(response_ms_max) AS response_ms_max
      INTO d
      FROM (SELECT coalesce(r.bucket, s.bucket) AS bucket, coalesce(r.domain, s.domain) AS domain,
                   coalesce(r.hits, 0) - coalesce(s.hits, 0) AS hits,
                   coalesce(r.bot_hits, 0) - coalesce(s.bot_hits, 0) AS bot_hits,
                   coalesce(r.errors_4xx, 0) - coalesce(s.errors_4xx, 0) AS errors_4xx,
                   coalesce(r.errors_5xx, 0) - coalesce(s.errors_5xx, 0) AS errors_5xx,
                   coalesce(r.bytes, 0) - coalesce(s.bytes, 0) AS bytes,
                   coalesce(r.response_ms_sum, 0) - coalesce(s.response_ms_sum, 0) AS response_ms_sum,
                   coalesce(r.response_ms_count, 0) - coalesce(s.response_ms_count, 0) AS response_ms_count,
                   r.response_ms_max
              FROM (SELECT time_bucket(INTERVAL '1 minute', time) AS bucket, domain, count(*) AS hits,
                           count(*) FILTER (WHERE is_bot) AS bot_hits,
                           count(*) FILTER (WHERE status BETWEEN 400 AND 499) AS errors_4xx,
                           count(*) FILTER (WHERE status >= 500) AS errors_5xx,
                           coalesce(sum(bytes), 0)::bigint AS bytes,
                           coalesce(sum(response_ms), 0)::bigint AS response_ms_sum,
                           count(response_ms) AS response_ms_count, max(response_ms) AS response_ms_max
                      FROM logs
                     WHERE time >= lo AND time < hi
                     GROUP BY 1, 2) r
              FULL JOIN (SELECT * FROM domain_stats_1m_rollup WHERE bucket >= lo AND bucket < hi) s
                ON s.bucket = r.bucket AND s.domain = r.domain
             WHERE r.hits IS DISTINCT FROM s.hits OR r.bot_hits IS DISTINCT FROM s.bot_hits
                OR r.errors_4xx IS DISTINCT FROM s.errors_4xx OR r.errors_5xx IS DISTINCT FROM s.errors_5xx
                OR r.bytes IS DISTINCT FROM s.bytes OR r.response_ms_sum IS DISTINCT FROM s.response_ms_sum
                OR r.response_ms_count IS DISTINCT FROM s.response_ms_count
                OR r.response_ms_max IS DISTINCT FROM s.response_ms_max) difference;
    IF d.domains IS NOT NULL THEN
        PERFORM webtop_count_minutes(d.domains, d.minutes, d.hits, d.bot_hits, d.errors_4xx,
                                     d.errors_5xx, d.bytes, d.response_ms_sum, d.response_ms_count,
                                     d.response_ms_max);
        -- a bucket left without hits held only rows deleted by hand
        DELETE FROM domain_stats_1m_rollup WHERE hits <= 0 AND bucket >= lo AND bucket < hi;
        DELETE FROM domain_stats_10m_rollup WHERE hits <= 0 AND bucket >= time_bucket(INTERVAL '10 minutes', lo) AND bucket < hi;
        DELETE FROM domain_stats_1d_rollup WHERE hits <= 0 AND bucket >= time_bucket(INTERVAL '1 day', lo) AND bucket < hi;
    END IF;
END
$$;
