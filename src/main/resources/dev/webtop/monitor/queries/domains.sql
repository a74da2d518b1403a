-- The busiest active domains as the webtop-current job last computed them (table domain_current),
-- with their hits in the minute under way (domain_live, counted by the writers as they commit),
-- filtered and sorted as the dashboard shows them, with how many match, the window's total over
-- every domain and when domain_current was computed. A domain seen only this minute is listed
-- with zeros until the job counts its first complete minute. The order and limit are found on
-- the narrow columns first, so that only the rows shown carry their sparkline arrays. {window}
-- and {previous} are the chosen window's columns, {order} the sort. A source (or null) keeps to
-- domains with traffic from it in the last day (domain_sources). Parameters: the filter regex
-- (or null) twice, the source twice, the row limit.
WITH live AS (
    SELECT domain, hits FROM domain_live WHERE minute = time_bucket(INTERVAL '1 minute', now())
), everyone AS (
    SELECT coalesce(c.domain, l.domain) AS domain, coalesce(l.hits, 0) AS hits_now,
           coalesce(c.hits_1m, 0) AS hits_1m, coalesce(c.hits_10m, 0) AS hits_10m,
           coalesce(c.hits_1h, 0) AS hits_1h, coalesce(c.previous_1m, 0) AS previous_1m,
           coalesce(c.previous_10m, 0) AS previous_10m, coalesce(c.window_1h, 0) AS window_1h,
           coalesce(c.previous_1h, 0) AS previous_1h, coalesce(c.window_1d, 0) AS window_1d,
           coalesce(c.previous_1d, 0) AS previous_1d
      FROM domain_current c
      FULL JOIN live l ON l.domain = c.domain
), matching AS (
    SELECT *
      FROM everyone
     WHERE (?::text IS NULL OR domain ~* ?::text)
       AND (?::text IS NULL OR domain IN (SELECT domain FROM domain_sources
                                           WHERE source = ?::text AND last_seen >= now() - INTERVAL '1 day'))
), shown AS (
    SELECT * FROM matching ORDER BY {order} LIMIT ?
)
SELECT domain, hits_1m, hits_10m, hits_1h, {window}, {previous}, traffic_level, trend, is_burst,
       baseline_median, last_30_minutes, hits_now, totals.computed_at,
       (SELECT count(*) FROM matching), totals.window_hits
  FROM (SELECT s.*, coalesce(c.traffic_level, 'Low') AS traffic_level, coalesce(c.trend, 'Stable') AS trend,
               coalesce(c.is_burst, false) AS is_burst, coalesce(c.baseline_median, 0) AS baseline_median,
               coalesce(c.last_30_minutes, array_fill(0::bigint, ARRAY[30])) AS last_30_minutes
          FROM shown s
          LEFT JOIN domain_current c ON c.domain = s.domain) shown_rows
 CROSS JOIN (SELECT max(computed_at) AS computed_at, sum({window}) AS window_hits FROM domain_current) totals
 ORDER BY {order}
