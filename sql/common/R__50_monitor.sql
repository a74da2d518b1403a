-- Traffic per domain as the dashboard classifies it, at a moment `at` (now by default).
--
-- Windows are whole minutes ending at the start of the minute that holds `at` (that minute is
-- still filling up): the last minute, the last 10 minutes, the last hour.
-- Level: High from monitor.high_per_minute hits in the last minute, Medium from
-- monitor.medium_per_minute, else Low.
-- Trend: the last w minutes (w = monitor.trend_window) against the w minutes before them, with
-- r = monitor.trend_ratio: Growing when recent > previous * r, Declining when recent * r <
-- previous, else Stable. Comparing products, not a quotient, needs no division: an empty previous
-- window with any recent traffic reads Growing, and two empty windows read Stable.
-- Burst: the last minute has more than monitor.burst_factor times the median per-minute hits of
-- the monitor.burst_baseline before it (minutes without traffic count as 0; a median of 0 counts
-- as 1, so that a handful of hits on a quiet domain is not a burst).
-- New: a domain whose traffic (within the last hour or more looked at) starts after the trend's
-- previous window or the burst baseline begins has no history to compare with: its trend reads
-- New and it is never a burst, until its history covers both.
CREATE OR REPLACE FUNCTION monitor_traffic_patterns(at timestamptz DEFAULT now())
RETURNS TABLE (
    domain               text,
    hits_last_minute     bigint,
    hits_last_10_minutes bigint,
    hits_last_hour       bigint,
    traffic_level        text,
    trend                text,
    is_burst             boolean,
    recent_hits          bigint,
    previous_hits        bigint,
    baseline_median      double precision
)
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $$
    WITH knobs AS (
        SELECT time_bucket(INTERVAL '1 minute', at) AS now_minute,
               webtop_setting('monitor.trend_window')::interval AS trend_window,
               webtop_setting('monitor.trend_ratio')::numeric AS ratio,
               webtop_setting('monitor.burst_factor')::numeric AS burst_factor,
               webtop_setting('monitor.burst_baseline')::interval AS baseline,
               webtop_setting('monitor.high_per_minute')::bigint AS high,
               webtop_setting('monitor.medium_per_minute')::bigint AS medium
    ), minutes AS (
        SELECT s.domain, s.bucket, s.hits
          FROM domain_stats_1m s, knobs k
         WHERE s.bucket >= k.now_minute - greatest(INTERVAL '1 hour', 2 * k.trend_window,
                                                   k.baseline + INTERVAL '1 minute')
           AND s.bucket < k.now_minute
    ), per_domain AS (
        SELECT m.domain,
               coalesce(sum(m.hits) FILTER (WHERE m.bucket = k.now_minute - INTERVAL '1 minute'), 0)::bigint AS last_minute,
               coalesce(sum(m.hits) FILTER (WHERE m.bucket >= k.now_minute - INTERVAL '10 minutes'), 0)::bigint AS last_10,
               coalesce(sum(m.hits) FILTER (WHERE m.bucket >= k.now_minute - INTERVAL '1 hour'), 0)::bigint AS last_hour,
               coalesce(sum(m.hits) FILTER (WHERE m.bucket >= k.now_minute - k.trend_window), 0)::bigint AS recent,
               coalesce(sum(m.hits) FILTER (WHERE m.bucket >= k.now_minute - 2 * k.trend_window
                                              AND m.bucket < k.now_minute - k.trend_window), 0)::bigint AS previous,
               min(m.bucket) FILTER (WHERE m.hits > 0)
                   > max(k.now_minute - greatest(2 * k.trend_window, k.baseline + INTERVAL '1 minute')) AS is_new
          FROM minutes m, knobs k
         GROUP BY m.domain
    ), baseline AS (
        SELECT d.domain,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(m.hits, 0)) AS median
          FROM per_domain d
         CROSS JOIN knobs k
         CROSS JOIN LATERAL generate_series(k.now_minute - INTERVAL '1 minute' - k.baseline,
                                            k.now_minute - INTERVAL '2 minutes',
                                            INTERVAL '1 minute') AS g (minute)
          LEFT JOIN minutes m ON m.domain = d.domain AND m.bucket = g.minute
         GROUP BY d.domain
    )
    SELECT d.domain, d.last_minute, d.last_10, d.last_hour,
           CASE WHEN d.last_minute >= k.high THEN 'High'
                WHEN d.last_minute >= k.medium THEN 'Medium'
                ELSE 'Low' END,
           CASE WHEN d.is_new THEN 'New'
                WHEN d.recent > d.previous * k.ratio THEN 'Growing'
                WHEN d.recent * k.ratio < d.previous THEN 'Declining'
                ELSE 'Stable' END,
           NOT d.is_new AND d.last_minute > k.burst_factor * greatest(b.median, 1),
           d.recent, d.previous, b.median
      FROM per_domain d
      JOIN baseline b USING (domain)
     CROSS JOIN knobs k
     WHERE d.last_hour > 0 OR d.recent > 0 OR d.previous > 0
     ORDER BY d.last_minute DESC, d.last_hour DESC, d.domain
$$;
