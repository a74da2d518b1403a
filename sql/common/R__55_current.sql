-- Recomputes domain_current as of `at`: the classification of monitor_traffic_patterns, the
-- previous minute and previous ten minutes, the last and previous hour and day (from the
-- 10-minute level, ending at a ten-minute boundary), and hits per minute over the last 30 whole
-- minutes, oldest first. Domains without traffic in any of those windows leave the table, and
-- domain_live forgets minutes before the previous one.
CREATE OR REPLACE FUNCTION webtop_refresh_current(at timestamptz DEFAULT now()) RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    minute    timestamptz := time_bucket(INTERVAL '1 minute', at);
    ten       timestamptz := time_bucket(INTERVAL '10 minutes', at);
    refreshed integer;
BEGIN
    INSERT INTO domain_current AS d
    WITH classified AS (
        SELECT * FROM monitor_traffic_patterns(at)
    ), minutes AS (
        SELECT s.domain,
               coalesce(sum(s.hits) FILTER (WHERE s.bucket = minute - INTERVAL '2 minutes'), 0) AS previous_1m,
               coalesce(sum(s.hits) FILTER (WHERE s.bucket >= minute - INTERVAL '20 minutes'
                                              AND s.bucket < minute - INTERVAL '10 minutes'), 0) AS previous_10m,
               array_agg(s.bucket ORDER BY s.bucket) AS buckets,
               array_agg(s.hits ORDER BY s.bucket) AS hits
          FROM domain_stats_1m s
         WHERE s.bucket >= minute - INTERVAL '30 minutes' AND s.bucket < minute
         GROUP BY s.domain
    ), tens AS (
        SELECT s.domain,
               coalesce(sum(s.hits) FILTER (WHERE s.bucket >= ten - INTERVAL '1 hour'), 0) AS window_1h,
               coalesce(sum(s.hits) FILTER (WHERE s.bucket >= ten - INTERVAL '2 hours'
                                              AND s.bucket < ten - INTERVAL '1 hour'), 0) AS previous_1h,
               coalesce(sum(s.hits) FILTER (WHERE s.bucket >= ten - INTERVAL '1 day'), 0) AS window_1d,
               coalesce(sum(s.hits) FILTER (WHERE s.bucket < ten - INTERVAL '1 day'), 0) AS previous_1d
          FROM domain_stats_10m s
         WHERE s.bucket >= ten - INTERVAL '2 days' AND s.bucket < ten
         GROUP BY s.domain
    ), domains AS (
        SELECT domain FROM classified UNION SELECT domain FROM tens
    )
    SELECT n.domain, at,
           coalesce(c.hits_last_minute, 0), coalesce(c.hits_last_10_minutes, 0),
           coalesce(c.hits_last_hour, 0),
           coalesce(m.previous_1m, 0), coalesce(m.previous_10m, 0),
           coalesce(t.window_1h, 0), coalesce(t.previous_1h, 0),
           coalesce(t.window_1d, 0), coalesce(t.previous_1d, 0),
           coalesce(c.traffic_level, 'Low'), coalesce(c.trend, 'Stable'),
           coalesce(c.is_burst, false), coalesce(c.baseline_median, 0),
           ARRAY(SELECT coalesce(m.hits[array_position(m.buckets, g.minute)], 0)
                   FROM generate_series(minute - INTERVAL '30 minutes', minute - INTERVAL '1 minute',
                                        INTERVAL '1 minute') AS g (minute)
                  ORDER BY g.minute)
      FROM domains n
      LEFT JOIN classified c ON c.domain = n.domain
      LEFT JOIN minutes m ON m.domain = n.domain
      LEFT JOIN tens t ON t.domain = n.domain
    ON CONFLICT (domain) DO UPDATE
        SET computed_at = EXCLUDED.computed_at, hits_1m = EXCLUDED.hits_1m,
            hits_10m = EXCLUDED.hits_10m, hits_1h = EXCLUDED.hits_1h,
            previous_1m = EXCLUDED.previous_1m, previous_10m = EXCLUDED.previous_10m,
            window_1h = EXCLUDED.window_1h, previous_1h = EXCLUDED.previous_1h,
            window_1d = EXCLUDED.window_1d, previous_1d = EXCLUDED.previous_1d,
            traffic_level = EXCLUDED.traffic_level, trend = EXCLUDED.trend,
            is_burst = EXCLUDED.is_burst, baseline_median = EXCLUDED.baseline_median,
            last_30_minutes = EXCLUDED.last_30_minutes;
    GET DIAGNOSTICS refreshed = ROW_COUNT;
    DELETE FROM domain_current WHERE computed_at <> at;
    DELETE FROM domain_live l WHERE l.minute < time_bucket(INTERVAL '1 minute', now()) - INTERVAL '1 minute';
    RETURN refreshed;
END
$$;

CREATE OR REPLACE PROCEDURE webtop_refresh_current_job(job_id integer, config jsonb)
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM webtop_refresh_current();
END
$$;
