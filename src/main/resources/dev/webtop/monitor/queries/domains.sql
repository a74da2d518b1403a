-- Every domain with traffic in the last hour or in the chosen window: the classification of
-- monitor_traffic_patterns, hits in the window and in the period of the same length before it,
-- and its hits per minute over the last 30 complete minutes (as minutes-ago and hits arrays).
-- Parameters in order: reading time; window start (twice); previous period start; window end;
-- current minute; first sparkline minute; current minute. {level} is the aggregate level that fits
-- the window.
WITH classified AS (
    SELECT * FROM monitor_traffic_patterns(?::timestamptz)
), windowed AS (
    SELECT s.domain,
           coalesce(sum(s.hits) FILTER (WHERE s.bucket >= ?::timestamptz), 0)::bigint AS window_hits,
           coalesce(sum(s.hits) FILTER (WHERE s.bucket < ?::timestamptz), 0)::bigint AS previous_hits
      FROM {level} s
     WHERE s.bucket >= ?::timestamptz AND s.bucket < ?::timestamptz
     GROUP BY s.domain
), minutes AS (
    SELECT s.domain,
           array_agg((extract(epoch FROM ?::timestamptz - s.bucket) / 60)::integer ORDER BY s.bucket) AS ago,
           array_agg(s.hits ORDER BY s.bucket) AS hits
      FROM domain_stats_1m s
     WHERE s.bucket >= ?::timestamptz AND s.bucket < ?::timestamptz
     GROUP BY s.domain
)
SELECT coalesce(c.domain, w.domain) AS domain,
       coalesce(c.hits_last_minute, 0), coalesce(c.hits_last_10_minutes, 0),
       coalesce(c.hits_last_hour, 0), coalesce(w.window_hits, 0), coalesce(w.previous_hits, 0),
       coalesce(c.traffic_level, 'Low'), coalesce(c.trend, 'Stable'), coalesce(c.is_burst, false),
       coalesce(c.baseline_median, 0), m.ago, m.hits
  FROM classified c
  FULL JOIN windowed w ON w.domain = c.domain
  LEFT JOIN minutes m ON m.domain = coalesce(c.domain, w.domain)
